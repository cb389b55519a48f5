/** Starts the HTTP server: checks the bind address and token, listens, stops cleanly. */
import { serve, type ServerType } from '@hono/node-server';
import type { DuckDbMarketStore, LiquidationFeed } from '@cascade/adapters';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { createApp, type CascadeApp } from './app.js';
import type { ServerContext } from './context.js';
import { defaultDashboardDir } from './dashboard-files.js';
import { JobQueue } from './jobs/job-queue.js';
import { startLiveHub } from './live/live-hub.js';
import { bindRefusal, isLoopback } from './security.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8686;
export const SERVER_VERSION = '0.1.0';
/** How long a shutdown waits for running handlers before the caller closes the store. */
const SHUTDOWN_GRACE_MS = 15_000;

export interface ServeOptions {
  readonly store: DuckDbMarketStore;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly token?: string | undefined;
  /** Live liquidation feeds to stream (and store); none = the live endpoint answers 503. */
  readonly liveFeeds?: readonly LiquidationFeed[];
  readonly dashboardDir?: string;
  readonly logger?: Logger;
  readonly bodyLimitBytes?: number;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly app: CascadeApp;
  readonly context: ServerContext;
  close(): Promise<void>;
}

export class BindRefusedError extends Error {}

/** pino on stderr (stdout carries the URL); level from CASCADE_LOG_LEVEL, default info. */
export function defaultLogger(): Logger {
  return pino(
    { level: process.env['CASCADE_LOG_LEVEL'] ?? 'info', base: { service: 'cascade-server' } },
    pino.destination(2),
  );
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const refusal = bindRefusal(host, options.token);
  if (refusal !== null) throw new BindRefusedError(refusal);
  const logger = options.logger ?? defaultLogger();
  const feeds = options.liveFeeds ?? [];
  const context: ServerContext = {
    store: options.store,
    logger,
    version: SERVER_VERSION,
    startedMs: Date.now(),
    jobs: new JobQueue({
      onFailure: (id, error) => {
        logger.error({ err: error, job: id }, 'job failed');
      },
    }),
    live:
      feeds.length === 0
        ? undefined
        : startLiveHub({
            store: options.store,
            feeds,
            onNotice: (message) => {
              logger.warn({ feed: 'liquidations' }, message);
            },
          }),
  };
  const app = createApp(context, {
    token: options.token,
    loopbackOnly: isLoopback(host),
    dashboardDir: options.dashboardDir ?? defaultDashboardDir(),
    ...(options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes }),
  });
  const server = await listen(app, host, options.port ?? DEFAULT_PORT);
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    app,
    context,
    close: async () => {
      await context.live?.stop();
      await context.jobs.idle();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
        // SSE streams stay open until their clients go: end them.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      // The handlers of the cut connections may still be querying the store: let them finish.
      if (!(await app.inFlight.idle(SHUTDOWN_GRACE_MS)))
        logger.warn({ running: app.inFlight.running }, 'requests still running at shutdown');
    },
  };
}

function listen(app: CascadeApp, hostname: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.app.fetch, hostname, port }, () => {
      resolve(server);
    });
    server.once('error', reject);
  });
}
