// "position-book" position sources read the server's store (the embedded dataset, data/SOURCES.md,
// loaded into an in-memory store): POST /api/simulate and the stress job name the model.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLiquidationModel, modelLabel, repoRoot } from '@cascade/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CascadeApp } from './app.js';
import type { ServerContext } from './context.js';
import type { JobView } from './jobs/job-queue.js';
import { binanceLong, datasetContext, local, testApp } from './testing/test-context.js';

const example = JSON.parse(
  readFileSync(join(repoRoot(), 'examples', 'scenarios', '2026-02-05-position-book.json'), 'utf8'),
) as { positions: { asOf: string }[] };
const label = modelLabel(loadLiquidationModel());

let context: ServerContext;
let api: CascadeApp;
beforeAll(async () => {
  context = await datasetContext();
  api = testApp(context);
}, 60_000);
afterAll(() => context.store.close());

const post = (path: string, body: unknown) =>
  api.app.request(
    path,
    local({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );

interface From {
  model: string;
  asOf: string;
  positions: number;
}

describe('position-book sources on the server', () => {
  it('POST /api/simulate draws the 2026-02-05 example from the store and names the model', async () => {
    const response = await post('/api/simulate', example);
    expect(response.status).toBe(200);
    const { summary } = (await response.json()) as {
      summary: { positionsFrom: From[]; totalLiquidatedUsd: number };
    };
    expect(summary.positionsFrom).toEqual([
      expect.objectContaining({ model: label, asOf: '2026-02-04', positions: 20_000 }),
    ]);
    expect(summary.totalLiquidatedUsd).toBeGreaterThan(0);
  }, 60_000);

  it('answers 400 naming the date and the stored range for a day without open interest', async () => {
    const scenario = structuredClone(example);
    scenario.positions[0]!.asOf = '2025-06-01';
    const response = await post('/api/simulate', scenario);
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(
      /no open interest stored for binance BTC\/USDT:USDT on 2025-06-01 \(stored: \d{4}-\d{2}-\d{2}\.\.2026-03-31\)/,
    );
  });

  it('runs a stress job in the position book of the last stored day when no scenario is given', async () => {
    const accepted = await post('/api/stress', { positions: [binanceLong(70_000, 20)], runs: 16 });
    expect(accepted.status).toBe(202);
    const { id } = (await accepted.json()) as { id: string };
    await context.jobs.idle();
    const job = (await (await api.app.request(`/api/jobs/${id}`, local())).json()) as JobView & {
      result: { positionsFrom: From[]; positions: unknown[] };
    };
    expect(job.status, JSON.stringify(job)).toBe('done');
    expect(job.result.positionsFrom[0]).toMatchObject({ asOf: '2026-03-31', model: label });
    expect(job.result.positions).toHaveLength(1);
  }, 60_000);
});
