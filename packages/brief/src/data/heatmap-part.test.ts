/**
 * The heatmap estimate over an in-memory store holding the real Coinglass hourly BTC file of
 * data/derivatives/ (price, Binance open interest; data/SOURCES.md), as `cascade data init` does.
 */
import { IN_MEMORY, openDuckDbStore, type DuckDbMarketStore } from '@cascade/adapters';
import { parseCoinglassCsv, readMaybeGzip, repoRoot } from '@cascade/services';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHeatmapEstimate } from './heatmap-part.js';

let store: DuckDbMarketStore;

beforeAll(async () => {
  const dir = join(repoRoot(), 'data', 'derivatives');
  const name = readdirSync(dir).find((n) => n.startsWith('coinglass_BTC_1h_liqAgg_binanceOI'));
  if (name === undefined) throw new Error('Coinglass liqAgg file missing from data/derivatives');
  const { candles } = parseCoinglassCsv(await readMaybeGzip(join(dir, name)), name);
  const key = { exchange: 'binance', symbol: 'BTC/USDT:USDT' };
  store = await openDuckDbStore(IN_MEMORY);
  await store.upsert(
    'candles',
    Array.from(candles.ts, (tsMs, i) => ({
      ...key,
      timeframe: '1h',
      tsMs,
      open: candles.open[i] ?? 0,
      high: candles.high[i] ?? 0,
      low: candles.low[i] ?? 0,
      close: candles.close[i] ?? 0,
      volumeBase: 0,
      volumeQuote: null,
      trades: null,
    })),
  );
  await store.upsert(
    'open_interest',
    Array.from(candles.ts, (tsMs, i) => ({ ...key, intervalMs: 3_600_000, tsMs, openInterestBase: null, openInterestUsd: candles.openInterest[i] ?? null })),
  );
});
afterAll(() => store.close());

describe('loadHeatmapEstimate', () => {
  it('finds long clusters below and short clusters above the close, within the band', async () => {
    const close = 88_621;
    const e = await loadHeatmapEstimate(store, '2025-12-22', close);
    expect(e).toBeDefined();
    expect(e?.source).toContain('estimate');
    expect(e?.longBelowUsd).toBeGreaterThan(0);
    expect(e?.shortAboveUsd).toBeGreaterThan(0);
    for (const c of e?.clusters ?? []) {
      expect(c.side === 'long' ? c.priceUsd < close : c.priceUsd > close).toBe(true);
      expect(Math.abs(c.priceUsd / close - 1)).toBeLessThanOrEqual(0.1);
    }
  });

  it('gives no estimate before the stored open interest starts, or without a store', async () => {
    expect(await loadHeatmapEstimate(store, '2025-11-21', 85_129)).toBeUndefined();
    expect(await loadHeatmapEstimate(undefined, '2025-12-22', 88_621)).toBeUndefined();
  });
});
