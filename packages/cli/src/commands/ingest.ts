import {
  ccxtHistorySource,
  ingest,
  INGEST_WHAT,
  type IngestRequest,
  type IngestWhat,
} from '@cascade/adapters';
import { SingleBar } from 'cli-progress';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { withStore } from '@cascade/services';

export const INGEST_HELP = `Usage: cascade ingest --exchange ID --symbol SYMBOL --since DATE [--until DATE]
                      [--what ohlcv,oi,funding,liquidations,orderbook] [--timeframe 1h]
                      [--depth 500] [--data-dir DIR]

Downloads history through ccxt into the store: OHLCV candles, open-interest history, funding
history, public liquidation history (where the exchange and ccxt offer it: gate; not binance,
bybit or okx — use \`cascade watch-liquidations\` there) and an order-book snapshot (levels and
the ±1..5 % depth bands they cover). Resumable: each stream continues from its newest stored
timestamp, so re-running fetches only what is new. Requests are paced with ccxt's rate limiter;
HTTP 429 and network errors are retried with exponential backoff.

  --exchange   ccxt exchange id (binance, bybit, okx, ...)
  --symbol     unified ccxt symbol, e.g. BTC/USDT:USDT (perpetual) or BTC/USDT (spot)
  --since      UTC date or date-time to start from (when nothing newer is stored)
  --until      UTC date or date-time to stop at (default: now)
  --what       streams, comma-separated (default ohlcv,oi,funding)
  --depth      order-book levels per side for --what orderbook (default 500)
  --api-url    send requests to this base URL instead (local replay servers, mirrors)
`;

/** Exchanges whose ccxt market loader takes linear/inverse types; the others take swap/future. */
const LINEAR_INVERSE = new Set(['binance', 'bybit']);

/** Only load the market type the symbol needs (fewer, lighter market requests). */
function marketTypesOf(exchange: string, symbol: string): string[] {
  const settle = symbol.split(':')[1];
  if (settle === undefined) return ['spot'];
  if (!LINEAR_INVERSE.has(exchange)) return [settle.includes('-') ? 'future' : 'swap'];
  return symbol.split('/')[1]?.startsWith(settle) === true ? ['linear'] : ['inverse'];
}

function parseTime(text: string): number {
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
}

/** The request the options describe, or the usage error. */
function ingestRequest(values: {
  exchange?: string | undefined;
  symbol?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  what: string;
  timeframe: string;
  depth: string;
}): (IngestRequest & { exchange: string }) | string {
  const { exchange, symbol, since } = values;
  if (exchange === undefined || symbol === undefined || since === undefined) {
    return '--exchange, --symbol and --since are required (see --help)';
  }
  const sinceMs = parseTime(since);
  const untilMs = values.until === undefined ? Date.now() : parseTime(values.until);
  if (!Number.isFinite(sinceMs)) return `--since: not a date "${since}"`;
  if (!Number.isFinite(untilMs)) return `--until: not a date "${values.until ?? ''}"`;
  const what = values.what.split(',').map((w) => w.trim());
  const unknown = what.filter((w) => !(INGEST_WHAT as readonly string[]).includes(w));
  if (unknown.length > 0) {
    return `--what: unknown "${unknown.join(',')}" (${INGEST_WHAT.join(', ')})`;
  }
  const depth = Number(values.depth);
  if (!Number.isInteger(depth) || depth < 1)
    return `--depth: not a positive integer "${values.depth}"`;
  return {
    exchange,
    symbol,
    sinceMs,
    untilMs,
    what: what as IngestWhat[],
    timeframe: values.timeframe,
    depth,
  };
}

export async function ingestCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      exchange: { type: 'string' },
      symbol: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      what: { type: 'string', default: 'ohlcv,oi,funding' },
      timeframe: { type: 'string', default: '1h' },
      depth: { type: 'string', default: '500' },
      'api-url': { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  if (values.help) {
    io.stdout(INGEST_HELP);
    return EXIT_OK;
  }
  const usage = (message: string): number => {
    io.stderr(`cascade ingest: ${message}\n`);
    return EXIT_USAGE;
  };
  const request = ingestRequest(values);
  if (typeof request === 'string') return usage(request);
  const { exchange, symbol, sinceMs, untilMs, what } = request;
  let source;
  try {
    source = ccxtHistorySource(exchange, {
      marketTypes: marketTypesOf(exchange, symbol),
      ...(values['api-url'] === undefined ? {} : { apiBaseUrl: values['api-url'] }),
    });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  const bar = process.stderr.isTTY
    ? new SingleBar({ format: 'ingest {what} [{bar}] {percentage}% {rows} rows', hideCursor: true })
    : undefined;
  bar?.start(100, 0, { what: '', rows: 0 });
  const written = await withStore(io.cwd, values['data-dir'], (store) =>
    ingest(store, source, request, {
      sleep: (ms) => sleep(ms),
      onProgress: (p) => {
        const pct = Math.min(
          100,
          Math.round(((p.cursorMs - sinceMs) / Math.max(1, untilMs - sinceMs)) * 100),
        );
        bar?.update(pct, { what: p.what, rows: p.rows });
      },
    }),
  )
    .catch((error: unknown) => {
      // Rows already written stay (each page is its own transaction); a re-run resumes.
      io.stderr(`cascade ingest: ${error instanceof Error ? error.message : String(error)}\n`);
      return undefined;
    })
    .finally(() => bar?.stop());
  if (written === undefined) return EXIT_FAILURE;
  io.stdout(
    `${exchange} ${symbol}: ${what.map((w) => `${w} +${String(written[w])}`).join(', ')} rows\n`,
  );
  return EXIT_OK;
}
