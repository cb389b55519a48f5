/** GET /api/event/summary and /api/liquidations: the event view's own documents. */
import { HEATMAP_ESTIMATE_NOTE, InputError } from '@cascade/services';
import { z } from 'zod';
import type { ApiRouter } from '../api-router.js';
import type { ServerContext } from '../context.js';
import { eventSummary } from '../documents/event-summary.js';
import { estimatedHeatmap, HEATMAP_DEFAULTS, openInterestSchema } from '../documents/heatmap.js';
import { DEFAULT_DATE, isoDate, orderedRange, timeParam } from '../params.js';
import { problem } from '../problems.js';
import { baseSymbol, type Analyses } from './analyses.js';

const nullable = <T extends z.ZodType>(schema: T) => schema.nullable();

export const eventSummarySchema = z.object({
  date: z.string(),
  symbol: z.string(),
  price: nullable(
    z.object({
      open: z.number(),
      high: z.number(),
      low: z.number(),
      close: z.number(),
      changePct: z.number().describe('open → close, percent'),
      drawdownPct: z.number().describe('open → low, percent'),
      source: z.string(),
    }),
  ),
  brokenLevel: nullable(
    z.object({
      priceUsd: z.number(),
      kind: z.enum(['support', 'resistance']),
      strength: z.number(),
      atMs: z.number(),
      closedThroughAtMs: z.number().nullable(),
      source: z.string(),
    }),
  ),
  liquidations: nullable(
    z.object({
      longUsd: z.number().nullable(),
      shortUsd: z.number().nullable(),
      totalUsd: z.number(),
      longShare: z.number().nullable(),
      scope: z.string().describe('which coins and window the numbers cover'),
      source: z.string(),
    }),
  ),
  equities: nullable(
    z.object({
      spxChangePct: z.number().nullable(),
      nasdaqChangePct: z.number().nullable(),
      source: z.string(),
    }),
  ),
  fedwatch: nullable(
    z.object({
      meeting: z.string().nullable(),
      probabilities: z
        .record(z.string(), z.number())
        .nullable()
        .describe('target range (bp) → probability (fraction)'),
      asOf: z.string(),
      source: z.string(),
    }),
  ),
  history: nullable(
    z.object({
      btcDrawdownPercentileAllDays: z.number().nullable(),
      percentileVsEvents: z.record(z.string(), z.number().nullable()),
      mostSimilar: z.array(z.string()),
      source: z.string(),
    }),
  ),
});

const bucketSchema = z.object({ tsMs: z.number(), longUsd: z.number(), shortUsd: z.number() });

const estimatedSchema = z
  .object({
    estimate: z.literal(true),
    note: z.string(),
    unavailable: z
      .string()
      .nullable()
      .describe('why there is no estimate (no stored open interest), naming what is stored'),
    openInterest: openInterestSchema
      .nullable()
      .describe('where the open interest under the estimate came from; null without an estimate'),
    candles: z.array(
      z.object({
        ts: z.number(),
        estimatedLongLiquidatedUsd: z.number(),
        estimatedShortLiquidatedUsd: z.number(),
      }),
    ),
  })
  .describe(
    'ESTIMATES per candle: the fitted liquidation forecast (cascade heatmap, the perpetual)',
  );

export const liquidationsSchema = z.object({
  symbol: z.string(),
  estimated: estimatedSchema,
  realized: z.object({
    buckets: z.array(bucketSchema.extend({ source: z.string(), intervalMs: z.number() })),
    streamed: z
      .array(bucketSchema.extend({ lowerBound: z.boolean() }))
      .describe('hourly sums of stored single liquidation events (watch-liquidations, live feed)'),
  }),
});

async function estimatedLiquidations(
  context: ServerContext,
  base: string,
  range: { fromMs: number; toMs: number },
): Promise<z.infer<typeof estimatedSchema>> {
  try {
    const map = await estimatedHeatmap(context.store, {
      ...HEATMAP_DEFAULTS,
      symbol: `${base}/USDT:USDT`,
      ...range,
    });
    return {
      estimate: true,
      note: map.note,
      unavailable: null,
      openInterest: map.openInterest,
      candles: map.candles,
    };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return {
      estimate: true,
      note: HEATMAP_ESTIMATE_NOTE,
      unavailable: error.message.replace(/^--symbol: /, ''),
      openInterest: null,
      candles: [],
    };
  }
}

export function eventRoutes(router: ApiRouter, context: ServerContext, analyses: Analyses): void {
  router.add({
    method: 'get',
    path: '/api/event/summary',
    tag: 'event',
    summary:
      'headline numbers of a day: price move, broken level, liquidations, equities, Fed, rank',
    description:
      'Each part names its source; a part without data is null. Cached 60 s per (date, symbol).',
    query: z.strictObject({
      date: isoDate.default(DEFAULT_DATE),
      symbol: baseSymbol.default('BTC'),
    }),
    response: { kind: 'json', schema: eventSummarySchema },
    handle: async ({ query }, c) =>
      c.json(
        await analyses.cache.get(`summary|${query.date}|${query.symbol}`, () =>
          eventSummary(context.store, analyses.source, query.date, query.symbol),
        ),
      ),
  });

  router.add({
    method: 'get',
    path: '/api/liquidations',
    tag: 'event',
    summary: 'liquidations long vs short: realized (stored buckets, streamed events) and estimated',
    description:
      'realized: stored buckets and hourly sums of stored streamed events (Binance events are lower bounds). estimated: the fitted liquidation forecast per candle, labelled, over hourly open interest or, where none is stored, the daily snapshots carried forward (`openInterest` says which); empty with the reason where no open interest is stored at all.',
    query: z
      .strictObject({
        symbol: baseSymbol.default('BTC'),
        from: timeParam.optional(),
        to: timeParam.optional(),
      })
      .superRefine(orderedRange),
    response: { kind: 'json', schema: liquidationsSchema },
    handle: async ({ query }, c) => {
      if (query.from === undefined || query.to === undefined)
        return problem(c, 400, 'invalid request', [
          ...(query.from === undefined ? [{ path: 'query.from', message: 'required' }] : []),
          ...(query.to === undefined ? [{ path: 'query.to', message: 'required' }] : []),
        ]);
      const range = { fromMs: query.from, toMs: query.to };
      const buckets = await context.store.select('liquidation_buckets', {
        symbol: query.symbol,
        ...range,
      });
      const streamed = await context.store.query(
        `SELECT CAST(ts_ms - ts_ms % 3600000 AS DOUBLE) AS t,
                sum(CASE WHEN side = 'long' THEN notional_usd ELSE 0 END) AS long_usd,
                sum(CASE WHEN side = 'short' THEN notional_usd ELSE 0 END) AS short_usd,
                bool_or(lower_bound) AS lower_bound
           FROM liquidations
          WHERE (symbol = $1 OR symbol LIKE $2) AND ts_ms BETWEEN $3 AND $4
          GROUP BY 1 ORDER BY 1`,
        [query.symbol, `${query.symbol}/%`, range.fromMs, range.toMs],
      );
      const estimated = await estimatedLiquidations(context, query.symbol, range);
      return c.json({
        symbol: query.symbol,
        estimated,
        realized: {
          buckets: buckets.map((b) => ({
            tsMs: b.tsMs,
            longUsd: b.longUsd,
            shortUsd: b.shortUsd,
            source: b.source,
            intervalMs: b.intervalMs,
          })),
          streamed: streamed.map((row) => ({
            tsMs: Number(row['t']),
            longUsd: Number(row['long_usd']),
            shortUsd: Number(row['short_usd']),
            lowerBound: row['lower_bound'] === true,
          })),
        },
      });
    },
  });
}
