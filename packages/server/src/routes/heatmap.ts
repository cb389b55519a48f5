/** GET /api/heatmap: the estimated liquidation heatmap over stored candles and open interest. */
import { VENUES } from '@cascade/core';
import { InputError } from '@cascade/services';
import { z } from 'zod';
import type { ApiRouter } from '../api-router.js';
import type { ServerContext } from '../context.js';
import { estimatedHeatmap, HEATMAP_DEFAULTS, openInterestSchema } from '../documents/heatmap.js';
import { exchangeParam, isoDate, symbolParam, timeframeParam } from '../params.js';
import { problem } from '../problems.js';
import type { Analyses } from './analyses.js';

const DAY_MS = 86_400_000;
const numberParam = z.coerce.number();

export const heatmapQuery = z
  .strictObject({
    from: isoDate,
    to: isoDate,
    symbol: symbolParam.default('BTC/USDT:USDT'),
    exchange: exchangeParam.default(HEATMAP_DEFAULTS.exchange),
    timeframe: timeframeParam.default(HEATMAP_DEFAULTS.timeframe),
    venue: z
      .enum(VENUES)
      .default(HEATMAP_DEFAULTS.venue)
      .describe('margin model of the liquidation prices'),
    leverage: z
      .string()
      .max(200)
      .optional()
      .describe('leverage mix LEV:WEIGHT,... replacing the fitted one'),
    bucket: numberParam
      .positive()
      .default(HEATMAP_DEFAULTS.bucket)
      .describe('price bucket, quote units'),
    bias: numberParam.min(0).max(0.5).optional().describe('replaces the fitted side split'),
    halfLife: numberParam
      .positive()
      .optional()
      .describe('decay half-life in candles, replacing the fitted one'),
    gridEvery: numberParam.int().min(0).max(1000).default(HEATMAP_DEFAULTS.gridEvery),
    notional: numberParam.positive().default(HEATMAP_DEFAULTS.notional),
  })
  .superRefine((q, ctx) => {
    if (q.from > q.to)
      ctx.addIssue({ code: 'custom', path: ['from'], message: '"from" is after "to"' });
  });

export function heatmapRoutes(router: ApiRouter, context: ServerContext, analyses: Analyses): void {
  router.add({
    method: 'get',
    path: '/api/heatmap',
    tag: 'analyses',
    summary:
      'ESTIMATED liquidation map and per-candle forecast (the fitted liquidation model) over stored candles and open interest',
    description:
      'The `cascade heatmap --symbol S --from F --to T --json` document of the requested days (inclusive, UTC) with `openInterest`. Estimates, labelled: not observed positions. Where no hourly open interest is stored, the latest daily snapshot at or before each candle stands in and `openInterest` says so (its `note` is shown under the chart); 404 only when no open interest at all covers the range, naming the dates that have some.',
    query: heatmapQuery,
    response: {
      kind: 'json',
      schema: z.looseObject({ note: z.string(), openInterest: openInterestSchema }),
    },
    otherStatuses: {
      404: 'no open interest / candles stored for the range (what is stored, in words)',
    },
    handle: async ({ query }, c) => {
      try {
        const value = await analyses.cache.get(`heatmap|${JSON.stringify(query)}`, () =>
          estimatedHeatmap(context.store, {
            ...query,
            fromMs: Date.parse(`${query.from}T00:00:00Z`),
            toMs: Date.parse(`${query.to}T00:00:00Z`) + DAY_MS - 1,
          }),
        );
        return c.json(value);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        // Missing data is not a bad parameter: said in words, without the option's name.
        if (/no USD open interest|fewer than 2/.test(error.message))
          return problem(c, 404, error.message.replace(/^--symbol: /, ''));
        return problem(c, 400, error.message.replace(/^--(\w+)/, 'query.$1'));
      }
    },
  });
}
