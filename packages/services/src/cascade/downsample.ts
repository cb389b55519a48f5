import type { SimulationSeries } from './simulation-documents.js';

/**
 * At most `maxPoints` points: consecutive steps grouped; flows (liquidated USD, counts) summed,
 * levels (price, fund balance, cumulative ADL) taken at the group's last step.
 */
export function downsampleSeries(series: SimulationSeries, maxPoints: number): SimulationSeries {
  const steps = series.step.length;
  if (steps <= maxPoints) return series;
  const size = Math.ceil(steps / maxPoints);
  const groups = Math.ceil(steps / size);
  const last = (values: readonly number[], g: number) =>
    values[Math.min(steps, (g + 1) * size) - 1] ?? Number.NaN;
  const sum = (values: readonly number[], g: number) => {
    let total = 0;
    for (let k = g * size; k < Math.min(steps, (g + 1) * size); k++) total += values[k] ?? 0;
    return total;
  };
  const each = (f: (g: number) => number) => Array.from({ length: groups }, (_, g) => f(g));
  return {
    step: each((g) => last(series.step, g)),
    priceUsd: each((g) => last(series.priceUsd, g)),
    longLiquidatedUsd: each((g) => sum(series.longLiquidatedUsd, g)),
    shortLiquidatedUsd: each((g) => sum(series.shortLiquidatedUsd, g)),
    liquidations: each((g) => sum(series.liquidations, g)),
    insuranceFundUsd: each((g) => last(series.insuranceFundUsd, g)),
    adlUsd: each((g) => last(series.adlUsd, g)),
  };
}
