/** POST /api/liq-price: the `cascade liq-price --json` document for posted position records. */
import { evaluateMargin } from '@cascade/core';
import { positionRecordsSchema, toPositionSpec } from '@cascade/services';
import { z } from 'zod';
import type { ApiRouter } from '../api-router.js';
import { problem, type Issue } from '../problems.js';

/** One row of `cascade liq-price --json` (nulls where a price does not exist). */
export const liqPriceRowSchema = z.object({
  liquidationPrice: z.number().nullable(),
  bankruptcyPrice: z.number().nullable(),
  fillablePrice: z.number().nullable(),
  maintenanceMargin: z.number(),
  mmr: z.number(),
});

export type LiqPriceRow = z.infer<typeof liqPriceRowSchema>;

export function liqPriceRoutes(router: ApiRouter): void {
  router.add({
    method: 'post',
    path: '/api/liq-price',
    tag: 'positions',
    summary: 'liquidation, bankruptcy and fillable prices of posted positions (venue margin rules)',
    description:
      'Body: a JSON array of position records (docs/position-record.md). Same document as `cascade liq-price --input FILE --json`. A record the venue rules cannot evaluate is a 400 naming body[i].field.',
    body: positionRecordsSchema,
    response: { kind: 'json', schema: z.array(liqPriceRowSchema) },
    handle: ({ body }, c) => {
      const rows: LiqPriceRow[] = [];
      const issues: Issue[] = [];
      for (const [index, record] of body.entries()) {
        const evaluation = evaluateMargin(toPositionSpec(record));
        if (!evaluation.ok) {
          for (const { field, message } of evaluation.problems)
            issues.push({ path: `body[${index}].${field}`, message });
          continue;
        }
        const { report } = evaluation;
        rows.push({
          liquidationPrice: report.liquidationPrice,
          bankruptcyPrice: report.bankruptcyPrice,
          fillablePrice: report.fillablePrice,
          maintenanceMargin: report.maintenanceMargin,
          mmr: report.mmr,
        });
      }
      return issues.length > 0 ? problem(c, 400, 'invalid positions', issues) : c.json(rows);
    },
  });
}
