import type { PositionResolver } from '@cascade/adapters';
import { evaluateMargin } from '@cascade/core';
import { positionRecordSchema, toPositionSpec } from '../position-record.js';

/**
 * Prices a position record of a monitor config (the `cascade liq-price` / `risk` record) with the
 * venue margin engines: the liquidation price the position-distance rule watches.
 */
export const resolveWatchedPosition: PositionResolver = (record) => {
  const parsed = positionRecordSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
  }
  const evaluation = evaluateMargin(toPositionSpec(parsed.data));
  if (!evaluation.ok) {
    const p = evaluation.problems[0];
    return {
      ok: false,
      problem: p === undefined ? 'cannot price the position' : `${p.field}: ${p.message}`,
    };
  }
  const liquidationPriceUsd = evaluation.report.liquidationPrice;
  if (liquidationPriceUsd === null || !(liquidationPriceUsd > 0))
    return { ok: false, problem: 'the position has no liquidation price (fully collateralised?)' };
  const symbol = parsed.data.symbol === '' ? 'BTC/USDT:USDT' : parsed.data.symbol;
  return {
    ok: true,
    position: { symbol, exchange: undefined, side: parsed.data.side, liquidationPriceUsd },
  };
};
