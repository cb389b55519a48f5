import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { cumulativeLiquidationMap, liquidationHeatmap, type LeverageBucket } from './heatmap.js';
import { averageRanks, compareSeries, spearman, topDecileHitRate } from './heatmap-validation.js';

// Ratios are plain isolated-margin numbers here; the CLI takes them from the venue margin model.
const LEVS: LeverageBucket[] = [
  { leverage: 10, weight: 0.5, longRatio: 0.9, shortRatio: 1.1 },
  { leverage: 20, weight: 0.5, longRatio: 0.95, shortRatio: 1.05 },
];

function candles(rows: [number, number, number, number, number][]) {
  const col = (k: number) => Float64Array.from(rows, (r) => r[k] ?? 0);
  return {
    ts: Float64Array.from(rows, (_, i) => i * 3_600_000),
    open: col(0),
    high: col(1),
    low: col(2),
    close: col(3),
    openInterest: col(4),
  };
}

const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);

describe('liquidationHeatmap', () => {
  it('consumes the 20x long level when the low trades through it, and only that', () => {
    // Seed 1000 at 100 (half long): 20x long level at 95, 10x at 90; shorts at 105 and 110.
    const c = candles([
      [100, 100, 100, 100, 1000],
      [100, 100, 94, 96, 1000],
    ]);
    const r = liquidationHeatmap(c, { leverages: LEVS, bucketSize: 1 });
    expect(r.estimatedLongLiquidatedUsd[1]).toBeCloseTo(250, 9);
    expect(r.estimatedShortLiquidatedUsd[1]).toBe(0);
    const m = cumulativeLiquidationMap(r.map);
    expect(sum(m.longByBucket)).toBeCloseTo(250, 9);
    expect(sum(m.shortByBucket)).toBeCloseTo(500, 9);
  });

  it('opens OI increases on the side of the candle and removes decreases proportionally', () => {
    const c = candles([
      [100, 100, 100, 100, 1000],
      [100, 101, 100, 101, 2000], // up candle: +1000, 70% long with bias 0.2
      [101, 101, 100.5, 100.5, 1500], // −500 removed proportionally, no level touched
    ]);
    const r = liquidationHeatmap(c, { leverages: LEVS, bucketSize: 1, directionBias: 0.2 });
    const m = cumulativeLiquidationMap(r.map);
    expect(sum(r.estimatedLongLiquidatedUsd) + sum(r.estimatedShortLiquidatedUsd)).toBe(0);
    expect(sum(m.longByBucket)).toBeCloseTo((500 + 700) * 0.75, 9);
    expect(sum(m.shortByBucket)).toBeCloseTo((500 + 300) * 0.75, 9);
  });

  it('realized liquidations take their part of an OI fall first; only the rest closes', () => {
    const rows: [number, number, number, number, number][] = [
      [100, 100, 100, 100, 1000],
      [100, 100, 100, 100, 600], // −400: 300 of it realized liquidations elsewhere, 100 closes
    ];
    const known = { ...candles(rows), realizedLiquidatedUsd: Float64Array.from([NaN, 300]) };
    const r = liquidationHeatmap(known, { leverages: LEVS, bucketSize: 1 });
    const live = (x: typeof r) => sum(x.map.long) + sum(x.map.short);
    expect(live(r)).toBeCloseTo(900, 9);
    // Unknown (NaN): the whole fall minus the book's own (zero) estimate is closes.
    const unknown = { ...candles(rows), realizedLiquidatedUsd: Float64Array.from([NaN, NaN]) };
    expect(live(liquidationHeatmap(unknown, { leverages: LEVS, bucketSize: 1 }))).toBeCloseTo(
      600,
      9,
    );
  });

  it('decay halves the live map after half-life candles', () => {
    const c = candles([
      [100, 100, 100, 100, 1000],
      [100, 100, 100, 100, 1000],
      [100, 100, 100, 100, 1000],
    ]);
    const r = liquidationHeatmap(c, { leverages: LEVS, bucketSize: 1, decayPerCandle: 0.5 ** 0.5 });
    expect(sum(r.map.long) + sum(r.map.short)).toBeCloseTo(500, 9);
  });

  it('price × time grid: one row per N candles, each row the live map', () => {
    const c = candles([
      [100, 100, 100, 100, 1000],
      [100, 100, 94, 96, 1000],
      [96, 96, 96, 96, 1000],
    ]);
    const r = liquidationHeatmap(c, { leverages: LEVS, bucketSize: 1, snapshotEvery: 2 });
    expect(Array.from(r.snapshotIndex)).toEqual([0, 2]);
    const nb = r.map.buckets;
    expect(sum(r.grid.subarray(0, nb))).toBeCloseTo(1000, 9);
    expect(sum(r.grid.subarray(nb, 2 * nb))).toBeCloseTo(750, 9);
  });

  const bars = fc.array(
    fc.record({
      move: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
      wick: fc.double({ min: 0, max: 0.08, noNaN: true }),
      dOi: fc.double({ min: 0, max: 500, noNaN: true }),
    }),
    { minLength: 2, maxLength: 60 },
  );

  test.prop([bars])('with rising OI, placed = liquidated + live (no USD lost)', (bs) => {
    let price = 100;
    let oi = 1000;
    const rows: [number, number, number, number, number][] = [];
    for (const b of bs) {
      const open = price;
      const close = price * (1 + b.move);
      rows.push([
        open,
        Math.max(open, close) * (1 + b.wick),
        Math.min(open, close) * (1 - b.wick),
        close,
        oi,
      ]);
      price = close;
      oi += b.dOi;
    }
    const r = liquidationHeatmap(candles(rows), { leverages: LEVS, bucketSize: 0.5 });
    const liquidated = sum(r.estimatedLongLiquidatedUsd) + sum(r.estimatedShortLiquidatedUsd);
    const live = sum(r.map.long) + sum(r.map.short);
    const placed = rows[rows.length - 1]?.[4] ?? 0;
    expect(liquidated + live).toBeCloseTo(placed, 6);
    for (const v of r.estimatedLongLiquidatedUsd) expect(v).toBeGreaterThanOrEqual(0);
    for (const v of r.map.long) expect(v).toBeGreaterThanOrEqual(-1e-9);
  });
});

describe('validation metrics', () => {
  it('average ranks share ties; Spearman of a monotone map is 1', () => {
    expect(Array.from(averageRanks(Float64Array.of(3, 1, 3, 2)))).toEqual([3.5, 1, 3.5, 2]);
    const x = Float64Array.of(1, 2, 3, 4, 5);
    expect(
      spearman(
        x,
        x.map((v) => v ** 3),
      ),
    ).toBeCloseTo(1, 12);
  });

  it('top-decile hit rate and totals', () => {
    const actual = Float64Array.from({ length: 20 }, (_, i) => i);
    expect(topDecileHitRate(actual, actual)).toBe(1);
    expect(
      topDecileHitRate(
        actual.map((v) => -v),
        actual,
      ),
    ).toBe(0);
    expect(
      compareSeries(
        actual.map((v) => v * 2),
        actual,
      ).totalRatio,
    ).toBeCloseTo(2, 12);
  });
});
