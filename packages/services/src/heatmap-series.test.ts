import { IN_MEMORY, loadEmbeddedDataset, openDuckDbStore } from '@cascade/adapters';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { InputError, storeHeatmap } from './heatmap-input.js';
import { DAILY_CARRY_MAX_MS, loadStoreSeries, type HeatmapStore } from './heatmap-series.js';
import { repoRoot } from './repo-paths.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const PERP = 'BTC/USDT:USDT';

interface OiRow {
  readonly tsMs: number;
  readonly openInterestUsd: number | null;
  readonly intervalMs: number;
}

/** A store of spot 1h candles (flat at 90,000) and the given open-interest rows of the perp. */
function fixtureStore(candleFromMs: number, hours: number, oi: readonly OiRow[]): HeatmapStore {
  const candles = Array.from({ length: hours }, (_, i) => ({
    tsMs: candleFromMs + i * HOUR,
    open: 90_000,
    high: 90_500,
    low: 89_500,
    close: 90_000,
  }));
  const inRange = (t: number, q: { fromMs?: number; toMs?: number }) =>
    t >= (q.fromMs ?? -Infinity) && t <= (q.toMs ?? Infinity);
  return {
    candles: (q) =>
      Promise.resolve(q.symbol === 'BTC/USDT' ? candles.filter((c) => inRange(c.tsMs, q)) : []),
    select: (_table, q) =>
      Promise.resolve(
        q.symbol === PERP
          ? [...oi].filter((r) => inRange(r.tsMs, q)).sort((a, b) => a.tsMs - b.tsMs)
          : [],
      ),
  };
}

const load = (store: HeatmapStore, fromMs: number, toMs: number) =>
  loadStoreSeries(store, 'binance', PERP, '1h', fromMs, toMs);

describe('loadStoreSeries: daily open interest carried forward where no hourly is stored', () => {
  it('a candle takes the snapshot stamped at or before its open, from that hour on', async () => {
    const daily = [
      { tsMs: day('2025-11-20'), openInterestUsd: 9.23e9, intervalMs: DAY },
      { tsMs: day('2025-11-21'), openInterestUsd: 9.1e9, intervalMs: DAY },
      { tsMs: day('2025-11-22'), openInterestUsd: 8.37e9, intervalMs: DAY },
    ];
    const store = fixtureStore(day('2025-11-20'), 72, daily);
    const { series, openInterest } = await load(store, day('2025-11-21'), day('2025-11-22') - 1);
    const { ts, openInterest: oi } = series.candles;
    // Extended back to the 2025-11-20 snapshot for the book's history.
    expect(openInterest.extendedFromMs).toBe(day('2025-11-20'));
    expect(ts[0]).toBe(day('2025-11-20'));
    expect(ts.length).toBe(48);
    const at = (iso: string) => oi[ts.indexOf(Date.parse(iso))];
    expect(at('2025-11-20T23:00:00Z')).toBe(9.23e9); // not the next day's value
    expect(at('2025-11-21T00:00:00Z')).toBe(9.1e9);
    expect(at('2025-11-21T23:00:00Z')).toBe(9.1e9);
    expect(openInterest.source).toBe('daily-carried-forward');
    expect(openInterest.ranges).toEqual([
      {
        source: 'daily-carried-forward',
        fromMs: day('2025-11-20'),
        toMs: day('2025-11-22') - HOUR,
        candles: 48,
      },
    ]);
    expect(openInterest.note).toBe(
      'open interest for 2025-11-21 is Binance daily (2025-11-20..2025-11-22, the 00:00 UTC snapshot of each day), carried forward to the 1h candles; no hourly open interest is stored for it; the book starts 2025-11-20 (earlier daily snapshots as history)',
    );
  });

  it('mixes: daily before the first hourly value, hourly after; holes in the hourly stay out', async () => {
    const rows: OiRow[] = [
      { tsMs: day('2025-12-03'), openInterestUsd: 8.11e9, intervalMs: DAY },
      { tsMs: day('2025-12-04'), openInterestUsd: 8.25e9, intervalMs: DAY },
      { tsMs: day('2025-12-05'), openInterestUsd: 8.21e9, intervalMs: DAY },
    ];
    // Hourly from 2025-12-04 06:00 with 2025-12-05 03:00 missing.
    for (let t = day('2025-12-04') + 6 * HOUR; t < day('2025-12-06'); t += HOUR)
      if (t !== day('2025-12-05') + 3 * HOUR)
        rows.push({ tsMs: t, openInterestUsd: 8e9 + t / 1e3, intervalMs: HOUR });
    const store = fixtureStore(day('2025-12-03'), 72, rows);
    const { series, openInterest } = await load(store, day('2025-12-04'), day('2025-12-06') - 1);
    const { ts, openInterest: oi } = series.candles;
    expect(oi[ts.indexOf(day('2025-12-04') + 5 * HOUR)]).toBe(8.25e9);
    expect(oi[ts.indexOf(day('2025-12-04') + 6 * HOUR)]).toBe(
      8e9 + (day('2025-12-04') + 6 * HOUR) / 1e3,
    );
    // The daily 2025-12-05 snapshot is not used inside the hourly series, nor for its hole.
    expect(oi[ts.indexOf(day('2025-12-05'))]).toBe(8e9 + day('2025-12-05') / 1e3);
    expect(ts.includes(day('2025-12-05') + 3 * HOUR)).toBe(false);
    expect(openInterest.source).toBe('mixed');
    expect(openInterest.ranges.map((r) => [r.source, r.candles])).toEqual([
      ['daily-carried-forward', 24 + 6],
      ['hourly', 41],
    ]);
    expect(openInterest.missing).toEqual([
      { fromMs: day('2025-12-05') + 3 * HOUR, toMs: day('2025-12-05') + 3 * HOUR },
    ]);
    expect(openInterest.note).toMatch(/^open interest for 2025-12-04\.\.2025-12-05 is partly/);
    expect(openInterest.note).toContain('no hourly open interest stored before 2025-12-04');
    expect(openInterest.note).toContain('no open interest at all for 2025-12-05 03:00 UTC');
  });

  it('hourly everywhere: no note, no stored summary', async () => {
    const rows = Array.from({ length: 24 }, (_, i) => ({
      tsMs: day('2025-12-05') + i * HOUR,
      openInterestUsd: 8e9,
      intervalMs: HOUR,
    }));
    const { openInterest } = await load(
      fixtureStore(day('2025-12-05'), 24, rows),
      day('2025-12-05'),
      day('2025-12-06') - 1,
    );
    expect(openInterest).toMatchObject({ source: 'hourly', note: null, stored: [], missing: [] });
  });

  it('a snapshot is not carried past two days; with no open interest at all it says what is stored', async () => {
    const store = fixtureStore(day('2025-11-01'), 24 * 10, [
      { tsMs: day('2025-11-01'), openInterestUsd: 8e9, intervalMs: DAY },
    ]);
    const { series } = await load(store, day('2025-11-01'), day('2025-11-10'));
    expect(series.candles.ts.length).toBe(DAILY_CARRY_MAX_MS / HOUR);
    const error = await load(store, day('2025-11-05'), day('2025-11-06')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      '--symbol: no USD open interest stored for binance BTC/USDT:USDT for 2025-11-05..2025-11-06 (open interest is stored daily 2025-11-01)',
    );
  });

  // Snapshots on random days (gaps included) with random values, candles over the whole span.
  test.prop(
    [
      fc.uniqueArray(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 12 }),
      fc.array(fc.double({ min: 1e8, max: 2e10, noNaN: true }), { minLength: 12, maxLength: 12 }),
      fc.integer({ min: 0, max: 20 * 24 }),
    ],
    { numRuns: 60 },
  )('never uses a daily value stamped after the candle', async (dayIdx, values, cut) => {
    const t0 = day('2025-11-01');
    const rows = [...dayIdx]
      .sort((a, b) => a - b)
      .map((d, i) => ({ tsMs: t0 + d * DAY, openInterestUsd: values[i] ?? 1, intervalMs: DAY }));
    const store = fixtureStore(t0, 22 * 24, rows);
    let loaded;
    try {
      loaded = await load(store, t0, t0 + 22 * DAY - 1);
    } catch (error) {
      expect(error).toBeInstanceOf(InputError); // fewer than 2 candles covered
      return;
    }
    const { ts, openInterest: oi } = loaded.series.candles;
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i] ?? 0;
      const latest = rows.filter((r) => r.tsMs <= t).at(-1);
      expect(latest, `candle ${new Date(t).toISOString()}`).toBeDefined();
      expect(t - (latest?.tsMs ?? 0)).toBeLessThan(DAILY_CARRY_MAX_MS);
      expect(oi[i]).toBe(latest?.openInterestUsd);
    }
    // Changing every snapshot stamped after the cut leaves the candles up to the cut alone.
    const cutMs = t0 + cut * HOUR;
    const changed = rows.map((r) =>
      r.tsMs > cutMs ? { ...r, openInterestUsd: r.openInterestUsd * 3 } : r,
    );
    const again = await load(fixtureStore(t0, 22 * 24, changed), t0, t0 + 22 * DAY - 1);
    for (let i = 0; i < ts.length && (ts[i] ?? 0) <= cutMs; i++)
      expect(again.series.candles.openInterest[i]).toBe(oi[i]);
  });
});

describe('the embedded dataset: 2025-11-21 (no hourly open interest before 2025-12-04)', () => {
  it('builds a non-empty liquidation map from the daily Binance open interest, gap stated', async () => {
    const store = await openDuckDbStore(IN_MEMORY);
    try {
      await loadEmbeddedDataset(store, repoRoot());
      const loaded = await storeHeatmap(store, {
        exchange: 'binance',
        symbol: PERP,
        timeframe: '1h',
        fromMs: day('2025-11-21'),
        toMs: day('2025-11-22') - 1,
        venue: 'binance',
        notionalUsd: 10_000,
        options: { bucketSize: 100 },
      });
      // Spot candles stand in for the perpetual's (none stored).
      expect(loaded.candleSymbol).toBe('BTC/USDT');
      const c = loaded.series.candles;
      expect(c.ts[0]).toBe(day('2025-11-07'));
      expect(c.ts[c.ts.length - 1]).toBe(Date.parse('2025-11-21T23:00:00Z'));
      // Binance daily BTCUSDT sumOpenInterestValue of 2025-11-21, and of 2025-11-20 for its last hour
      // (data/derivatives/binance_um_BTC_ETH_open_interest_value_1d_2025-11-07_2025-12-06.csv).
      expect(c.openInterest[c.ts.indexOf(Date.parse('2025-11-21T12:00:00Z'))]).toBe(
        9097192182.318638,
      );
      expect(c.openInterest[c.ts.indexOf(Date.parse('2025-11-20T23:00:00Z'))]).toBe(
        9227186355.764154,
      );
      const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
      expect(sum(loaded.result.map.long) + sum(loaded.result.map.short)).toBeGreaterThan(1e8);
      expect(loaded.openInterest.source).toBe('daily-carried-forward');
      expect(loaded.openInterest.stored).toEqual([
        {
          intervalMs: HOUR,
          fromMs: Date.parse('2025-12-04T06:00:00Z'),
          toMs: Date.parse('2026-03-31T23:00:00Z'),
        },
        { intervalMs: DAY, fromMs: day('2025-11-07'), toMs: day('2025-12-06') },
      ]);
      expect(loaded.openInterest.note).toBe(
        'open interest for 2025-11-21 is Binance daily (2025-11-07..2025-12-06, the 00:00 UTC snapshot of each day), carried forward to the 1h candles; no hourly open interest stored before 2025-12-04; the book starts 2025-11-07 (earlier daily snapshots as history)',
      );
    } finally {
      await store.close();
    }
  }, 60_000);
});
