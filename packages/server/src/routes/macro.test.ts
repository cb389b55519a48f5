// Over the embedded dataset (data/equities/yahoo_GSPC_1d_*.csv.gz, sources in data/SOURCES.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CascadeApp } from '../app.js';
import type { ServerContext } from '../context.js';
import { datasetContext, local, testApp } from '../testing/test-context.js';

let context: ServerContext;
let api: CascadeApp;
beforeAll(async () => {
  context = await datasetContext();
  api = testApp(context);
}, 60_000);
afterAll(() => context.store.close());

describe('GET /api/macro', () => {
  it('returns the S&P 500 closes of a range in date order', async () => {
    const response = await api.app.request(
      '/api/macro?series=%5EGSPC&from=2025-11-17&to=2025-11-21T23:59:59Z',
      local(),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { points: { date: string; value: number }[] };
    expect(body.points.map((p) => p.date)).toEqual([
      '2025-11-17',
      '2025-11-18',
      '2025-11-19',
      '2025-11-20',
      '2025-11-21',
    ]);
    // S&P 500 rose 0.98% on 2025-11-21 (cascade history: spxReturn 0.009823).
    const [thursday, friday] = body.points.slice(-2).map((p) => p.value);
    expect(friday! / thursday! - 1).toBeCloseTo(0.009823, 5);
  });

  it('names the field of an invalid series id', async () => {
    const response = await api.app.request('/api/macro?series=drop%20table', local());
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: { path: string }[] };
    expect(body.issues[0]?.path).toBe('query.series');
  });
});
