/** Health, what the store holds, and candles. */
import { z } from 'zod';
import type { ApiRouter } from '../api-router.js';
import type { ServerContext } from '../context.js';
import {
  DEFAULT_DATE,
  exchangeParam,
  orderedRange,
  symbolParam,
  timeframeParam,
  timeParam,
} from '../params.js';

export const healthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptimeMs: z.number(),
  live: z.boolean().describe('whether the live liquidation feed is enabled'),
});

const range = z.object({ fromMs: z.number(), toMs: z.number(), count: z.number() });

export const metaSchema = z
  .object({
    defaultDate: z.string().describe('the seed event day, 2025-11-21'),
    defaultSymbol: z.string(),
    candles: z.array(
      range.extend({ exchange: z.string(), symbol: z.string(), timeframe: z.string() }),
    ),
    liquidationBuckets: z.array(
      range.extend({ source: z.string(), symbol: z.string(), intervalMs: z.number() }),
    ),
    liquidations: z.array(range.extend({ exchange: z.string(), symbol: z.string() })),
    openInterest: z
      .array(range.extend({ exchange: z.string(), symbol: z.string() }))
      .describe('stored USD open interest (what position-book scenario sources read)'),
    macroSeries: z.array(range.extend({ seriesId: z.string() })),
  })
  .describe('what the store holds: series with their first/last timestamps (ms UTC)');

export const candleSchema = z.object({
  tsMs: z.number().describe('bar open time, ms UTC'),
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volumeBase: z.number(),
  volumeQuote: z.number().nullable(),
  trades: z.number().nullable(),
});

export const candlesSchema = z.object({
  exchange: z.string(),
  symbol: z.string(),
  timeframe: z.string(),
  candles: z.array(candleSchema),
});

export const candlesQuery = z
  .strictObject({
    exchange: exchangeParam.default('binance'),
    symbol: symbolParam
      .default('BTC/USDT')
      .describe('unified ccxt symbol, BTC/USDT or BTC/USDT:USDT'),
    timeframe: timeframeParam.default('1h'),
    from: timeParam.optional(),
    to: timeParam.optional(),
    format: z
      .enum(['rows', 'columns'])
      .default('rows')
      .describe('rows: one object per bar; columns: one array per field (about half the bytes)'),
  })
  .superRefine(orderedRange);

export const candleColumnsSchema = z.object({
  exchange: z.string(),
  symbol: z.string(),
  timeframe: z.string(),
  columns: z.object({
    tsMs: z.array(z.number()),
    open: z.array(z.number()),
    high: z.array(z.number()),
    low: z.array(z.number()),
    close: z.array(z.number()),
    volumeBase: z.array(z.number()),
    volumeQuote: z.array(z.number().nullable()),
    trades: z.array(z.number().nullable()),
  }),
});

const num = (value: unknown): number => Number(value);

async function meta(context: ServerContext): Promise<z.infer<typeof metaSchema>> {
  const q = (sql: string) => context.store.query(sql);
  const span =
    'CAST(min(ts_ms) AS DOUBLE) AS from_ms, CAST(max(ts_ms) AS DOUBLE) AS to_ms, CAST(count(*) AS DOUBLE) AS n';
  const [candles, buckets, liquidations, openInterest, macro] = await Promise.all([
    q(`SELECT exchange, symbol, timeframe, ${span} FROM candles GROUP BY ALL ORDER BY ALL`),
    q(
      `SELECT source, symbol, CAST(interval_ms AS DOUBLE) AS interval_ms, ${span} FROM liquidation_buckets GROUP BY ALL ORDER BY ALL`,
    ),
    q(`SELECT exchange, symbol, ${span} FROM liquidations GROUP BY ALL ORDER BY ALL`),
    q(
      `SELECT exchange, symbol, ${span} FROM open_interest WHERE open_interest_usd IS NOT NULL GROUP BY ALL ORDER BY ALL`,
    ),
    q(`SELECT series_id, ${span} FROM macro_series GROUP BY ALL ORDER BY ALL`),
  ]);
  const spanOf = (row: Record<string, unknown>) => ({
    fromMs: num(row['from_ms']),
    toMs: num(row['to_ms']),
    count: num(row['n']),
  });
  const instrumentSpan = (row: Record<string, unknown>) => ({
    exchange: String(row['exchange']),
    symbol: String(row['symbol']),
    ...spanOf(row),
  });
  return {
    defaultDate: DEFAULT_DATE,
    defaultSymbol: 'BTC',
    candles: candles.map((row) => ({
      exchange: String(row['exchange']),
      symbol: String(row['symbol']),
      timeframe: String(row['timeframe']),
      ...spanOf(row),
    })),
    liquidationBuckets: buckets.map((row) => ({
      source: String(row['source']),
      symbol: String(row['symbol']),
      intervalMs: num(row['interval_ms']),
      ...spanOf(row),
    })),
    liquidations: liquidations.map(instrumentSpan),
    openInterest: openInterest.map(instrumentSpan),
    macroSeries: macro.map((row) => ({ seriesId: String(row['series_id']), ...spanOf(row) })),
  };
}

export function marketRoutes(router: ApiRouter, context: ServerContext): void {
  router.add({
    method: 'get',
    path: '/api/health',
    tag: 'server',
    summary: 'liveness: version and uptime',
    response: { kind: 'json', schema: healthSchema },
    handle: (_input, c) =>
      c.json({
        status: 'ok' as const,
        version: context.version,
        uptimeMs: Date.now() - context.startedMs,
        live: context.live !== undefined,
      }),
  });

  router.add({
    method: 'get',
    path: '/api/meta',
    tag: 'market',
    summary: 'stored symbols, timeframes and date ranges; the default date',
    response: { kind: 'json', schema: metaSchema },
    handle: async (_input, c) => c.json(await meta(context)),
  });

  router.add({
    method: 'get',
    path: '/api/candles',
    tag: 'market',
    summary: 'OHLCV bars of one stored series (time order)',
    query: candlesQuery,
    response: { kind: 'json', schema: z.union([candlesSchema, candleColumnsSchema]) },
    handle: async ({ query }, c) => {
      const candles = await context.store.candles({
        exchange: query.exchange,
        symbol: query.symbol,
        timeframe: query.timeframe,
        ...(query.from === undefined ? {} : { fromMs: query.from }),
        ...(query.to === undefined ? {} : { toMs: query.to }),
      });
      const series = { exchange: query.exchange, symbol: query.symbol, timeframe: query.timeframe };
      if (query.format === 'columns') {
        const column = <T>(pick: (bar: (typeof candles)[number]) => T): T[] => candles.map(pick);
        return c.json({
          ...series,
          columns: {
            tsMs: column((b) => b.tsMs),
            open: column((b) => b.open),
            high: column((b) => b.high),
            low: column((b) => b.low),
            close: column((b) => b.close),
            volumeBase: column((b) => b.volumeBase),
            volumeQuote: column((b) => b.volumeQuote ?? null),
            trades: column((b) => b.trades ?? null),
          },
        });
      }
      return c.json({
        exchange: query.exchange,
        symbol: query.symbol,
        timeframe: query.timeframe,
        candles: candles.map((bar) => ({
          tsMs: bar.tsMs,
          open: bar.open,
          high: bar.high,
          low: bar.low,
          close: bar.close,
          volumeBase: bar.volumeBase,
          volumeQuote: bar.volumeQuote ?? null,
          trades: bar.trades ?? null,
        })),
      });
    },
  });
}
