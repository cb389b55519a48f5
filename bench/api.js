/**
 * HTTP API benchmark (issue 8): `GET /api/event/summary` (the dashboard's first call) at a fixed
 * 200 requests/s on loopback for a bounded time, p99 target <= 50 ms; `GET /api/health` (no work)
 * at the same rate in the same run as the baseline. The server runs in its own process (`cascade
 * serve` on 127.0.0.1, a fresh store loaded with the embedded dataset); autocannon drives it from
 * this process with coordinated-omission correction (latencies count from the scheduled send).
 * Then, in this process, the handler cost alone: `app.request` of both paths (no socket).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { openDuckDbStore, storePath } from '@cascade/adapters';
import { createApp, JobQueue } from '@cascade/server';
import { pino } from 'pino';
import { report, timeMs } from './harness.js';

const root = new URL('..', import.meta.url).pathname;
const RATE = 200;
const SECONDS = Number(process.env['CASCADE_BENCH_API_SECONDS'] ?? 20);

/** Starts `cascade serve --port 0` and resolves with its URL and a stop function. */
async function startServer(dataDir) {
  const child = spawn(
    process.execPath,
    [join(root, 'packages/cli/bin/cascade.js'), 'serve', '--port', '0', '--data-dir', dataDir],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, CASCADE_LOG_LEVEL: 'warn' } },
  );
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`cascade serve exited with ${code}`)));
  });
  const stop = () =>
    new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGINT');
    });
  return { url, stop };
}

function load(url, path) {
  return autocannon({
    url: `${url}${path}`,
    connections: 10,
    overallRate: RATE,
    duration: SECONDS,
  });
}

function record(name, path, result, baseline) {
  const { latency, requests } = result;
  report({
    bench: 'api',
    name,
    path,
    targetRatePerS: RATE,
    seconds: SECONDS,
    requests: requests.total,
    achievedRatePerS: Math.round(requests.total / SECONDS),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: { p50: latency.p50, p90: latency.p90, p99: latency.p99, max: latency.max },
    ...(baseline ? { p99VsHealth: latency.p99 / Math.max(baseline.latency.p99, 1) } : {}),
    targetP99Ms: 50,
  });
}

/** The app in this process over the same store (after the server process stopped). */
async function inProcess(dataDir, summaryPath) {
  const store = await openDuckDbStore(storePath(dataDir));
  try {
    const context = {
      store,
      jobs: new JobQueue(),
      logger: pino({ level: 'silent' }),
      live: undefined,
      version: 'bench',
      startedMs: Date.now(),
    };
    const { app } = createApp(context, { loopbackOnly: true, dashboardDir: '/nonexistent' });
    const init = { headers: { host: '127.0.0.1' } };
    const request = async (path) => {
      const response = await app.request(path, init);
      await response.text();
    };
    await request(summaryPath); // build once (cached afterwards, as in the server)
    const health = await timeMs(() => request('/api/health'), { samples: 200 });
    const summary = await timeMs(() => request(summaryPath), { samples: 200 });
    report({ bench: 'api', name: 'in-process app.request', healthMs: health, summaryMs: summary });
  } finally {
    await store.close();
  }
}

export async function run() {
  const dir = await mkdtemp(join(tmpdir(), 'cascade-bench-api-'));
  const server = await startServer(dir);
  try {
    const summaryPath = '/api/event/summary?date=2025-11-21&symbol=BTC';
    const t0 = performance.now();
    const first = await fetch(`${server.url}${summaryPath}`);
    if (first.status !== 200) throw new Error(`summary answered ${first.status}`);
    await first.json();
    report({ bench: 'api', name: 'event-summary-first-build', ms: performance.now() - t0 });
    // Warm-up (not reported): the server process has just loaded the dataset; without it the
    // first run measured pays for JIT and GC of the load.
    await autocannon({
      url: `${server.url}/api/health`,
      connections: 10,
      overallRate: RATE,
      duration: 3,
    });
    const health = await load(server.url, '/api/health');
    record('health (baseline)', '/api/health', health);
    const summary = await load(server.url, summaryPath);
    record('event-summary', summaryPath, summary, health);
  } finally {
    await server.stop();
  }
  try {
    await inProcess(dir, '/api/event/summary?date=2025-11-21&symbol=BTC');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
