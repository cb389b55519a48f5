/**
 * Dashboard load benchmark (issue 8): navigation start → first chart drawn (the app's
 * `cascade:first-chart` performance mark, set two animation frames after the candles are set) with
 * a year of hourly BTC candles (`days=365`: 8,760 bars), in Debian's Chromium driven by
 * playwright-core, each sample in a fresh browser context (cold HTTP cache).
 * Baseline, same origin and same run: fetching and parsing the same candles JSON only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { IN_MEMORY, loadEmbeddedDataset, openDuckDbStore } from '@cascade/adapters';
import { startServer } from '@cascade/server';
import { chromium } from 'playwright-core';
import { report } from './harness.js';

const root = new URL('..', import.meta.url).pathname;
const CHROMIUM = '/usr/bin/chromium';
const SAMPLES = 9;
const DATE = '2025-11-21';
const DAYS = 365;
const DAY_MS = 86_400_000;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * The event view's candles request for DAYS days up to DATE, in the columnar form the dashboard
 * asks for (packages/dashboard/src/event-data.ts).
 */
function candlesPath() {
  const start = Date.parse(`${DATE}T00:00:00Z`);
  const query = new URLSearchParams({
    symbol: 'BTC/USDT',
    timeframe: '1h',
    from: String(start - (DAYS - 1) * DAY_MS),
    to: String(start + 2 * DAY_MS - 1),
    format: 'columns',
  });
  return `/api/candles?${query.toString()}`;
}

async function firstChartMs(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${url}/#view=event&date=${DATE}&symbol=BTC%2FUSDT&days=${DAYS}`);
  await page.waitForSelector('#view[data-first-chart="drawn"]', { timeout: 60_000 });
  const sample = await page.evaluate(`(() => {
    const mark = performance.getEntriesByName('cascade:first-chart')[0];
    const received = performance.getEntriesByName('cascade:candles-received')[0];
    const candles = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/candles'));
    const bars = Number(document.querySelector('[data-chart="price"]').dataset.points);
    return {
      firstChartMs: mark.startTime,
      candlesResponseEndMs: candles.responseEnd,
      candlesParsedMs: received.startTime,
      bars,
    };
  })()`);
  await context.close();
  return sample;
}

async function fetchOnlyMs(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}/api/health`);
  const ms = await page.evaluate(`(async () => {
    const t0 = performance.now();
    const body = await (await fetch(${JSON.stringify(candlesPath())})).json();
    if (body.columns.tsMs.length < 8000) throw new Error('expected a year of hourly candles');
    return performance.now() - t0;
  })()`);
  await context.close();
  return ms;
}

export async function run() {
  if (!existsSync(CHROMIUM)) {
    report({
      bench: 'dashboard-first-chart',
      skipped: `${CHROMIUM} missing (apt-get install chromium)`,
    });
    return;
  }
  if (!existsSync(join(root, 'packages/dashboard/dist/index.html'))) {
    execFileSync('npm', ['run', 'build', '-w', 'packages/dashboard'], {
      cwd: root,
      stdio: 'ignore',
    });
  }
  process.env['CASCADE_LOG_LEVEL'] ??= 'warn';
  const store = await openDuckDbStore(IN_MEMORY);
  await loadEmbeddedDataset(store, root);
  const server = await startServer({ store, port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    await firstChartMs(browser, server.url); // warm-up: server caches, Chromium start-up
    await fetchOnlyMs(browser, server.url);
    const loads = [];
    const fetches = [];
    for (let i = 0; i < SAMPLES; i++) {
      loads.push(await firstChartMs(browser, server.url));
      fetches.push(await fetchOnlyMs(browser, server.url));
    }
    const firstChart = loads.map((s) => s.firstChartMs);
    report({
      bench: 'dashboard-first-chart',
      bars: loads[0].bars,
      samples: SAMPLES,
      firstChartMinMs: Math.min(...firstChart),
      firstChartMedianMs: median(firstChart),
      firstChartMaxMs: Math.max(...firstChart),
      candlesResponseEndMedianMs: median(loads.map((s) => s.candlesResponseEndMs)),
      candlesParsedMedianMs: median(loads.map((s) => s.candlesParsedMs)),
      baselineFetchJsonMinMs: Math.min(...fetches),
      baselineFetchJsonMedianMs: median(fetches),
      ratioMedian: median(firstChart) / median(fetches),
      targetMs: 1500,
    });
  } finally {
    await browser.close();
    await server.close();
    await store.close();
  }
}
