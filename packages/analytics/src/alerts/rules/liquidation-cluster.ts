import { formatPct, formatPrice, formatUsd } from '../format.js';
import { Latches } from '../latch.js';
import type { LiquidationClusterRule } from '../rule-specs.js';
import { matchesSymbol } from '../symbols.js';
import type { Firing, LiquidationMapObservation, RuleEvaluator } from '../types.js';

/** Sum of `values` over the buckets overlapping [lo, hi] (partial buckets pro rata). */
export function notionalBetween(
  map: LiquidationMapObservation,
  values: Float64Array,
  lo: number,
  hi: number,
): number {
  let sum = 0;
  const first = Math.max(0, Math.floor((lo - map.priceOrigin) / map.bucketSize));
  const last = Math.min(values.length - 1, Math.floor((hi - map.priceOrigin) / map.bucketSize));
  for (let b = first; b <= last; b++) {
    const start = map.priceOrigin + b * map.bucketSize;
    const overlap = Math.min(hi, start + map.bucketSize) - Math.max(lo, start);
    if (overlap > 0) sum += (values[b] ?? 0) * (overlap / map.bucketSize);
  }
  return sum;
}

/**
 * ESTIMATED liquidation notional (heatmap) within x% of the price above a threshold: longs in
 * [p·(1 − x), p], shorts in [p, p·(1 + x)].
 */
export function liquidationClusterRule(spec: LiquidationClusterRule): RuleEvaluator {
  const latches = new Latches();
  const x = spec.withinPct / 100;
  return {
    observe(o) {
      if (o.kind !== 'liquidation-map' || !matchesSymbol(spec.symbol, o.symbol)) return [];
      const p = o.priceUsd;
      const long = notionalBetween(o, o.longUsd, p * (1 - x), p);
      const short = notionalBetween(o, o.shortUsd, p, p * (1 + x));
      const sides = spec.side === 'any' ? (['long', 'short'] as const) : [spec.side];
      return sides.flatMap((side): Firing[] => {
        const amount = side === 'long' ? long : short;
        const on = amount >= spec.thresholdUsd;
        if (!latches.step(side, on, amount < spec.thresholdUsd * spec.rearmRatio)) return [];
        const edge = side === 'long' ? p * (1 - x) : p * (1 + x);
        return [
          {
            key: side,
            message: `${spec.symbol}: an estimated ${formatUsd(amount)} of ${side} liquidations sits within ${formatPct(side === 'long' ? -x : x, 1)} of ${formatPrice(p)} (to ${formatPrice(edge)}; heatmap estimate, threshold ${formatUsd(spec.thresholdUsd)})`,
            values: {
              symbol: spec.symbol,
              side,
              estimatedUsd: amount,
              priceUsd: p,
              edgeUsd: edge,
              withinPct: spec.withinPct,
              thresholdUsd: spec.thresholdUsd,
              estimate: true,
            },
          },
        ];
      });
    },
  };
}
