import { openDuckDbStore, storePath } from '@cascade/adapters';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { captureIo } from '../testing/capture-io.js';
import { leverageBuckets, parseLeverageMix, repoRoot } from '@cascade/services';

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

interface M {
  spearman: number;
  topDecileHitRate: number;
}

describe('cascade heatmap', () => {
  it('prints per-candle estimates and the final map as JSON', async () => {
    const file = csv([
      '0,90000,90000,90000,90000,0,0,1000000000',
      '3600000,90000,90000,85000,86000,0,0,1000000000',
    ]);
    const r = await run('--input', file, '--format', 'coinglass', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      candles: { ts: number; estimatedLongLiquidatedUsd: number }[];
      map: { estimate: boolean; levels: unknown[] };
    };
    expect(out.candles).toHaveLength(2);
    expect(out.candles[1]?.ts).toBe(3_600_000);
    // A 5.6% drop through the 25x/50x/100x long levels (30% + 15% + 10% of half the OI), not 10x/5x.
    expect(out.candles[1]?.estimatedLongLiquidatedUsd).toBeCloseTo(0.5 * 0.55 * 1e9, -3);
    expect(out.map.estimate).toBe(true);
    expect(out.map.levels.length).toBeGreaterThan(0);
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
    const out = JSON.parse(r.stdout) as { candles: { estimatedLongLiquidatedUsd: number }[] };
    // Same market as the CSV case above (spot candles stand in for the perpetual's).
    expect(out.candles[1]?.estimatedLongLiquidatedUsd).toBeCloseTo(0.5 * 0.55 * 1e9, -3);
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
  it('validation on the Coinglass file: the naive range baseline still wins out of sample', async () => {
    const file = join(
      repoRoot(),
      'data/derivatives/coinglass_BTC_1h_liqAgg_binanceOI_funding_price_2025-12-04_2026-03-31.csv.gz',
    );
    const r = await run('--input', file, '--validate', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      models: { name: string; test: { total: M }; train: { total: M } }[];
    };
    const by = (name: string) => out.models.find((m) => m.name === name);
    const est = by('estimator');
    const base = by('baseline');
    expect(base?.test.total.spearman).toBeCloseTo(0.847, 2);
    expect(est?.test.total.spearman).toBeCloseTo(0.625, 2);
    expect(est?.test.total.spearman ?? 1).toBeLessThan(base?.test.total.spearman ?? 0);
  });
});
