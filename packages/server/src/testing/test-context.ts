/** Test helpers: a context over an in-memory store, a silent logger, an app to `request`. */
import { IN_MEMORY, loadEmbeddedDataset, openDuckDbStore } from '@cascade/adapters';
import { repoRoot } from '@cascade/services';
import { pino } from 'pino';
import { createApp, type AppOptions, type CascadeApp } from '../app.js';
import type { ServerContext } from '../context.js';
import { JobQueue } from '../jobs/job-queue.js';

export const silentLogger = pino({ level: 'silent' });

export async function testContext(overrides: Partial<ServerContext> = {}): Promise<ServerContext> {
  return {
    store: await openDuckDbStore(IN_MEMORY),
    jobs: new JobQueue(),
    logger: silentLogger,
    live: undefined,
    version: 'test',
    startedMs: Date.now(),
    ...overrides,
  };
}

export function testApp(context: ServerContext, options: Partial<AppOptions> = {}): CascadeApp {
  return createApp(context, {
    loopbackOnly: true,
    dashboardDir: '/nonexistent-cascade-dashboard',
    ...options,
  });
}

/** A request as a browser on the loopback listener sends it. */
export const local = (init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { host: '127.0.0.1:8686', ...(init.headers as Record<string, string> | undefined) },
});

/** A context whose store holds the embedded dataset (data/, sources in data/SOURCES.md). */
export async function datasetContext(): Promise<ServerContext> {
  const context = await testContext();
  await loadEmbeddedDataset(context.store, repoRoot(), () => undefined, false);
  return context;
}

/** A Binance isolated linear long in the position-record format (docs/position-record.md). */
export function binanceLong(entryPrice: number, leverage: number) {
  return {
    exchange: 'Binance',
    contract: 'linear',
    marginMode: 'isolated',
    side: 'long',
    symbol: 'BTCUSDT',
    entryPrice,
    quantity: 0.5,
    leverage,
  };
}
