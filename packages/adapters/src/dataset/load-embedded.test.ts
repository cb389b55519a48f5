// The embedded dataset (data/, sources in data/SOURCES.md) loaded into an in-memory store, as
// `cascade data init` does: the daily Binance open interest sits beside the hourly series.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_MEMORY, openDuckDbStore, type DuckDbMarketStore } from '../store/duckdb-store.js';
import { importFile } from '../importers/import-file.js';
import { loadEmbeddedDataset } from './load-embedded.js';
import { EMBEDDED_DATASET } from './manifest.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const HOUR = 3_600_000;
const DAY = 86_400_000;
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const DAILY_FILE =
  'data/derivatives/binance_um_BTC_ETH_open_interest_value_1d_2025-11-07_2025-12-06.csv';
const HOURLY_FILE =
  'data/derivatives/coinglass_BTC_1h_liqAgg_binanceOI_funding_price_2025-12-04_2026-03-31.csv.gz';

let store: DuckDbMarketStore;
beforeAll(async () => {
  store = await openDuckDbStore(IN_MEMORY);
  await loadEmbeddedDataset(store, ROOT);
}, 120_000);
afterAll(() => store.close());

describe('embedded dataset: open interest', () => {
  it('lists the daily Binance open-interest file', () => {
    expect(EMBEDDED_DATASET).toContainEqual({ path: DAILY_FILE, kind: 'oi-value-daily' });
  });

  it('holds the 30 daily snapshots of BTC and ETH, stamped 00:00 UTC of their date', async () => {
    for (const symbol of ['BTC/USDT:USDT', 'ETH/USDT:USDT']) {
      const rows = await store.select('open_interest', {
        exchange: 'binance',
        symbol,
        intervalMs: DAY,
      });
      expect(rows, symbol).toHaveLength(30);
      expect(rows[0]?.tsMs).toBe(day('2025-11-07'));
      expect(rows.at(-1)?.tsMs).toBe(day('2025-12-06'));
      expect(rows.every((r) => r.tsMs % DAY === 0 && r.openInterestBase === null)).toBe(true);
    }
    // The file's rows of 2025-11-21, unchanged (decimals exact).
    const at = async (symbol: string) =>
      (
        await store.select('open_interest', {
          exchange: 'binance',
          symbol,
          intervalMs: DAY,
          fromMs: day('2025-11-21'),
          toMs: day('2025-11-21'),
        })
      )[0]?.openInterestUsd;
    expect(await at('BTC/USDT:USDT')).toBe(9097192182.318638);
    expect(await at('ETH/USDT:USDT')).toBe(5697785809.113894);
  });

  it('keeps the hourly series untouched where the days overlap (2025-12-04..06)', async () => {
    const hourly = await store.select('open_interest', {
      exchange: 'binance',
      symbol: 'BTC/USDT:USDT',
      intervalMs: HOUR,
    });
    expect(hourly).toHaveLength(2_821);
    expect(hourly[0]?.tsMs).toBe(Date.parse('2025-12-04T06:00:00Z'));
    // Coinglass oi_close of the bar opened 2025-12-05 00:00 (the open interest at 01:00).
    expect(hourly.find((r) => r.tsMs === day('2025-12-05'))?.openInterestUsd).toBe(8243170195);
    // Only the two series exist; no other interval was created.
    expect(await store.count('open_interest')).toBe(2_821 + 60);
  });

  it('re-importing either file changes nothing in the other series', async () => {
    await importFile(store, join(ROOT, HOURLY_FILE), 'oi-ohlc', {
      exchange: 'binance',
      symbol: 'BTC/USDT:USDT',
    });
    await importFile(store, join(ROOT, DAILY_FILE), 'oi-value-daily');
    expect(await store.count('open_interest', { intervalMs: HOUR })).toBe(2_821);
    expect(await store.count('open_interest', { intervalMs: DAY })).toBe(60);
  });
});
