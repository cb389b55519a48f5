import { bindRefusal, DEFAULT_HOST, DEFAULT_PORT, startServer, TOKEN_ENV } from '@cascade/server';
import { openStore } from '@cascade/services';
import { parseArgs } from 'node:util';
import { EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { initDataset } from './data.js';
import { feedsFor } from './watch-liquidations.js';

export const SERVE_HELP = `Usage: cascade serve [--host H] [--port P] [--data-dir DIR] [--live]

Serves the HTTP API (docs/api.md, /api/openapi.json) and the dashboard
(packages/dashboard/dist) until Ctrl-C. Loads the embedded dataset first if the store lacks it.

Options:
  --host H          address to bind (default ${DEFAULT_HOST}); any non-loopback address requires
                    ${TOKEN_ENV} (16+ characters), and then every request must send
                    "Authorization: Bearer <token>"
  --port P          port (default ${DEFAULT_PORT}; 0 = any free port)
  --data-dir DIR    store directory (default: $CASCADE_DATA_DIR, else ./.cascade)
  --live            stream live liquidations (Binance, Bybit, OKX) to /api/liquidations/live and
                    store them (also CASCADE_LIVE=1); off by default
  --live-exchanges  binance,bybit,okx (default all three)
  --live-symbols    Bybit symbols (default BTCUSDT,ETHUSDT,SOLUSDT)
  --ws-url URL      connect the live feeds to this base URL instead (local replay servers)

Environment: ${TOKEN_ENV}, CASCADE_LIVE, CASCADE_LOG_LEVEL (pino level, default info).
`;

const parsePort = (text: string): number | undefined => {
  const port = Number(text);
  return Number.isInteger(port) && port >= 0 && port <= 65_535 ? port : undefined;
};

/** Resolves on SIGINT / SIGTERM. */
const untilSignal = (): Promise<void> =>
  new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

export async function serveCommand(
  argv: readonly string[],
  io: CliIo,
  until: () => Promise<void> = untilSignal,
): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      host: { type: 'string', default: DEFAULT_HOST },
      port: { type: 'string', default: String(DEFAULT_PORT) },
      'data-dir': { type: 'string' },
      live: { type: 'boolean', default: false },
      'live-exchanges': { type: 'string', default: 'binance,bybit,okx' },
      'live-symbols': { type: 'string', default: 'BTCUSDT,ETHUSDT,SOLUSDT' },
      'ws-url': { type: 'string' },
    },
  });
  if (values.help) {
    io.stdout(SERVE_HELP);
    return EXIT_OK;
  }
  const port = parsePort(values.port);
  if (port === undefined) {
    io.stderr(`cascade serve: --port must be an integer 0..65535, got "${values.port}"\n`);
    return EXIT_USAGE;
  }
  const rawToken = process.env[TOKEN_ENV];
  const token = rawToken === '' ? undefined : rawToken;
  const refusal = bindRefusal(values.host, token);
  if (refusal !== null) {
    io.stderr(`cascade serve: ${refusal}\n`);
    return EXIT_USAGE;
  }
  const live = values.live || process.env['CASCADE_LIVE'] === '1';
  // A store held by another process (a server already running?) is reported by main.
  const store = await openStore(io.cwd, values['data-dir']);
  try {
    await initDataset(store, io, { force: false, quiet: false });
    const liveFeeds = live
      ? await feedsFor(
          values['live-exchanges'].split(',').map((e) => e.trim()),
          values['live-symbols'].split(',').map((s) => s.trim().toUpperCase()),
          { ws: values['ws-url'] },
          new Map(),
          io,
        )
      : [];
    const server = await startServer({
      store,
      host: values.host,
      port,
      token,
      liveFeeds,
    });
    io.stdout(`Cascade is running at ${server.url}/  (Ctrl-C to stop)\n`);
    await until();
    await server.close();
    return EXIT_OK;
  } finally {
    await store.close();
  }
}
