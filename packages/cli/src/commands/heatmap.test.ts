import { openDuckDbStore, storePath } from '@cascade/adapters';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { captureIo } from '../testing/capture-io.js';
import type { WalkForwardReport } from '@cascade/analytics';
import {
  leverageBuckets,
  loadLiquidationModel,
  parseLeverageMix,
  repoRoot,
} from '@cascade/services';

const HEADER =
  'timestamp,price_open,price_high,price_low,price_close,liquidation_long_usd,liquidation_short_usd,oi_close';

function csv(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'heatmap-'));
  const file = join(dir, 'in.csv');
  writeFileSync(file, [HEADER, ...lines].join('\n'));
  return file;
}

async function run(...argv: string[]) {
  const t = captureIo({}, '/');
  const code = await main(['heatmap', ...argv], t);
  return { code, stdout: t.out.join(''), stderr: t.err.join('') };
}

describe('cascade heatmap', () => {
  it('prints per-candle estimates and the final map as JSON', async () => {
    const file = csv([
      '0,90000,90000,90000,90000,0,0,1000000000',
      '3600000,90000,90000,85000,86000,0,0,1000000000',
    ]);
    const r = await run('--input', file, '--format', 'coinglass', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as HeatmapDoc;
    expect(out.candles).toHaveLength(2);
    expect(out.candles[1]?.ts).toBe(3_600_000);
    expectFittedModel(out);
    // The forecast: a 4.4% fall liquidates longs, and a bar that never rose above its open
    // liquidates fewer shorts than longs.
    const c1 = out.candles[1];
    expect(c1?.estimatedLongLiquidatedUsd).toBeGreaterThan(0);
    expect(c1?.estimatedLongLiquidatedUsd).toBeGreaterThan(c1?.estimatedShortLiquidatedUsd ?? 0);
    // The book: the drop to 85,000 consumed every long level at or above it (25x/50x/100x), and
    // the 10x/5x long levels below it are still live.
    expect(out.map.estimate).toBe(true);
    const longs = out.map.levels.filter((l) => l.longUsd.some((v) => v > 0));
    expect(longs.length).toBeGreaterThan(0);
    expect(Math.max(...longs.map((l) => l.price))).toBeLessThan(85_000);
    const g = await run('--input', file, '--json', '--grid-every', '1');
    const grid = (
      JSON.parse(g.stdout) as { grid: { prices: number[]; rows: { values: number[] }[] } }
    ).grid;
    expect(grid.rows).toHaveLength(2);
    expect(grid.rows[0]?.values.reduce((a, v) => a + v, 0)).toBeCloseTo(1e9, -2);
    expect(grid.rows[0]?.values).toHaveLength(grid.prices.length);
  });

  it('reads candles and USD open interest from the store (--symbol --from --to)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heatmap-store-'));
    const store = await openDuckDbStore(storePath(dir));
    const t0 = Date.parse('2025-11-21T00:00:00Z');
    const bar = (i: number, o: number, h: number, l: number, c: number) => ({
      exchange: 'binance',
      symbol: 'BTC/USDT',
      timeframe: '1h',
      tsMs: t0 + i * 3_600_000,
      open: o,
      high: h,
      low: l,
      close: c,
      volumeBase: 1,
      volumeQuote: null,
      trades: null,
    });
    await store.upsert('candles', [
      bar(0, 90000, 90000, 90000, 90000),
      bar(1, 90000, 90000, 85000, 86000),
    ]);
    await store.upsert(
      'open_interest',
      [0, 1].map((i) => ({
        exchange: 'binance',
        symbol: 'BTC/USDT:USDT',
        intervalMs: 3_600_000,
        tsMs: t0 + i * 3_600_000,
        openInterestBase: null,
        openInterestUsd: 1e9,
      })),
    );
    await store.close();
    const r = await run(
      '--symbol',
      'BTC/USDT:USDT',
      '--from',
      '2025-11-21',
      '--to',
      '2025-11-21',
      '--json',
      '--data-dir',
      dir,
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as HeatmapDoc;
    expectFittedModel(out);
    // Same market as the CSV case above (spot candles stand in for the perpetual's).
    const csvRun = await run(
      '--input',
      csv([
        '0,90000,90000,90000,90000,0,0,1000000000',
        '3600000,90000,90000,85000,86000,0,0,1000000000',
      ]),
      '--json',
    );
    const fromFile = JSON.parse(csvRun.stdout) as HeatmapDoc;
    expect(out.candles[1]?.estimatedLongLiquidatedUsd).toBe(
      fromFile.candles[1]?.estimatedLongLiquidatedUsd,
    );
    const none = await run(
      '--symbol',
      'ETH/USDT:USDT',
      '--from',
      '2025-11-21',
      '--to',
      '2025-11-21',
      '--data-dir',
      dir,
    );
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--symbol');
  });

  it('invalid input exits 2 naming the line and column, nothing on stdout', async () => {
    const file = csv([
      '0,90000,90000,90000,90000,0,0,1000',
      '3600000,90000,x,85000,86000,0,0,1000',
    ]);
    const r = await run('--input', file);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('line 3, price_high');
    const good = csv([
      '0,90000,90000,90000,90000,0,0,1000',
      '3600000,90000,90000,89000,89500,0,0,1000',
    ]);
    const bad = await run('--input', good, '--leverage', '10:a');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--leverage');
  });

  it('takes liquidation ratios from the Binance tier table, not entry·(1−1/L)', () => {
    const [b] = leverageBuckets(parseLeverageMix('10:1'), 'binance', 'BTC/USDT:USDT', 90000, 1e4);
    // Binance BTCUSDT tier 1 mmr 0.4%: long liq = entry·(1 − 1/10)/(1 − 0.004).
    expect(b?.longRatio).toBeCloseTo(0.9 / 0.996, 9);
    expect(b?.longRatio).not.toBeCloseTo(0.9, 4);
  });

  // Source: data/derivatives/coinglass_BTC_1h_liqAgg_binanceOI_funding_price_2025-12-04_2026-03-31.csv.gz
  // (Coinglass hourly Binance OI + Binance/Bybit/OKX realized liquidations; data/SOURCES.md).
  // Four-week folds keep the test short; docs/heatmap.md has the weekly run.
  it('walk-forward: the forecast beats the range × OI baseline on long and short out of sample', async () => {
    const file = join(
      repoRoot(),
      'data/derivatives/coinglass_BTC_1h_liqAgg_binanceOI_funding_price_2025-12-04_2026-03-31.csv.gz',
    );
    const r = await run('--input', file, '--validate', '--refit-every', '28', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as WalkForwardReport;
    expect(out.folds.map((f) => new Date(f.originMs).toISOString().slice(0, 10))).toEqual([
      '2026-02-01',
      '2026-03-01',
      '2026-03-29',
    ]);
    for (const fold of out.folds) expect(fold.model.training.toMs).toBeLessThan(fold.originMs);
    for (const side of ['long', 'short'] as const) {
      expect(out.spearmanGainOverRange[side].low).toBeGreaterThan(0.03);
      expect(out.pinballRatioToRange[side].high).toBeLessThan(1);
    }
    const ratio = out.scores.forecast.total.totalRatio;
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(1.25);
  }, 60_000);
});

interface HeatmapDoc {
  model: { version: string; label: string; training: { fromMs: number; toMs: number } };
  candles: {
    ts: number;
    estimatedLongLiquidatedUsd: number;
    estimatedShortLiquidatedUsd: number;
  }[];
  map: { estimate: boolean; levels: { price: number; longUsd: number[] }[] };
}

function expectFittedModel(doc: HeatmapDoc): void {
  const model = loadLiquidationModel();
  expect(doc.model.version).toBe(model.version);
  expect(doc.model.training.toMs).toBe(model.training.toMs);
  expect(doc.model.label).toContain('fitted on');
}
