import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { evaluateMargin } from '../margin/evaluate.js';
import {
  coarsenCells,
  countCells,
  maxNotionalAt,
  minimumPositions,
  positionsFromBook,
  type LiquidationCells,
} from './book-positions.js';
import { createRng } from './rng.js';

const LEVERAGES = [2, 5, 10, 25, 50, 100];

/** A liquidation map: some cells empty, the rest up to $20M; buckets of $50–$500. */
const mapArb = fc
  .record({
    priceOrigin: fc.integer({ min: 20_000, max: 100_000 }),
    bucketSize: fc.constantFrom(50, 100, 500),
    buckets: fc.integer({ min: 1, max: 40 }),
    leverages: fc.subarray(LEVERAGES, { minLength: 1 }),
    seed: fc.integer(),
    emptyShare: fc.double({ min: 0, max: 0.95, noNaN: true }),
  })
  .map(({ seed, emptyShare, ...m }): LiquidationCells => {
    const rng = createRng(seed);
    const cell = () => (rng() < emptyShare ? 0 : rng() * 2e7);
    const n = m.buckets * m.leverages.length;
    return {
      ...m,
      long: Float64Array.from({ length: n }, cell),
      short: Float64Array.from({ length: n }, cell),
    };
  })
  .filter((m) => countCells(m) > 0);

const venueArb = fc.constantFrom(
  { venue: 'binance', symbol: 'BTCUSDT' } as const,
  { venue: 'bybit', symbol: 'BTCUSDT' } as const,
);

/** Notional by side and leverage, [side][leverage]. */
function totals(map: LiquidationCells): Map<string, number> {
  const out = new Map<string, number>();
  const n = map.leverages.length;
  for (let i = 0; i < map.long.length; i++) {
    const lev = map.leverages[i % n]!;
    out.set(`long ${lev}`, (out.get(`long ${lev}`) ?? 0) + map.long[i]!);
    out.set(`short ${lev}`, (out.get(`short ${lev}`) ?? 0) + map.short[i]!);
  }
  return out;
}

describe('positionsFromBook', () => {
  test.prop([
    mapArb,
    venueArb,
    fc.integer({ min: 0, max: 500 }),
    fc.double({ min: 0, max: 1.5, noNaN: true }),
    fc.option(fc.double({ min: 1e6, max: 2e9, noNaN: true }), { nil: undefined }),
    fc.integer(),
  ])(
    "matches the map's notional by side and leverage and liquidates each position in its cell's bucket",
    (map, where, extra, sizeSigma, openInterestUsd, seed) => {
      const spec = {
        ...where,
        count: 1,
        sizeSigma,
        ...(openInterestUsd === undefined ? {} : { openInterestUsd }),
      };
      const count = minimumPositions(map, spec) + extra;
      const drawn = positionsFromBook(map, { ...spec, count }, createRng(seed));
      expect(drawn.specs).toHaveLength(count);
      expect(countCells(drawn.map)).toBeLessThanOrEqual(count);
      // The map itself, or its coarsening on buckets a whole number of times wider.
      expect(drawn.map.priceOrigin).toBe(map.priceOrigin);
      expect(Number.isInteger(drawn.map.bucketSize / map.bucketSize)).toBe(true);
      const mapTotal = drawn.mapLongUsd + drawn.mapShortUsd;
      if (openInterestUsd !== undefined)
        expect(drawn.scale * mapTotal).toBeCloseTo(openInterestUsd, -1);

      const drawnTotals = new Map<string, number>();
      drawn.specs.forEach((p, i) => {
        const entry = p.entryPrice!;
        const leverage = p.leverage!;
        const key = `${p.side} ${leverage}`;
        drawnTotals.set(key, (drawnTotals.get(key) ?? 0) + p.quantity * entry);
        const r = evaluateMargin(p);
        if (!r.ok) throw new Error(JSON.stringify(r.problems));
        const liq = r.report.liquidationPrice!;
        const lower = drawn.map.priceOrigin + drawn.bucket[i]! * drawn.map.bucketSize;
        expect(liq).toBeGreaterThanOrEqual(lower);
        expect(liq).toBeLessThan(lower + drawn.map.bucketSize);
        // Within the venue's leverage brackets at the position's size.
        expect(p.quantity * entry).toBeLessThanOrEqual(
          maxNotionalAt(p.venue, p.symbol, leverage) * (1 + 1e-12),
        );
        if (p.side === 'long') expect(liq).toBeLessThan(entry);
        else expect(liq).toBeGreaterThan(entry);
      });
      for (const [key, usd] of totals(map)) {
        const got = drawnTotals.get(key) ?? 0;
        expect(Math.abs(got - usd * drawn.scale)).toBeLessThanOrEqual(
          1e-9 * mapTotal * drawn.scale,
        );
      }
    },
  );

  test.prop([mapArb, fc.integer({ min: 0, max: 2000 }), fc.integer()])(
    'is deterministic for a seed',
    (map, extra, seed) => {
      const base = { venue: 'binance', symbol: 'BTCUSDT', count: 1, sizeSigma: 1 } as const;
      const spec = { ...base, count: minimumPositions(map, base) + extra };
      expect(positionsFromBook(map, spec, createRng(seed)).specs).toEqual(
        positionsFromBook(map, spec, createRng(seed)).specs,
      );
    },
  );

  it('coarsens a map with more non-empty cells than positions, keeping its totals', () => {
    const map: LiquidationCells = {
      priceOrigin: 60_000,
      bucketSize: 100,
      buckets: 4,
      leverages: [10, 50],
      long: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
      short: new Float64Array(8),
    };
    const coarse = coarsenCells(map, 3);
    expect(coarse).toMatchObject({ priceOrigin: 60_000, bucketSize: 300, buckets: 2 });
    expect([...coarse.long]).toEqual([1 + 3 + 5, 2 + 4 + 6, 7, 8]);
    const drawn = positionsFromBook(
      map,
      { venue: 'binance', symbol: 'BTCUSDT', count: 5 },
      createRng(1),
    );
    expect(drawn.map.bucketSize).toBe(200);
    expect(drawn.cells).toBe(4);
    expect(drawn.specs.reduce((s, p) => s + p.quantity * p.entryPrice!, 0)).toBeCloseTo(36, 9);
    expect(() =>
      positionsFromBook(map, { venue: 'binance', symbol: 'BTCUSDT', count: 1 }, createRng(1)),
    ).toThrow(/count 1 is below the 2 positions the book needs/);
  });
});
