import {
  binanceFeed,
  bybitFeed,
  ccxtContractSizes,
  okxFeed,
  watchLiquidations,
  type LiquidationFeed,
} from '@cascade/adapters';
import type { LiquidationEvent } from '@cascade/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { withStore } from '@cascade/services';

export const WATCH_LIQUIDATIONS_HELP = `Usage: cascade watch-liquidations [--exchanges binance,bybit,okx] [--symbols BTCUSDT,ETHUSDT,SOLUSDT]
                                 [--duration SECONDS] [--data-dir DIR]

Streams forced liquidations from the exchanges' public WebSocket feeds into the store and prints
each one. Reconnects with exponential backoff, drops malformed frames, stores each event once.

  binance  USDⓈ-M !forceOrder@arr, all symbols. Binance sends at most one liquidation per symbol
           per second, so its events (and any sums of them) are LOWER BOUNDS.
  bybit    v5 allLiquidation.<symbol> for --symbols (linear perpetuals).
  okx      v5 liquidation-orders, all SWAP instruments (contract sizes loaded via ccxt at start).

  --duration   stop after this many seconds (default: until Ctrl-C)
  --ws-url     connect every feed to this base URL instead (local replay servers)
  --rest-url   load OKX's instruments from this base URL instead (a mirror, a replay server)
  --okx-contract-size INST_ID=SIZE   OKX contract size: base units per contract of a linear swap,
               USD per contract of an inverse one (BTC-USD-SWAP=100); repeatable; skips the lookup
`;

const EXCHANGES = ['binance', 'bybit', 'okx'] as const;

async function okxContractSizes(
  io: CliIo,
  restUrl: string | undefined,
): Promise<ReadonlyMap<string, number>> {
  try {
    return await ccxtContractSizes('okx', {
      marketTypes: ['swap'],
      ...(restUrl === undefined ? {} : { apiBaseUrl: restUrl }),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    io.stderr(`okx: cannot load contract sizes (${reason}); okx events skipped\n`);
    return new Map();
  }
}

function formatEvent(e: LiquidationEvent): string {
  const time = new Date(e.tsMs).toISOString().slice(11, 23);
  const notional = e.notionalUsd.toLocaleString('en-US', { maximumFractionDigits: 0 });
  return `${time} ${e.exchange.padEnd(8)} ${e.symbol.padEnd(16)} ${e.side.padEnd(5)} ${String(e.quantityBase)} @ ${String(e.priceUsd)}  $${notional}${e.lowerBound ? '  (lower bound)' : ''}\n`;
}

export async function feedsFor(
  exchanges: readonly string[],
  symbols: readonly string[],
  urls: { readonly ws?: string | undefined; readonly rest?: string | undefined },
  okxSizes: ReadonlyMap<string, number>,
  io: CliIo,
): Promise<LiquidationFeed[]> {
  const wsUrl = urls.ws;
  const feeds: LiquidationFeed[] = [];
  if (exchanges.includes('binance'))
    feeds.push(wsUrl === undefined ? binanceFeed() : binanceFeed(wsUrl));
  if (exchanges.includes('bybit'))
    feeds.push(wsUrl === undefined ? bybitFeed(symbols) : bybitFeed(symbols, wsUrl));
  if (exchanges.includes('okx')) {
    const sizes = okxSizes.size > 0 ? okxSizes : await okxContractSizes(io, urls.rest);
    const lookup = (id: string): number | undefined => sizes.get(id);
    feeds.push(wsUrl === undefined ? okxFeed(lookup) : okxFeed(lookup, wsUrl));
  }
  return feeds;
}

/** `INST_ID=SIZE` pairs as a map, or the first pair that is not one. */
function contractSizes(pairs: readonly string[]): Map<string, number> | string {
  const sizes = new Map<string, number>();
  for (const pair of pairs) {
    const [id = '', size = ''] = pair.split('=');
    if (id === '' || !(Number(size) > 0)) return pair;
    sizes.set(id, Number(size));
  }
  return sizes;
}

export async function watchLiquidationsCommand(
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      exchanges: { type: 'string', default: 'binance,bybit,okx' },
      symbols: { type: 'string', default: 'BTCUSDT,ETHUSDT,SOLUSDT' },
      duration: { type: 'string' },
      'ws-url': { type: 'string' },
      'rest-url': { type: 'string' },
      'okx-contract-size': { type: 'string', multiple: true, default: [] },
      'data-dir': { type: 'string' },
    },
  });
  if (values.help) {
    io.stdout(WATCH_LIQUIDATIONS_HELP);
    return EXIT_OK;
  }
  const exchanges = values.exchanges.split(',').map((e) => e.trim());
  const unknown = exchanges.filter((e) => !(EXCHANGES as readonly string[]).includes(e));
  if (unknown.length > 0) {
    io.stderr(
      `cascade watch-liquidations: unknown exchange "${unknown.join(',')}" (binance, bybit, okx)\n`,
    );
    return EXIT_USAGE;
  }
  const duration = values.duration === undefined ? undefined : Number(values.duration);
  if (duration !== undefined && !(duration > 0)) {
    io.stderr(`cascade watch-liquidations: --duration must be a positive number of seconds\n`);
    return EXIT_USAGE;
  }
  const okxSizes = contractSizes(values['okx-contract-size']);
  if (typeof okxSizes === 'string') {
    io.stderr(
      `cascade watch-liquidations: --okx-contract-size expects INST_ID=SIZE, got "${okxSizes}"\n`,
    );
    return EXIT_USAGE;
  }
  const symbols = values.symbols.split(',').map((s) => s.trim().toUpperCase());
  const controller = new AbortController();
  const stop = (): void => {
    controller.abort();
  };
  process.once('SIGINT', stop);
  if (duration !== undefined) setTimeout(stop, duration * 1000).unref();
  try {
    const feeds = await feedsFor(
      exchanges,
      symbols,
      { ws: values['ws-url'], rest: values['rest-url'] },
      okxSizes,
      io,
    );
    const stats = await withStore(io.cwd, values['data-dir'], (store) =>
      watchLiquidations({
        store,
        feeds,
        signal: controller.signal,
        sleep: (ms) => sleep(ms, undefined, { signal: controller.signal }).catch(() => undefined),
        onEvent: (event) => {
          io.stdout(formatEvent(event));
        },
        onNotice: (message) => {
          io.stderr(`${message}\n`);
        },
      }),
    );
    io.stderr(
      `stored ${String(stats.stored)} events (${String(stats.duplicates)} duplicates dropped, ${String(stats.garbage)} malformed frames, ${String(stats.reconnects)} reconnects)\n`,
    );
    return EXIT_OK;
  } finally {
    process.off('SIGINT', stop);
  }
}
