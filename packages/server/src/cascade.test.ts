import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@cascade/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerContext } from './context.js';
import type { JobView } from './jobs/job-queue.js';
import { startServer, type RunningServer } from './serve.js';
import { binanceLong, silentLogger, testContext } from './testing/test-context.js';

const example = JSON.parse(
  readFileSync(join(repoRoot(), 'examples', 'scenarios', '2025-11-21.json'), 'utf8'),
) as Record<string, unknown>;

let context: ServerContext;
let server: RunningServer;
beforeAll(async () => {
  context = await testContext();
  server = await startServer({ store: context.store, port: 0, logger: silentLogger });
});
afterAll(async () => {
  await server.close();
  await context.store.close();
});

const post = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

interface SseEvent {
  event: string;
  data: string;
}

/** Reads a server-sent event stream to its end. */
async function readSse(response: Response): Promise<SseEvent[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.includes('data:'))
    .map((block) => {
      const lines = block.split('\n');
      const field = (name: string) =>
        lines
          .filter((l) => l.startsWith(`${name}:`))
          .map((l) => l.slice(name.length + 1).trimStart())
          .join('\n');
      return { event: field('event'), data: field('data') };
    });
}

describe('POST /api/simulate', () => {
  it('runs the posted scenario: the CLI summary plus per-step series that add up to it', async () => {
    const response = await post('/api/simulate', example);
    expect(response.status).toBe(200);
    const { summary, series } = (await response.json()) as {
      summary: {
        totalLiquidatedUsd: number;
        longLiquidatedUsd: number;
        minPrice: number;
        eventLogHash: string;
      };
      series: {
        priceUsd: number[];
        longLiquidatedUsd: number[];
        shortLiquidatedUsd: number[];
        adlUsd: number[];
      };
    };
    expect(summary.totalLiquidatedUsd).toBeGreaterThan(1e9);
    expect(series.priceUsd.length).toBeLessThanOrEqual(2_000);
    expect(Math.min(...series.priceUsd)).toBeCloseTo(summary.minPrice, 6);
    const longs = series.longLiquidatedUsd.reduce((a, b) => a + b, 0);
    const shorts = series.shortLiquidatedUsd.reduce((a, b) => a + b, 0);
    expect(longs / summary.longLiquidatedUsd).toBeCloseTo(1, 6);
    expect((longs + shorts) / summary.totalLiquidatedUsd).toBeCloseTo(1, 6);
    // ADL is cumulative.
    expect(series.adlUsd.every((v, k) => k === 0 || v >= (series.adlUsd[k - 1] ?? 0))).toBe(true);
  });

  it('refuses file references outside data/ and examples/, naming the field', async () => {
    const response = await post('/api/simulate', {
      ...example,
      book: { kind: 'binance-depth-snapshot', file: '/etc/passwd', tickSize: 0.1, levels: 100 },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: { path: string }[] };
    expect(body.issues.map((i) => i.path)).toEqual(['body.book.file']);
  });
});

describe('jobs: POST /api/montecarlo → GET /api/jobs/:id/events → result', () => {
  it('streams progress to the finished job with the montecarlo document', async () => {
    const accepted = await post('/api/montecarlo', { scenario: '2025-11-21', runs: 64 });
    expect(accepted.status).toBe(202);
    const { id, url } = (await accepted.json()) as { id: string; url: string };
    expect(url).toBe(`/api/jobs/${id}`);
    const stream = await fetch(`${server.url}/api/jobs/${id}/events`);
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = await readSse(stream);
    const progress = events.filter((e) => e.event === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    const done = events.at(-1);
    expect(done?.event).toBe('done');
    const job = JSON.parse(done?.data ?? '{}') as JobView & {
      result: { runs: number; liquidatedUsd: { p50: number; p99: number } };
    };
    expect(job.status).toBe('done');
    expect(job.progress).toEqual({ done: 64, total: 64 });
    expect(job.result.runs).toBe(64);
    expect(job.result.liquidatedUsd.p99).toBeGreaterThanOrEqual(job.result.liquidatedUsd.p50);
    // Progress never goes backwards.
    const dones = progress.map((e) => (JSON.parse(e.data) as JobView).progress.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    // The same job by GET.
    const fetched = (await (await fetch(`${server.url}${url}`)).json()) as JobView;
    expect(fetched.status).toBe('done');
  });

  it('runs a stress job on posted positions', async () => {
    const position = binanceLong(87_000, 50);
    const accepted = await post('/api/stress', {
      scenario: '2025-11-21',
      positions: [position],
      runs: 32,
    });
    expect(accepted.status).toBe(202);
    const { id } = (await accepted.json()) as { id: string };
    await context.jobs.idle();
    await server.context.jobs.idle();
    const job = (await (await fetch(`${server.url}/api/jobs/${id}`)).json()) as JobView & {
      result: { positions: { probabilityOfLiquidation: number }[] };
    };
    expect(job.status).toBe('done');
    // A 50x long from 87,000 (liquidation ~85.6k, start 86,637): most seeded shocks reach it.
    const [row] = job.result.positions;
    expect(row?.probabilityOfLiquidation).toBeGreaterThan(0.5);
    expect(row?.probabilityOfLiquidation).toBeLessThanOrEqual(1);
  });

  it('answers 404 for an unknown job and an unknown example', async () => {
    const missing = await fetch(`${server.url}/api/jobs/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect((await post('/api/montecarlo', { scenario: 'nope' })).status).toBe(404);
  });
});
