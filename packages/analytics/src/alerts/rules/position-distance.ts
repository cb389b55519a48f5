import { formatPct, formatPrice } from '../format.js';
import { Latches } from '../latch.js';
import type { PositionDistanceRule, WatchedPosition } from '../rule-specs.js';
import { matchesOptional, matchesSymbol } from '../symbols.js';
import type { Firing, Observation, RuleEvaluator } from '../types.js';

/** Relative distance from the worst price of the observation to the liquidation price (≤ 0: reached). */
export function liquidationDistance(
  position: WatchedPosition,
  low: number,
  high: number,
): { distance: number; priceUsd: number } {
  if (position.side === 'long')
    return { distance: (low - position.liquidationPriceUsd) / low, priceUsd: low };
  return { distance: (position.liquidationPriceUsd - high) / high, priceUsd: high };
}

function range(
  o: Observation,
): { low: number; high: number; symbol: string; exchange: string } | null {
  if (o.kind === 'bar') return { low: o.low, high: o.high, symbol: o.symbol, exchange: o.exchange };
  if (o.kind === 'price')
    return { low: o.priceUsd, high: o.priceUsd, symbol: o.symbol, exchange: o.exchange };
  return null;
}

/** A position's distance to liquidation below x% (re-arms beyond 1.25·x). */
export function positionDistanceRule(spec: PositionDistanceRule): RuleEvaluator {
  const latches = new Latches();
  const within = spec.withinPct / 100;
  return {
    observe(o) {
      const r = range(o);
      if (r === null) return [];
      return spec.positions.flatMap((p): Firing[] => {
        if (!matchesSymbol(p.symbol, r.symbol) || !matchesOptional(p.exchange, r.exchange))
          return [];
        const { distance, priceUsd } = liquidationDistance(p, r.low, r.high);
        if (!latches.step(p.id, distance <= within, distance > within * 1.25)) return [];
        const where =
          distance <= 0
            ? 'reached its liquidation price'
            : `is ${formatPct(distance).replace('+', '')} from liquidation`;
        return [
          {
            key: p.id,
            message: `Position ${p.id} (${p.side} ${p.symbol}) ${where} ${formatPrice(p.liquidationPriceUsd)} at ${formatPrice(priceUsd)} (alert within ${spec.withinPct}%)`,
            values: {
              position: p.id,
              side: p.side,
              symbol: p.symbol,
              liquidationPriceUsd: p.liquidationPriceUsd,
              priceUsd,
              distancePct: distance * 100,
              withinPct: spec.withinPct,
            },
          },
        ];
      });
    },
  };
}
