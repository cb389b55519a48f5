import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  adverseExcursions,
  fundingCost,
  maxLeverageSurviving,
  positionSizeForRisk,
  quantile,
} from './risk.js';

describe('risk helpers', () => {
  it('sizing: 1% of 100k at a 5% stop is a 20k notional', () => {
    expect(positionSizeForRisk(100_000, 0.01, 0.05)).toBeCloseTo(20_000, 9);
    expect(positionSizeForRisk(100_000, 0.01, 0)).toBeNaN();
  });

  it('adverse excursions and interpolated quantiles', () => {
    const open = Float64Array.of(100, 100);
    const high = Float64Array.of(110, 103);
    const low = Float64Array.of(90, 99);
    expect(Array.from(adverseExcursions(open, high, low, 'long'))).toEqual([
      0.09999999999999998, 0.010000000000000009,
    ]);
    expect(adverseExcursions(open, high, low, 'short')[0]).toBeCloseTo(0.1, 12);
    expect(quantile(Float64Array.of(3, 1, 2, Number.NaN), 0.5)).toBe(2);
    expect(quantile(Float64Array.of(0, 10), 0.25)).toBe(2.5);
  });

  it('funding: longs pay a positive rate, shorts receive it', () => {
    expect(fundingCost(10_000, 'long', 0.0001, 7)).toBeCloseTo(21, 9);
    expect(fundingCost(10_000, 'short', 0.0001, 7)).toBeCloseTo(-21, 9);
  });

  // Isolated linear without maintenance: liquidation distance 1/L.
  test.prop([fc.double({ min: 0.001, max: 0.9, noNaN: true })])(
    'max leverage is the largest L with 1/L beyond the drawdown',
    (dd) => {
      const l = maxLeverageSurviving((lev) => 1 / lev, dd, 125);
      const expected = Math.min(125, Math.ceil(1 / dd) - 1);
      expect(l).toBe(expected >= 1 ? expected : null);
    },
  );
});
