/** Query parameter schemas shared by the routes (strings in, typed values out). */
import { z } from 'zod';

/** The seed event: the dashboard's default day. */
export const DEFAULT_DATE = '2025-11-21';

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a UTC date YYYY-MM-DD')
  .refine((text) => new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), 'not a real date')
  .describe('UTC day, YYYY-MM-DD');

/** Epoch milliseconds, or an ISO date / date-time (UTC unless it carries an offset). */
export const timeParam = z
  .string()
  .transform((text, ctx) => {
    const ms = /^\d{1,15}$/.test(text) ? Number(text) : Date.parse(text);
    if (!Number.isFinite(ms) || !/^\d|^\d{4}-/.test(text)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'expected epoch milliseconds or an ISO date/time (2025-11-21, 2025-11-21T02:00:00Z)',
      });
      return z.NEVER;
    }
    return ms;
  })
  .describe('epoch ms, or ISO date / date-time (UTC)');

export const symbolParam = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9/:._-]+$/, 'letters, digits and / : . _ - only');

export const exchangeParam = z
  .string()
  .min(1)
  .max(30)
  .regex(/^[a-z0-9_-]+$/, 'lower-case exchange id (binance, bybit, okx, ...)');

export const timeframeParam = z
  .string()
  .regex(/^\d{1,3}[smhdwM]$/, 'a ccxt timeframe: 1m, 5m, 1h, 4h, 1d, ...');

/** from ≤ to, when both are given. */
export function orderedRange(
  value: { from?: number | undefined; to?: number | undefined },
  ctx: z.RefinementCtx,
): void {
  if (value.from !== undefined && value.to !== undefined && value.from > value.to)
    ctx.addIssue({ code: 'custom', path: ['from'], message: '"from" is after "to"' });
}
