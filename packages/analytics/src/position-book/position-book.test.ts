import { fc, test } from '@fast-check/vitest';
import { createRng } from '@cascade/core';
import { describe, expect, it } from 'vitest';
import type { HeatmapCandles } from '../heatmap.js';
import { FEATURE_COUNT, forecastDesign } from './features.js';
import { DEFAULT_BOOK, fitLiquidationModel, type LiquidationSeries } from './fit-model.js';
import { fitPoissonCalibration, leastSquares } from './linear-model.js';
import { runLiquidationModel, type LeverageRatios } from './liquidation-model.js';
import { nelderMead } from './nelder-mead.js';
import { walkForward } from './walk-forward.js';

// Plain isolated ratios; the CLI takes them from the venue margin model.
const RATIOS: LeverageRatios = (l) => ({ longRatio: 1 - 1 / l, shortRatio: 1 + 1 / l });
const HOUR = 3_600_000;

/** A seeded random walk with open interest and liquidations that follow the moves. */
function market(n: number, seed: number): LiquidationSeries {
  const rng = createRng(seed);
  const a = () => new Float64Array(n);
  const [ts, open, high, low, close, oi, rl, rs] = [a(), a(), a(), a(), a(), a(), a(), a()];
  let price = 90_000;
  let openInterest = 8e9;
  for (let i = 0; i < n; i++) {
    const o = price;
    const c = o * Math.exp(0.006 * (rng() - 0.5) * 2);
    const h = Math.max(o, c) * (1 + 0.003 * rng());
    const l = Math.min(o, c) * (1 - 0.003 * rng());
    openInterest *= 1 + 0.004 * (rng() - 0.5);
    ts[i] = Date.UTC(2026, 0, 1) + i * HOUR;
    [open[i], high[i], low[i], close[i], oi[i]] = [o, h, l, c, openInterest];
    rl[i] = (openInterest * (o - l) * 0.02 * (0.5 + rng())) / o;
    rs[i] = (openInterest * (h - o) * 0.02 * (0.5 + rng())) / o;
    price = c;
  }
  const candles: HeatmapCandles = { ts, open, high, low, close, openInterest: oi };
  return { candles, realizedLong: rl, realizedShort: rs };
}

const FIT = {
  ratios: RATIOS,
  bucketSize: 100,
  margin: { venue: 'binance', symbol: 'BTC/USDT:USDT', notionalUsd: 10_000 },
  version: 'test',
  source: 'synthetic',
  maxEvaluations: 30,
};

describe('linear model', () => {
  it('least squares recovers the coefficients of an exact linear relation', () => {
    const n = 50;
    const x = new Float64Array(n * 3);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x.set([1, i / 10, Math.sin(i)], i * 3);
      y[i] = 2 - 0.5 * (i / 10) + 3 * Math.sin(i);
    }
    const beta = leastSquares(x, y, 3, new Uint8Array(n).fill(1));
    expect(Array.from(beta).map((v) => Number(v.toFixed(6)))).toEqual([2, -0.5, 3]);
  });

  test.prop([fc.integer({ min: 1, max: 1_000_000 })])(
    'the Poisson calibration adds up to the realized total on its rows',
    (seed) => {
      const rng = createRng(seed);
      const n = 200;
      const s = Float64Array.from({ length: n }, () => rng() * 4 - 2);
      const y = s.map((v) => Math.exp(0.7 * v) * (0.5 + rng()));
      const cal = fitPoissonCalibration(s, y, new Uint8Array(n).fill(1));
      const fitted = s.reduce((acc, v) => acc + Math.exp(cal.intercept + cal.slope * v), 0);
      expect(fitted / y.reduce((p, v) => p + v, 0)).toBeCloseTo(1, 8);
    },
  );

  it('Nelder–Mead finds the minimum of a shifted quadratic', () => {
    const r = nelderMead((x) => (x[0]! - 1) ** 2 + 3 * (x[1]! + 2) ** 2, [0, 0], {
      tolerance: 1e-12,
      maxEvaluations: 2000,
    });
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(-2, 4);
  });
});

describe('liquidation forecast', () => {
  test.prop([fc.integer({ min: 60, max: 150 }), fc.integer({ min: 1, max: 10_000 })], {
    numRuns: 15,
  })('no look-ahead: changing later bars leaves earlier forecasts unchanged', (cut, seed) => {
    const s = market(200, 7);
    const model = fitLiquidationModel(s, { ...FIT, toMs: Number.POSITIVE_INFINITY });
    const base = runLiquidationModel(s.candles, model, RATIOS, 100);
    const other = market(200, seed);
    const mixed = { ...s.candles };
    for (const k of ['open', 'high', 'low', 'close', 'openInterest'] as const) {
      const col = Float64Array.from(s.candles[k]);
      const scale = k === 'openInterest' ? 1 : 0.8; // later bars far below: new price buckets
      for (let i = cut; i < col.length; i++) col[i] = other.candles[k][i]! * scale;
      mixed[k] = col;
    }
    const changed = runLiquidationModel(mixed, model, RATIOS, 100);
    for (let i = 0; i < cut; i++) {
      expect(changed.forecastLongUsd[i]).toBeCloseTo(base.forecastLongUsd[i]!, 3);
      expect(changed.forecastShortUsd[i]).toBeCloseTo(base.forecastShortUsd[i]!, 3);
    }
  });

  it('forecasts are finite and non-negative, one design row per bar', () => {
    const s = market(150, 3);
    const model = fitLiquidationModel(s, { ...FIT, toMs: Number.POSITIVE_INFINITY });
    const a = runLiquidationModel(s.candles, model, RATIOS, 100);
    expect(a.forecastLongUsd.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
    const design = forecastDesign(s.candles, a.book.estimatedLongLiquidatedUsd, 'long');
    expect(design.length).toBe(150 * FEATURE_COUNT);
  });

  it('fits only on bars before the window end and records that window', () => {
    const s = market(300, 11);
    const toMs = s.candles.ts[200]!;
    const model = fitLiquidationModel(s, { ...FIT, toMs });
    expect(model.training.toMs).toBeLessThan(toMs);
    expect(model.training.bars).toBe(200 - 25);
    // Garbage after the window end cannot move the fit.
    const spoiled = {
      ...s,
      realizedLong: Float64Array.from(s.realizedLong, (v, i) => (i >= 200 ? 1e15 : v)),
    };
    expect(fitLiquidationModel(spoiled, { ...FIT, toMs }).long).toEqual(model.long);
    const weights = model.book.leverages.reduce((a, l) => a + l.weight, 0);
    expect(weights).toBeCloseTo(1, 12);
    expect(model.book.leverages.map((l) => l.leverage)).toEqual(
      DEFAULT_BOOK.leverages.map((l) => l.leverage),
    );
  });

  it('walk-forward: every fold is fitted strictly before its test bars', () => {
    const s = market(400, 5);
    const origins = [s.candles.ts[250]!, s.candles.ts[320]!];
    const r = walkForward(s, {
      ...FIT,
      origins,
      bootstrap: { replicates: 20, blockBars: 12, seed: 2 },
    });
    expect(r.folds).toHaveLength(2);
    for (const f of r.folds) expect(f.model.training.toMs).toBeLessThan(f.originMs);
    expect(r.testBars).toBe(150);
    expect(r.folds.every((f) => f.testBars > 0)).toBe(true);
    const s1 = r.scores.forecast.long;
    expect(s1.spearmanInterval.low).toBeLessThanOrEqual(s1.spearman);
    expect(s1.spearmanInterval.high).toBeGreaterThanOrEqual(s1.spearman);
  });
});
