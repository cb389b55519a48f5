// Over the embedded dataset (data/, sources in data/SOURCES.md) loaded into an in-memory store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CascadeApp } from './app.js';
import type { ServerContext } from './context.js';
import { datasetContext, local, testApp } from './testing/test-context.js';

let context: ServerContext;
let api: CascadeApp;
beforeAll(async () => {
  context = await datasetContext();
  api = testApp(context);
}, 60_000);
afterAll(() => context.store.close());

const getJson = async (path: string) => {
  const response = await api.app.request(path, local());
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('GET /api/event/summary (2025-11-21 by default)', () => {
  it('gives the seed event headline from the stored data', async () => {
    const { status, body } = await getJson('/api/event/summary');
    expect(status).toBe(200);
    const summary = body as {
      price: { open: number; low: number; drawdownPct: number };
      brokenLevel: { priceUsd: number; kind: string };
      liquidations: { totalUsd: number; longShare: number; scope: string };
      equities: { spxChangePct: number };
      fedwatch: { meeting: string; asOf: string };
      history: { mostSimilar: string[] };
    };
    // Binance spot BTCUSDT daily bar of 2025-11-21: open 86,637.22, low 80,600.
    expect(summary.price.open).toBeCloseTo(86_637.22, 2);
    expect(summary.price.low).toBe(80_600);
    expect(summary.price.drawdownPct).toBeCloseTo(-6.97, 2);
    // The $86,000 support broke that morning (cascade levels; asserted in levels.test.ts too).
    expect(summary.brokenLevel).toMatchObject({ priceUsd: 86_000, kind: 'support' });
    // No hourly buckets cover that day; the event catalog gives the all-coin total.
    expect(summary.liquidations.totalUsd).toBeCloseTo(1.91e9, -7);
    expect(summary.liquidations.longShare).toBeCloseTo(0.932, 3);
    expect(summary.liquidations.scope).toMatch(/all coins/);
    // S&P 500 closed +0.98% (Yahoo ^GSPC).
    expect(summary.equities.spxChangePct).toBeCloseTo(0.98, 2);
    expect(summary.fedwatch.meeting).toBe('2025-12-10');
    expect(summary.fedwatch.asOf <= '2025-11-21').toBe(true);
    expect(summary.history.mostSimilar[0]).toBe('2025-11-14');
  });

  it('fills what it has on a quiet weekend day and leaves the rest null', async () => {
    const { status, body } = await getJson('/api/event/summary?date=2025-11-30');
    expect(status).toBe(200);
    expect(body['equities']).toBeNull(); // Sunday: no index closes.
    expect(body['price']).not.toBeNull();
    expect((body['liquidations'] as { scope: string }).scope).toBe('BTC only');
  });
});

describe('analysis endpoints', () => {
  it.each([
    ['/api/history?date=2025-11-21', 'date'],
    ['/api/divergence?date=2025-11-21', 'today'],
    ['/api/fedwatch?date=2025-11-21', 'asOf'],
    ['/api/contagion?date=2025-11-21', 'date'],
    ['/api/levels?symbol=BTC&date=2025-11-21', 'breaches'],
  ])('%s answers its report', async (path, key) => {
    const { status, body } = await getJson(path);
    expect(status).toBe(200);
    expect(body).toHaveProperty(key);
  });

  it('gives the same candles as rows or as columns', async () => {
    const range =
      '/api/candles?symbol=BTC/USDT&timeframe=1h&from=2025-11-21&to=2025-11-21T23:59:59Z';
    const rows = (await getJson(range)).body['candles'] as { tsMs: number; low: number }[];
    const { columns } = (await getJson(`${range}&format=columns`)).body as {
      columns: { tsMs: number[]; low: number[] };
    };
    expect(rows).toHaveLength(24);
    expect(columns.tsMs).toEqual(rows.map((r) => r.tsMs));
    expect(columns.low).toEqual(rows.map((r) => r.low));
    expect(Math.min(...columns.low)).toBe(80_600); // the day's low (Binance spot)
  });

  it('answers 404 for a day without data', async () => {
    expect((await getJson('/api/history?date=2010-01-01')).status).toBe(404);
  });

  it('labels the heatmap as an estimate, and 404s a range without open interest', async () => {
    const ok = await getJson('/api/heatmap?from=2025-12-05&to=2025-12-08');
    expect(ok.status).toBe(200);
    expect(ok.body['note']).toMatch(/ESTIMATES/);
    expect((ok.body['openInterest'] as { source: string; note: unknown }).source).toBe('hourly');
    // Binance daily open interest is stored from 2025-11-07, hourly from 2025-12-04; before that,
    // nothing: the 404 says so in words, with the dates that have open interest.
    const none = await getJson('/api/heatmap?from=2025-10-01&to=2025-10-02');
    expect(none.status).toBe(404);
    expect(none.body['error']).toBe(
      'no USD open interest stored for binance BTC/USDT:USDT for 2025-10-01..2025-10-02 (open interest is stored hourly 2025-12-04..2026-03-31, daily 2025-11-07..2025-12-06)',
    );
  });

  it("2025-11-21 (the event view's request): the map over daily open interest, the gap stated", async () => {
    const { status, body } = await getJson(
      '/api/heatmap?from=2025-11-15&to=2025-11-22&gridEvery=1',
    );
    expect(status).toBe(200);
    const doc = body as {
      candles: { ts: number }[];
      grid: { rows: { ts: number; values: number[] }[] };
      map: { levels: unknown[] };
      openInterest: { source: string; extendedFromMs: number | null; note: string };
    };
    expect(doc.openInterest.source).toBe('daily-carried-forward');
    expect(doc.openInterest.note).toBe(
      'open interest for 2025-11-15..2025-11-22 is Binance daily (2025-11-07..2025-12-06, the 00:00 UTC snapshot of each day), carried forward to the 1h candles; no hourly open interest stored before 2025-12-04; the book starts 2025-11-07 (earlier daily snapshots as history)',
    );
    // The book ran from 2025-11-07; the document holds the requested days only.
    expect(doc.openInterest.extendedFromMs).toBe(Date.parse('2025-11-07T00:00:00Z'));
    expect(doc.candles).toHaveLength(8 * 24);
    expect(doc.candles[0]?.ts).toBe(Date.parse('2025-11-15T00:00:00Z'));
    expect(doc.grid.rows).toHaveLength(8 * 24);
    expect(doc.grid.rows.some((r) => r.values.some((v) => v > 0))).toBe(true);
    expect(doc.map.levels.length).toBeGreaterThan(0);
  });

  it('returns stored realized liquidation buckets for a range', async () => {
    const { status, body } = await getJson(
      '/api/liquidations?symbol=BTC&from=2025-11-24&to=2025-11-24T23:59:59Z',
    );
    expect(status).toBe(200);
    const realized = body['realized'] as { buckets: { longUsd: number }[]; streamed: unknown[] };
    expect(realized.buckets).toHaveLength(24);
    expect(realized.streamed).toEqual([]);
    // No hourly open interest before 2025-12-04: the daily one carried forward stands in.
    const estimated = body['estimated'] as {
      unavailable: string | null;
      openInterest: { source: string; note: string } | null;
      candles: unknown[];
    };
    expect(estimated.unavailable).toBeNull();
    expect(estimated.openInterest?.source).toBe('daily-carried-forward');
    expect(estimated.openInterest?.note).toMatch(/^open interest for 2025-11-24 is Binance daily/);
    expect(estimated.candles).toHaveLength(24);
  });

  it('adds labelled per-candle estimates where open interest is stored', async () => {
    const { body } = await getJson(
      '/api/liquidations?symbol=BTC&from=2025-12-05&to=2025-12-06T23:59:59Z',
    );
    const estimated = body['estimated'] as {
      estimate: boolean;
      note: string;
      unavailable: string | null;
      candles: { estimatedLongLiquidatedUsd: number }[];
    };
    expect(estimated.estimate).toBe(true);
    expect(estimated.note).toMatch(/ESTIMATES/);
    expect(estimated.unavailable).toBeNull();
    expect(estimated.candles).toHaveLength(48);
    expect(estimated.candles.every((c) => c.estimatedLongLiquidatedUsd >= 0)).toBe(true);
  });
});
