/** GET /api/macro: one stored macro series (index closes, yields, rates) as dated points. */
import { z } from 'zod';
import type { ApiRouter } from '../api-router.js';
import type { ServerContext } from '../context.js';
import { orderedRange, timeParam } from '../params.js';

export const macroQuery = z
  .strictObject({
    series: z
      .string()
      .regex(/^\^?[A-Z0-9]{1,16}$/, 'a stored series id: ^GSPC, ^IXIC, ^VIX, DGS2, DFF, ...')
      .describe('series id as listed by /api/meta macroSeries'),
    from: timeParam.optional(),
    to: timeParam.optional(),
  })
  .superRefine(orderedRange);

export const macroSchema = z.object({
  seriesId: z.string(),
  points: z.array(
    z.object({ date: z.string().describe('UTC day'), tsMs: z.number(), value: z.number() }),
  ),
});

export function macroRoutes(router: ApiRouter, context: ServerContext): void {
  router.add({
    method: 'get',
    path: '/api/macro',
    tag: 'market',
    summary: 'one stored macro series (S&P 500, Nasdaq, VIX closes; yields; rates) in time order',
    query: macroQuery,
    response: { kind: 'json', schema: macroSchema },
    handle: async ({ query }, c) => {
      const rows = await context.store.select('macro_series', {
        series: query.series,
        ...(query.from === undefined ? {} : { fromMs: query.from }),
        ...(query.to === undefined ? {} : { toMs: query.to }),
      });
      return c.json({
        seriesId: query.series,
        points: rows.map((row) => ({
          date: new Date(row.tsMs).toISOString().slice(0, 10),
          tsMs: row.tsMs,
          value: row.value,
        })),
      });
    },
  });
}
