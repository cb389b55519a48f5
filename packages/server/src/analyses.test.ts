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
    // Binance daily open interest is stored from 2025-11-07, hourly from 2025-12-04.
    expect((await getJson('/api/heatmap?from=2025-11-20&to=2025-11-21')).status).toBe(200);
    expect((await getJson('/api/heatmap?from=2025-10-01&to=2025-10-02')).status).toBe(404);
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
    const estimated = body['estimated'] as { unavailable: string | null; candles: unknown[] };
    expect(estimated.unavailable).toBeNull();
    expect(estimated.candles.length).toBeGreaterThanOrEqual(24);
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
    expect(estimated.candles.length).toBeGreaterThan(24);
    expect(estimated.candles.every((c) => c.estimatedLongLiquidatedUsd >= 0)).toBe(true);
  });
});
