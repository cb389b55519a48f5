/**
 * Synthetic position books from market aggregates: open interest split long/short over a
 * leverage mix, entries drawn from a recent price path, sizes log-normally dispersed and scaled
 * so their notional adds up to the open interest exactly.
 */
import type { PositionSpec, VenueId } from '../margin/types.js';
import { normal, type Rng } from './rng.js';

export interface Weighted {
  readonly value: number;
  readonly weight: number;
}

export interface PositionGeneratorSpec {
  readonly venue: VenueId;
  readonly symbol: string;
  readonly openInterestUsd: number;
  /** Share of open interest held long (0..1). */
  readonly longShare: number;
  /** e.g. {5×: 15%, 10×: 30%, 25×: 25%, 50×: 20%, 100×: 10%}. */
  readonly leverageMix: readonly Weighted[];
  /** Entry prices with weights, e.g. recent closes weighted by open-interest growth. */
  readonly entryPrices: readonly Weighted[];
  readonly count: number;
  /** Log-normal sigma of position notional (0 = equal sizes). */
  readonly sizeSigma?: number;
}

function sampler(items: readonly Weighted[]): (u: number) => number {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  const cumulative: number[] = [];
  let running = 0;
  for (const item of items) {
    running += item.weight / total;
    cumulative.push(running);
  }
  return (u) => {
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (u <= (cumulative[mid] ?? 1)) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]?.value ?? Number.NaN;
  };
}

export function generatePositions(spec: PositionGeneratorSpec, rng: Rng): PositionSpec[] {
  const leverageOf = sampler(spec.leverageMix);
  const entryOf = sampler(spec.entryPrices);
  const longCount = Math.round(spec.count * spec.longShare);
  const sigma = spec.sizeSigma ?? 0;
  const drafts = Array.from({ length: spec.count }, (_, i) => ({
    side: i < longCount ? ('long' as const) : ('short' as const),
    leverage: leverageOf(rng()),
    entryPrice: entryOf(rng()),
    weight: sigma > 0 ? Math.exp(sigma * normal(rng)) : 1,
  }));
  const sideTotal = (side: 'long' | 'short'): number =>
    drafts.reduce((sum, d) => (d.side === side ? sum + d.weight : sum), 0);
  const notionalPerWeight = {
    long: (spec.openInterestUsd * spec.longShare) / Math.max(sideTotal('long'), 1e-300),
    short: (spec.openInterestUsd * (1 - spec.longShare)) / Math.max(sideTotal('short'), 1e-300),
  };
  return drafts.map((d) => ({
    venue: spec.venue,
    contract: 'linear',
    marginMode: 'isolated',
    side: d.side,
    symbol: spec.symbol,
    entryPrice: d.entryPrice,
    quantity: (d.weight * notionalPerWeight[d.side]) / d.entryPrice,
    leverage: d.leverage,
  }));
}
