/** Series identity guessed from a shared-data file name (options always win). */
export interface InferredSeries {
  exchange?: string;
  symbol?: string;
  timeframe?: string;
  intervalMs?: number;
}

const TIMEFRAME_MS: Readonly<Record<string, number>> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '2h': 7_200_000,
  '4h': 14_400_000,
  '8h': 28_800_000,
  '1d': 86_400_000,
};

export function timeframeMs(timeframe: string): number | undefined {
  return TIMEFRAME_MS[timeframe];
}

const QUOTES = /^(.+?)(USDT|USDC|FDUSD|BUSD|USD)$/;

function unify(market: string | undefined, id: string): string | undefined {
  if (id.includes('-')) return id.replace('-', '/');
  const match = QUOTES.exec(id);
  if (match === null) return undefined;
  const [, base = '', quote = ''] = match;
  if (market === 'um') return `${base}/${quote}:${quote}`;
  if (market === 'cm') return `${base}/${quote}:${base}`;
  return `${base}/${quote}`;
}

function inferSymbol(source: string, parts: readonly string[]): string | undefined {
  const [, second, third] = parts;
  if (source === 'tardis') return undefined; // exchange and symbol are columns
  if (source === 'yahoo') return second === undefined ? undefined : `^${second}`;
  if (source === 'fred') return second;
  if (source === 'coinglass') return second;
  if (second === 'spot' || second === 'um' || second === 'cm') {
    return third === undefined ? undefined : unify(second, third);
  }
  return second === undefined ? undefined : unify(undefined, second);
}

/** e.g. `binance_spot_BTCUSDT_1d_…` → binance, BTC/USDT, 1d; `fred_DGS2_daily_…` → DGS2. */
export function inferSeries(fileName: string): InferredSeries {
  const base = fileName.replace(/^.*[\\/]/, '');
  const parts = base.split('_');
  const source = parts[0]?.toLowerCase() ?? '';
  const result: InferredSeries = {};
  if (/^(binance|kucoin|bybit|okx|gemini|hyperliquid)$/.test(source)) result.exchange = source;
  const symbol = inferSymbol(source, parts);
  if (symbol !== undefined) result.symbol = symbol;
  const timeframe = parts.find((p) => TIMEFRAME_MS[p] !== undefined);
  if (timeframe !== undefined) {
    result.timeframe = timeframe;
    result.intervalMs = TIMEFRAME_MS[timeframe] ?? 0;
  }
  return result;
}
