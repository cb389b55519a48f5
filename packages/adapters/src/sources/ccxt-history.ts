import * as ccxt from 'ccxt';
import type { Candle, LiquidationEvent, LiquidationSide, OrderBookLevel } from '@cascade/core';
import { z } from 'zod';
import { timeframeMs } from '../importers/infer.js';
import {
  NotOfferedError,
  RateLimitedError,
  TransientSourceError,
  type ExchangeHistorySource,
} from './exchange-history.js';

export interface CcxtSourceOptions {
  /** Replace the scheme and host of every API URL (local replay servers, mirrors). */
  readonly apiBaseUrl?: string;
  /** Market types ccxt loads (binance: spot, linear, inverse). Default: all the exchange offers. */
  readonly marketTypes?: readonly string[];
  readonly timeoutMs?: number;
}

const finite = z.number().refine(Number.isFinite);
const ohlcvSchema = z.array(
  z.tuple([finite, finite, finite, finite, finite, finite.nullable().optional()]).rest(z.unknown()),
);
const oiSchema = z.array(
  z.object({
    timestamp: finite,
    openInterestAmount: finite.nullable().optional(),
    openInterestValue: finite.nullable().optional(),
  }),
);
const fundingSchema = z.array(z.object({ timestamp: finite, fundingRate: finite }));
const liquidationSchema = z.array(
  z.object({
    timestamp: finite,
    price: finite,
    baseValue: finite,
    quoteValue: finite,
    info: z.record(z.string(), z.unknown()),
  }),
);
const bookSide = z.array(z.tuple([finite, finite]).rest(z.unknown()));
const orderBookSchema = z.object({
  timestamp: finite.nullable().optional(),
  bids: bookSide,
  asks: bookSide,
});

/**
 * Public liquidation history that ccxt offers (`has.fetchLiquidations`) and whose wire format was
 * checked here: the request window and the liquidated position's side. ccxt 4.5.84 offers none
 * for binance, bybit or okx (binance: false, the others: not implemented).
 */
const LIQUIDATION_HISTORY: Readonly<
  Record<
    string,
    {
      readonly params: (fromMs: number, toMs: number) => Record<string, number>;
      readonly side: (info: Record<string, unknown>) => LiquidationSide | undefined;
    }
  >
> = {
  // Gate API v4 `GET /futures/{settle}/liq_orders`: `from`/`to` in seconds (inclusive); `size`
  // is the liquidated position's size, positive for a long, negative for a short.
  // https://www.gate.com/docs/developers/apiv4/en/#list-liquidation-history
  gate: {
    params: (fromMs, toMs) => ({ from: Math.ceil(fromMs / 1000), to: Math.ceil(toMs / 1000) - 1 }),
    side: (info) => {
      const size = Number(info['size']);
      if (size > 0) return 'long';
      return size < 0 ? 'short' : undefined;
    },
  },
};

function rewriteUrls(node: unknown, base: string): unknown {
  if (typeof node === 'string') return node.replace(/^[a-z]+:\/\/[^/]+/i, base);
  if (node !== null && typeof node === 'object') {
    const entries = Object.entries(node as Record<string, unknown>).map(([k, v]) => [
      k,
      rewriteUrls(v, base),
    ]);
    return Object.fromEntries(entries);
  }
  return node;
}

/** Maps ccxt errors onto the port's error classes. */
async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const message = `${what}: ${error instanceof Error ? error.message : String(error)}`;
    if (error instanceof ccxt.RateLimitExceeded || error instanceof ccxt.DDoSProtection) {
      throw new RateLimitedError(message);
    }
    if (error instanceof ccxt.NetworkError || error instanceof ccxt.ExchangeNotAvailable) {
      throw new TransientSourceError(message);
    }
    throw error;
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new Error(`${what}: unexpected payload: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

/** Public liquidation orders of one time window (see LIQUIDATION_HISTORY). */
async function fetchLiquidationWindow(
  exchange: ccxt.Exchange,
  symbol: string,
  fromMs: number,
  toMs: number,
  limit: number,
): Promise<LiquidationEvent[]> {
  const exchangeId = exchange.id;
  const wire = LIQUIDATION_HISTORY[exchangeId];
  const has = exchange.has['fetchLiquidations'];
  if (wire === undefined || has !== true) {
    throw new NotOfferedError(
      `${exchangeId}: no public liquidation history through ccxt ${ccxt.version} (has.fetchLiquidations = ${String(has ?? false)}${wire === undefined ? '; format not verified here' : ''}); use \`cascade watch-liquidations\` for the live stream`,
    );
  }
  const raw = await call('fetchLiquidations', () =>
    exchange.fetchLiquidations(symbol, undefined, limit, wire.params(fromMs, toMs)),
  );
  return parse(liquidationSchema, raw, 'fetchLiquidations').flatMap((r) => {
    const side = wire.side(r.info);
    if (side === undefined || r.timestamp < fromMs || r.timestamp >= toMs) return [];
    const event: LiquidationEvent = {
      exchange: exchangeId,
      symbol,
      tsMs: r.timestamp,
      side,
      priceUsd: r.price,
      quantityBase: r.baseValue,
      notionalUsd: r.quoteValue,
      lowerBound: false,
    };
    return [event];
  });
}

/** One order-book snapshot as levels, stamped with the exchange's time. */
async function fetchOrderBookLevels(
  exchange: ccxt.Exchange,
  symbol: string,
  depth: number,
): Promise<OrderBookLevel[]> {
  const book = parse(
    orderBookSchema,
    await call('fetchOrderBook', () => exchange.fetchOrderBook(symbol, depth)),
    'fetchOrderBook',
  );
  // The local clock only when the payload carries no time.
  const tsMs = book.timestamp ?? Date.now();
  const levels = (side: 'bid' | 'ask', rows: typeof book.bids): OrderBookLevel[] =>
    rows.map(([price, quantityBase]) => ({
      exchange: exchange.id,
      symbol,
      tsMs,
      side,
      price,
      quantityBase,
    }));
  return [...levels('bid', book.bids), ...levels('ask', book.asks)];
}

/** A ccxt exchange instance by id, with the market types, timeout and base URL of `options`. */
function ccxtExchange(exchangeId: string, options: CcxtSourceOptions): ccxt.Exchange {
  const classes = ccxt.exchanges as unknown as Record<string, unknown>;
  const ExchangeClass = Object.hasOwn(classes, exchangeId) ? classes[exchangeId] : undefined;
  if (typeof ExchangeClass !== 'function') {
    throw new Error(`unknown exchange "${exchangeId}"`);
  }
  const exchange = new (ExchangeClass as new (config: object) => ccxt.Exchange)({
    enableRateLimit: true,
    timeout: options.timeoutMs ?? 20_000,
    options: {
      ...(options.marketTypes === undefined
        ? {}
        : { fetchMarkets: { types: [...options.marketTypes] } }),
      fetchCurrencies: false,
      fetchMargins: false,
    },
  });
  if (options.apiBaseUrl !== undefined) {
    exchange.urls.api = rewriteUrls(
      exchange.urls.api,
      options.apiBaseUrl.replace(/\/$/, ''),
    ) as never;
  }
  return exchange;
}

/** An ExchangeHistorySource over a ccxt exchange class (`binance`, `bybit`, `okx`, …). */
export function ccxtHistorySource(
  exchangeId: string,
  options: CcxtSourceOptions = {},
): ExchangeHistorySource {
  const exchange = ccxtExchange(exchangeId, options);
  return {
    exchange: exchangeId,
    ohlcv: async (symbol, timeframe, sinceMs, limit) => {
      const rows = parse(
        ohlcvSchema,
        await call('fetchOHLCV', () => exchange.fetchOHLCV(symbol, timeframe, sinceMs, limit)),
        'fetchOHLCV',
      );
      return rows.map(([tsMs, open, high, low, close, volume]): Candle => ({
        exchange: exchangeId,
        symbol,
        timeframe,
        tsMs,
        open,
        high,
        low,
        close,
        volumeBase: volume ?? 0,
        volumeQuote: null,
        trades: null,
      }));
    },
    openInterest: async (symbol, timeframe, sinceMs, limit) => {
      const raw = await call('fetchOpenInterestHistory', () =>
        exchange.fetchOpenInterestHistory(symbol, timeframe, sinceMs, limit),
      );
      const intervalMs = timeframeMs(timeframe) ?? exchange.parseTimeframe(timeframe) * 1000;
      return parse(oiSchema, raw, 'fetchOpenInterestHistory').map((r) => ({
        exchange: exchangeId,
        symbol,
        intervalMs,
        tsMs: r.timestamp,
        openInterestBase: r.openInterestAmount ?? null,
        openInterestUsd: r.openInterestValue ?? null,
      }));
    },
    funding: async (symbol, sinceMs, limit) => {
      const raw = await call('fetchFundingRateHistory', () =>
        exchange.fetchFundingRateHistory(symbol, sinceMs, limit),
      );
      return parse(fundingSchema, raw, 'fetchFundingRateHistory').map((r) => ({
        exchange: exchangeId,
        symbol,
        tsMs: r.timestamp,
        rate: r.fundingRate,
      }));
    },
    liquidations: (symbol, fromMs, toMs, limit) =>
      fetchLiquidationWindow(exchange, symbol, fromMs, toMs, limit),
    orderBook: (symbol, depth) => fetchOrderBookLevels(exchange, symbol, depth),
  };
}

/**
 * Contract size of every contract market of `options.marketTypes`, by exchange market id, as the
 * exchange publishes it (OKX: `ctVal` of `GET /api/v5/public/instruments`): base units per
 * contract for a linear market, quote units (USD) per contract for an inverse one.
 */
export async function ccxtContractSizes(
  exchangeId: string,
  options: CcxtSourceOptions = {},
): Promise<ReadonlyMap<string, number>> {
  const exchange = ccxtExchange(exchangeId, options);
  const sizes = new Map<string, number>();
  for (const market of Object.values(await call('loadMarkets', () => exchange.loadMarkets()))) {
    if (
      market?.contract === true &&
      typeof market.contractSize === 'number' &&
      market.id !== undefined
    ) {
      sizes.set(market.id, market.contractSize);
    }
  }
  return sizes;
}
