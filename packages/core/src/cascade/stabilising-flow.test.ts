import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';
import {
  fitStabilisingFlow,
  type HourlyBar,
  type StabilisingFitOptions,
} from './stabilising-flow.js';

const HOUR = 3_600_000;
const D = Date.parse('2025-11-21T00:00:00Z');

/** Hourly bars before D whose drops retrace `retrace(u)` of themselves by the close (u uniform). */
function bars(retrace: (u: number) => number, seed = 1, days = 90): HourlyBar[] {
  const rng = createRng(seed);
  const out: HourlyBar[] = [];
  let price = 90_000;
  for (let h = days * 24; h >= 1; h--) {
    const drop = 0.002 * Math.exp(1.2 * (rng() + rng() + rng() - 1.5));
    const low = price * (1 - drop);
    const close = low + retrace(rng()) * (price - low);
    out.push({ tsMs: D - h * HOUR, open: price, high: Math.max(price, close) * 1.001, low, close });
    price = close;
  }
  return out;
}

const options: StabilisingFitOptions = {
  beforeMs: D,
  depthUsdWithin1Pct: 488e6,
  kappa: 1.13,
  withdrawal: 3.4,
  resiliencePerSecond: 0.05,
  exponents: [1],
};

describe('fitStabilisingFlow', () => {
  it('uses only the bars that closed before the day, and reports the window', () => {
    const history = bars((u) => u);
    const fit = fitStabilisingFlow(history, options);
    // Bars on or after D (look-ahead) change nothing.
    const later = [1, 2, 3].map((k) => ({
      tsMs: D + (k - 1) * HOUR,
      open: 90_000,
      high: 90_000,
      low: 60_000,
      close: 60_000,
    }));
    expect(fitStabilisingFlow([...history, ...later], options)).toEqual(fit);
    expect(fit.trainedToMs).toBeLessThanOrEqual(D);
    expect(fit.trainedFromMs).toBeGreaterThanOrEqual(D - 90 * 86_400_000);
    expect(fit.bars).toBe(90 * 24);
  });

  it('fits a demand that explains the reversals better than none, larger when they are larger', () => {
    const weak = fitStabilisingFlow(
      bars((u) => 0.3 * u),
      options,
    );
    const strong = fitStabilisingFlow(
      bars((u) => 0.3 + 0.7 * u),
      options,
    );
    for (const fit of [weak, strong]) {
      expect(fit.demandUsdPerSecond).toBeGreaterThan(0);
      expect(fit.loss).toBeLessThan(fit.lossWithoutDemand);
      expect(fit.demandDepthSharePerSecond).toBeCloseTo(fit.demandUsdPerSecond / 488e6, 15);
    }
    expect(strong.demandUsdPerSecond).toBeGreaterThan(weak.demandUsdPerSecond);
  });

  it('refuses a window with too few large down hours', () => {
    expect(() => fitStabilisingFlow(bars((u) => u).slice(-60), options)).toThrow(/need ≥ 10/);
  });
});
