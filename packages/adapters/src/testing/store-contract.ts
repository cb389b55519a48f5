/* eslint-disable max-lines-per-function -- one describe block holds the whole contract */
import type { Candle, FundingRate, MacroPoint } from '@cascade/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MarketStore } from '../store/market-store.js';
import { candleColumns } from '../store/columns.js';
import { LATEST_SCHEMA_VERSION } from '../store/migrations.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 10, 21);

export const candle = (i: number, overrides: Partial<Candle> = {}): Candle => ({
  exchange: 'binance',
  symbol: 'BTC/USDT:USDT',
  timeframe: '1h',
  tsMs: T0 + i * HOUR,
  open: 85_000 + i,
  high: 85_100.5 + i,
  low: 84_900.25 + i,
  close: 85_050.125 + i,
  volumeBase: 12.345,
  volumeQuote: null,
  trades: null,
  ...overrides,
});

/**
 * The MarketStore contract: every engine must pass it. `open` returns a fresh, empty store;
 * `reopen` (optional) closes and reopens the same store to check durability.
 */
export function marketStoreContract(
  name: string,
  open: () => Promise<MarketStore>,
  reopen?: (store: MarketStore) => Promise<MarketStore>,
): void {
  describe(`MarketStore contract: ${name}`, () => {
    let store: MarketStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('is migrated to the latest schema version', async () => {
      expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    });

    it('round-trips candles exactly, in time order, with nulls', async () => {
      const rows = [candle(2), candle(0), candle(1, { volumeQuote: 1_049_000.5, trades: 42 })];
      expect(await store.upsert('candles', rows)).toBe(3);
      const got = await store.candles({
        exchange: 'binance',
        symbol: 'BTC/USDT:USDT',
        timeframe: '1h',
      });
      expect(got).toEqual([
        candle(0),
        candle(1, { volumeQuote: 1_049_000.5, trades: 42 }),
        candle(2),
      ]);
    });

    it('upserts are idempotent by natural key (last write wins)', async () => {
      await store.upsert('candles', [candle(0), candle(1)]);
      await store.upsert('candles', [candle(0), candle(1)]);
      await store.upsert('candles', [candle(1, { close: 1 })]);
      const got = await store.candles({
        exchange: 'binance',
        symbol: 'BTC/USDT:USDT',
        timeframe: '1h',
      });
      expect(got.map((c) => c.close)).toEqual([candle(0).close, 1]);
    });

    it('returns candles as typed columns too', async () => {
      await store.upsert('candles', [candle(1), candle(0)]);
      const cols = await candleColumns(store, {
        exchange: 'binance',
        symbol: 'BTC/USDT:USDT',
        timeframe: '1h',
      });
      expect(cols.length).toBe(2);
      expect([...cols.tsMs]).toEqual([T0, T0 + HOUR]);
      expect([...cols.close]).toEqual([candle(0).close, candle(1).close]);
    });

    it('filters by inclusive time range, exchange and symbol', async () => {
      await store.upsert('candles', [
        candle(0),
        candle(1),
        candle(2),
        candle(1, { exchange: 'bybit' }),
        candle(1, { symbol: 'ETH/USDT:USDT' }),
        candle(1, { timeframe: '4h' }),
      ]);
      const got = await store.candles({
        exchange: 'binance',
        symbol: 'BTC/USDT:USDT',
        timeframe: '1h',
        fromMs: T0 + HOUR,
        toMs: T0 + 2 * HOUR,
      });
      expect(got.map((c) => c.tsMs)).toEqual([T0 + HOUR, T0 + 2 * HOUR]);
      expect(await store.count('candles', { exchange: 'bybit' })).toBe(1);
      expect(await store.count('candles')).toBe(6);
    });

    it('reports the last stored timestamp of a series for resumable ingest', async () => {
      expect(
        await store.lastTsMs('candles', {
          exchange: 'binance',
          symbol: 'BTC/USDT:USDT',
          timeframe: '1h',
        }),
      ).toBeNull();
      await store.upsert('candles', [candle(0), candle(5), candle(9, { timeframe: '4h' })]);
      expect(
        await store.lastTsMs('candles', {
          exchange: 'binance',
          symbol: 'BTC/USDT:USDT',
          timeframe: '1h',
        }),
      ).toBe(T0 + 5 * HOUR);
      const funding: FundingRate = {
        exchange: 'binance',
        symbol: 'BTC/USDT:USDT',
        tsMs: T0,
        rate: -0.0001,
      };
      await store.upsert('funding_rates', [funding]);
      expect(
        await store.lastTsMs('funding_rates', { exchange: 'binance', symbol: 'BTC/USDT:USDT' }),
      ).toBe(T0);
    });

    it('keeps an hourly and a daily open interest series of one instrument apart', async () => {
      const oi = (intervalMs: number, tsMs: number, usd: number) => ({
        exchange: 'binance',
        symbol: 'BTC/USDT:USDT',
        intervalMs,
        tsMs,
        openInterestBase: null,
        openInterestUsd: usd,
      });
      const DAY = 24 * HOUR;
      await store.upsert('open_interest', [oi(HOUR, T0, 8.21e9), oi(HOUR, T0 + HOUR, 8.24e9)]);
      // A daily snapshot at the same instant is another row, not a replacement.
      await store.upsert('open_interest', [oi(DAY, T0, 8.2147e9), oi(DAY, T0 + DAY, 7.74e9)]);
      expect(await store.count('open_interest')).toBe(4);
      expect(
        (await store.select('open_interest', { intervalMs: HOUR })).map((p) => p.openInterestUsd),
      ).toEqual([8.21e9, 8.24e9]);
      const key = { exchange: 'binance', symbol: 'BTC/USDT:USDT' };
      expect(await store.lastTsMs('open_interest', { ...key, timeframe: '1h' })).toBe(T0 + HOUR);
      expect(await store.lastTsMs('open_interest', { ...key, timeframe: '1d' })).toBe(T0 + DAY);
      expect(await store.lastTsMs('open_interest', { ...key, timeframe: '5m' })).toBeNull();
    });

    it('selects macro series by id', async () => {
      const points: MacroPoint[] = [
        { seriesId: 'DFF', tsMs: T0, value: 3.88, source: 'fred' },
        { seriesId: 'DGS2', tsMs: T0, value: 3.51, source: 'fred' },
      ];
      await store.upsert('macro_series', points);
      expect(await store.select('macro_series', { series: 'DFF' })).toEqual([points[0]]);
    });

    it('stores liquidation events once per natural key, with the lower-bound flag', async () => {
      const event = {
        exchange: 'binance',
        symbol: 'BTC/USDT:USDT',
        tsMs: T0,
        side: 'long' as const,
        priceUsd: 84_000.1,
        quantityBase: 0.5,
        notionalUsd: 42_000.05,
        lowerBound: true,
      };
      await store.upsert('liquidations', [event, event]);
      await store.upsert('liquidations', [event]);
      expect(await store.select('liquidations')).toEqual([event]);
    });

    it('writes nothing when a batch is invalid', async () => {
      const bad = { ...candle(1), open: null } as unknown as Candle;
      await expect(store.upsert('candles', [candle(0), bad])).rejects.toThrow();
      expect(await store.count('candles')).toBe(0);
    });

    if (reopen !== undefined) {
      it('keeps data across reopen', async () => {
        await store.upsert('candles', [candle(0)]);
        store = await reopen(store);
        expect(await store.count('candles')).toBe(1);
        expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
      });
    }
  });
}
