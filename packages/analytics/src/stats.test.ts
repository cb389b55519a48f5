import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  pearson,
  rollingCorrelationMatrix,
  rollingPearsonBeta,
  rollingSpearman,
  simpleReturns,
  trailingZScores,
} from './stats.js';

function naiveBeta(x: number[], y: number[]): number {
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  let cov = 0;
  let varX = 0;
  x.forEach((xi, i) => {
    cov += (xi - mx) * ((y[i] ?? 0) - my);
    varX += (xi - mx) ** 2;
  });
  return cov / varX;
}

describe('rolling statistics', () => {
  // Daily returns quoted to 0.01 bp, as market data is (sliding sums are not meant for
  // adversarial dynamic ranges such as 1e-300 next to 0.2).
  const series = fc.array(
    fc.integer({ min: -200_000, max: 200_000 }).map((v) => v / 1e6),
    {
      minLength: 40,
      maxLength: 80,
    },
  );
  test.prop([series, series, fc.integer({ min: 3, max: 30 })])(
    'sliding Pearson and beta equal the direct formulas on every window',
    (xs, ys, window) => {
      const n = Math.min(xs.length, ys.length);
      const x = Float64Array.from(xs.slice(0, n));
      const y = Float64Array.from(ys.slice(0, n));
      const { correlation, beta } = rollingPearsonBeta(x, y, window);
      for (let i = window - 1; i < n; i++) {
        const wx = x.subarray(i - window + 1, i + 1);
        const wy = y.subarray(i - window + 1, i + 1);
        const direct = pearson(wx, wy);
        if (!Number.isFinite(direct) || Math.abs(direct) > 1 - 1e-6) continue;
        const variance = (w: Float64Array) =>
          w.reduce((acc, v) => acc + v * v, 0) / window -
          (w.reduce((acc, v) => acc + v, 0) / window) ** 2;
        if (variance(wx) < 1e-6 || variance(wy) < 1e-6) continue;
        expect(correlation[i]).toBeCloseTo(direct, 6);
        expect(beta[i]).toBeCloseTo(naiveBeta([...wx], [...wy]), 6);
      }
      expect(Number.isNaN(correlation[window - 2] ?? Number.NaN)).toBe(true);
    },
  );

  it('NaN inside a window makes that window NaN, and it recovers after the window passes', () => {
    const x = Float64Array.from([1, 2, Number.NaN, 4, 5, 6, 7]);
    const y = Float64Array.from([2, 4, 6, 8, 10, 12, 15]);
    const { correlation } = rollingPearsonBeta(x, y, 3);
    expect([...correlation.slice(2, 5)].every(Number.isNaN)).toBe(true);
    expect(correlation[5]).toBeCloseTo(1, 12);
    const skipping = rollingPearsonBeta(x, y, 3, undefined, undefined, 2);
    expect(skipping.correlation[3]).toBeCloseTo(1, 12);
    expect(skipping.beta[3]).toBeCloseTo(2, 12);
  });

  it('Spearman is 1 for any monotone transform and handles ties', () => {
    const x = Float64Array.from([1, 3, 2, 5, 4, 6, 8, 7]);
    const y = x.map((v) => Math.exp(v));
    const rho = rollingSpearman(x, y, 5);
    expect(rho[7]).toBeCloseTo(1, 12);
    const tied = rollingSpearman(
      Float64Array.from([1, 1, 2, 2]),
      Float64Array.from([1, 2, 3, 4]),
      4,
    );
    expect(tied[3]).toBeCloseTo(0.894427191, 8);
  });

  it('returns, z-scores and the pairwise matrix', () => {
    expect([...simpleReturns(Float64Array.from([100, 110, 99]))].slice(1)).toEqual([
      0.10000000000000009, -0.09999999999999998,
    ]);
    const z = trailingZScores(Float64Array.from([1, -1, 1, -1, 5]), 4);
    expect(z[4]).toBeCloseTo(5 / Math.sqrt(4 / 3), 12);
    const m = rollingCorrelationMatrix(
      [
        Float64Array.from([1, 2, 3, 5]),
        Float64Array.from([2, 4, 6, 10]),
        Float64Array.from([3, 2, 1, 0]),
      ],
      [3],
    );
    expect(m[0]?.length).toBe(3);
    expect(m[0]?.[0]?.[3]).toBeCloseTo(1, 12);
  });
});

function naiveRanks(values: number[]): Float64Array {
  return Float64Array.from(values, (v) => {
    const less = values.filter((u) => u < v).length;
    const equal = values.filter((u) => u === v).length;
    return less + (equal + 1) / 2;
  });
}

describe('rolling Spearman', () => {
  const ints = fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 30, maxLength: 60 });
  test.prop([ints, ints, fc.integer({ min: 3, max: 20 })])(
    'equals Pearson of naive average ranks on every window (ties included)',
    (xs, ys, window) => {
      const n = Math.min(xs.length, ys.length);
      const x = Float64Array.from(xs.slice(0, n));
      const y = Float64Array.from(ys.slice(0, n));
      const rho = rollingSpearman(x, y, window);
      for (let i = window - 1; i < n; i++) {
        const direct = pearson(
          naiveRanks(xs.slice(i - window + 1, i + 1)),
          naiveRanks(ys.slice(i - window + 1, i + 1)),
        );
        if (Number.isNaN(direct)) expect(Number.isNaN(rho[i] ?? 0)).toBe(true);
        else expect(rho[i]).toBeCloseTo(direct, 10);
      }
    },
  );
});
