/**
 * End to end: the real server (`cascade serve` over a temporary store with the embedded dataset)
 * and the built dashboard in Debian's Chromium, driven by playwright-core. Screenshots go to
 * test-artifacts/ at 1280×800 and 390×844.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  buildDashboard,
  REPO_ROOT,
  startServerProcess,
  type ServerProcess,
} from './server-process.js';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const haveChromium = existsSync(CHROMIUM);

if (!haveChromium) {
  if (process.env['CI'] !== undefined && process.env['CI'] !== '') {
    throw new Error(`${CHROMIUM} is missing: .ci/run installs the Debian chromium package`);
  }
  console.warn(
    `\n!!! SKIPPING the dashboard end-to-end tests: ${CHROMIUM} is missing (apt-get install chromium) !!!\n`,
  );
}

/**
 * Non-background pixels in the largest canvas of a chart container (0 = blank chart). Browser
 * code is passed as a string: this file is type-checked against Node's globals, not the DOM's.
 */
const INKED_PIXELS = `(selector) => {
  const canvases = [...document.querySelectorAll(selector + ' canvas')];
  const canvas = canvases.sort((a, b) => b.width * b.height - a.width * a.height)[0];
  const context = canvas && canvas.getContext('2d');
  if (!context) return 0;
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  let inked = 0;
  for (let i = 0; i < data.length; i += 4) {
    const d = Math.abs(data[i] - data[0]) + Math.abs(data[i + 1] - data[1]) + Math.abs(data[i + 2] - data[2]);
    if (d > 40) inked++;
  }
  return inked;
}`;

async function inkedPixels(page: Page, chart: string): Promise<number> {
  return Number(
    await page.evaluate(`(${INKED_PIXELS})(${JSON.stringify(`[data-chart="${chart}"]`)})`),
  );
}

const REPORT_CSP_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (event) => {
  console.error('CSP violation: ' + event.violatedDirective + ' ' + event.sourceFile + ':' + event.lineNumber);
});`;

const points = async (page: Page, chart: string): Promise<number> =>
  Number(await page.getAttribute(`[data-chart="${chart}"]`, 'data-points'));

describe.skipIf(!haveChromium)('dashboard in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  const violations: string[] = [];
  const pageErrors: string[] = [];

  async function open(hash: string, width = 1280, height = 800, url = server.url): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.addInitScript(REPORT_CSP_VIOLATIONS);
    page.on('console', (message) => {
      if (message.text().startsWith('CSP violation')) violations.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${url}#${hash}`);
    return page;
  }

  beforeAll(async () => {
    expect(buildDashboard(), 'vite build writes packages/dashboard/dist').toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startServerProcess();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 240_000);

  afterAll(async () => {
    await browser.close();
    await server.stop();
    expect(pageErrors).toEqual([]);
    expect(violations).toEqual([]);
  });

  it('event view: candles with data, overlays, tables; desktop and phone screenshots', async () => {
    const page = await open('view=event&date=2025-11-21&symbol=BTC%2FUSDT&days=7');
    await page.waitForSelector('#view[data-first-chart="drawn"]', { timeout: 90_000 });
    expect(await points(page, 'price')).toBeGreaterThanOrEqual(7 * 24);
    expect(await inkedPixels(page, 'price')).toBeGreaterThan(2_000);
    await page.waitForSelector('.panel[data-state="loading"]', {
      state: 'detached',
      timeout: 120_000,
    });
    const panels = page.locator('.panel[data-state]');
    const states: string[] = [];
    for (let i = 0; i < (await panels.count()); i++) {
      const title = (await panels.nth(i).locator('h2').textContent()) ?? '';
      const body = (await panels.nth(i).textContent()) ?? '';
      states.push(`${title}: ${(await panels.nth(i).getAttribute('data-state')) ?? ''} ${body}`);
    }
    expect(states.filter((state) => !state.includes(': ready '))).toEqual([]);
    // No hourly open interest before 2025-12-04: the heatmap is drawn over Binance's daily open
    // interest carried forward, and the note under the chart says so.
    await page.waitForSelector('.chart-status[data-heatmap="daily-carried-forward"]', {
      timeout: 90_000,
    });
    const chartStatus = (await page.textContent('.chart-status')) ?? '';
    expect(chartStatus).toContain(
      'Estimated heatmap: open interest for 2025-11-15..2025-11-22 is Binance daily (2025-11-07..2025-12-06',
    );
    expect(chartStatus).not.toContain('not drawn');
    await page.waitForSelector('[data-chart="macro"][data-points]', { timeout: 90_000 });
    expect(await points(page, 'macro')).toBeGreaterThan(60);
    expect(await inkedPixels(page, 'macro')).toBeGreaterThan(500);
    const highlighted = await page.textContent('table.data tr.highlight');
    expect(highlighted).toContain('2025-11-21');
    expect(await page.getAttribute('a.tv-attr', 'href')).toBe('https://www.tradingview.com/');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-event-1280x800.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    expect(await inkedPixels(page, 'price')).toBeGreaterThan(1_000);
    const overflow = Number(
      await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-event-390x844.png') });
    await page.close();
  }, 300_000);

  it('simulator: a cascade run from the form shows its price path, then Monte Carlo quantiles', async () => {
    const page = await open('view=simulator&date=2025-11-21');
    await page.fill('input[name="positions"]', '4000');
    await page.click('button[name="simulate"]');
    await page.waitForSelector('[data-result="simulation"]', { timeout: 120_000 });
    const liquidated = await page.textContent(
      '[data-result="simulation"] .stat:first-child .stat-value',
    );
    expect(liquidated).toMatch(/^\$[\d.]+[KMB]?$/);
    expect(await points(page, 'simulation')).toBeGreaterThan(1);
    expect(await inkedPixels(page, 'simulation')).toBeGreaterThan(500);
    await page.fill('input[name="runs"]', '40');
    await page.click('button[name="montecarlo"]');
    await page.waitForSelector('[data-result="montecarlo"]', { timeout: 180_000 });
    expect(await page.textContent('[data-result="montecarlo"]')).toContain('p99');
    await page.screenshot({
      path: join(ARTIFACTS, 'dashboard-simulator-1280x800.png'),
      fullPage: true,
    });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-simulator-390x844.png') });
    await page.close();
  }, 360_000);

  it('simulator: positions from the fitted position book by default when the server stores open interest', async () => {
    const page = await open('view=simulator&date=2026-02-05');
    // The store holds Binance BTC/USDT:USDT open interest for 2026-02-04: the box ticks itself.
    await page.waitForSelector('input[name="positionBook"]:checked', { timeout: 30_000 });
    await page.fill('input[name="positions"]', '4000');
    await page.click('button[name="simulate"]');
    await page.waitForSelector('[data-result="positions-from"]', { timeout: 120_000 });
    const note = await page.textContent('[data-result="positions-from"]');
    expect(note).toContain(
      '4,000 positions from the fitted position book at the end of 2026-02-04',
    );
    expect(note).toMatch(/liquidation model btc-usdt-1h-v\d+: fitted on/);
    expect(await points(page, 'simulation')).toBeGreaterThan(1);
    await page.close();
  }, 180_000);

  it('stress test: liquidation prices as given and per venue, then probability of liquidation', async () => {
    const page = await open('view=stress&date=2025-11-21');
    const portfolio = readFileSync(
      join(REPO_ROOT, 'examples', 'portfolio-2025-11-20.json'),
      'utf8',
    );
    await page.fill('textarea[name="positions"]', portfolio);
    await page.click('button[name="liq-price"]');
    await page.waitForSelector('[data-result="liq-price"]', { timeout: 120_000 });
    // Record 0: Binance BTCUSDT isolated long, entry 91,554.96, 10x — `cascade liq-price` gives
    // 82,730.39 on Binance and 82,857.24 with Bybit's rules (entry-value maintenance margin).
    const firstRow = page.locator('[data-result="liq-price"] tbody tr').first();
    const cells = await firstRow.locator('td').allTextContents();
    expect(cells[2]).toBe('82,730.39');
    expect(cells[3]).toBe('82,730.39');
    expect(cells[4]).toBe('82,857.24');
    // Probability of liquidation: a stress job over the calibrated 2025-11-21 scenario.
    await page.fill('input[name="runs"]', '40');
    await page.click('button[name="stress"]');
    await page.waitForSelector('[data-result="stress"]', { timeout: 180_000 });
    const rows = page.locator('[data-result="stress"] tbody tr');
    expect(await rows.count()).toBe(9);
    expect(await rows.nth(0).locator('td').nth(3).textContent()).toMatch(/^\d{1,3}(\.\d)?%$/);
    expect(await rows.nth(3).textContent()).toContain('not simulated');
    await page.screenshot({
      path: join(ARTIFACTS, 'dashboard-stress-1280x800.png'),
      fullPage: true,
    });
    await page.close();
  }, 180_000);

  it('sign-in: behind CASCADE_TOKEN the page asks for the token once, then loads its data', async () => {
    const token = 'e2e-token-of-at-least-16-characters';
    const guarded = await startServerProcess(200_000, { CASCADE_TOKEN: token });
    try {
      const page = await open(
        'view=event&date=2025-11-21&symbol=BTC%2FUSDT&days=7',
        1280,
        800,
        guarded.url,
      );
      // Redirected to the form (the browser keeps the #fragment across the redirect).
      await page.waitForURL((u) => u.pathname === '/login');
      await page.fill('input[name="token"]', `${token}-wrong`);
      await page.click('button[type="submit"]');
      expect(await page.textContent('[role="alert"]')).toContain('not the one');
      await page.fill('input[name="token"]', token);
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/'),
        page.click('button[type="submit"]'),
      ]);
      await page.goto(`${guarded.url}#view=event&date=2025-11-21&symbol=BTC%2FUSDT&days=7`);
      await page.waitForSelector('#view[data-first-chart="drawn"]', { timeout: 90_000 });
      expect(await points(page, 'price')).toBeGreaterThanOrEqual(7 * 24);
      await page.screenshot({ path: join(ARTIFACTS, 'sign-in-then-event.png') });
      await page.close();
    } finally {
      await guarded.stop();
    }
  }, 240_000);

  it('brief: the article, or the 501 notice when the brief is not in this build', async () => {
    const page = await open('view=brief&date=2025-11-21');
    await page.waitForSelector('.panel[data-state="ready"], .panel[data-state="unavailable"]', {
      timeout: 180_000,
    });
    const state = await page.getAttribute('.panel[data-state]', 'data-state');
    if (state === 'ready') {
      const words = ((await page.textContent('article.brief')) ?? '').split(/\s+/).length;
      expect(words).toBeGreaterThan(800);
    } else {
      expect(await page.textContent('.panel')).toContain('501');
    }
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-brief-1280x800.png') });
    await page.close();
  }, 240_000);
});
