import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { IN_MEMORY, openDuckDbStore, type DuckDbMarketStore } from '../store/duckdb-store.js';
import {
  startBinanceReplayServer,
  type KlineRow,
  type ReplayData,
  type ReplayServer,
} from '../testing/binance-replay-server.js';
import { ccxtHistorySource } from './ccxt-history.js';
import { ingest, type IngestRequest } from './ingest.js';

const DATA = join(import.meta.dirname, '..', '..', '..', '..', 'data');
const FROM = Date.UTC(2025, 11, 4, 6);
const UNTIL = Date.UTC(2025, 11, 10);

async function csvRows(path: string): Promise<string[][]> {
  const text = gunzipSync(await readFile(join(DATA, path))).toString('utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
}

/** Real rows from the embedded dataset, served in Binance's wire format. */
async function replayData(): Promise<ReplayData> {
  const klines = (
    await csvRows('crypto-intraday/binance_spot_BTCUSDT_1h_2024-07-19_2026-07-19.csv.gz')
  ).map((c): KlineRow => [
    Number(c[0]),
    c[1]!,
    c[2]!,
    c[3]!,
    c[4]!,
    c[5]!,
    Number(c[6]),
    c[7]!,
    Number(c[8]),
    c[9]!,
    c[10]!,
    '0',
  ]);
  const funding = (
    await csvRows('derivatives/binance_um_BTCUSDT_funding_rate_8h_2019-09-10_2026-02-07.csv.gz')
  ).map((c) => ({
    fundingTime: Date.parse(`${c[0]!.replace(' ', 'T')}Z`),
    fundingRate: c[1]!,
  }));
  const openInterest = (
    await csvRows(
      'derivatives/coinglass_BTC_1h_liqAgg_binanceOI_funding_price_2025-12-04_2026-03-31.csv.gz',
    )
  ).map((c) => ({
    timestamp: Number(c[0]),
    sumOpenInterest: (Number(c[16]) / Number(c[5])).toFixed(3),
    sumOpenInterestValue: c[16]!,
  }));
  return { klines, funding, openInterest, depth: await tardisDepth() };
}

/** The first real Tardis book_snapshot_25 (Binance USDⓈ-M, 2020-09-01) as a `/fapi/v1/depth` answer. */
async function tardisDepth(): Promise<NonNullable<ReplayData['depth']>> {
  const text = await readFile(
    join(DATA, 'orderbook/tardis_binance-futures_BTCUSDT_book_snapshot_25_2020-09-01_sample.csv'),
    'utf8',
  );
  const [header = '', first = ''] = text.split('\n');
  const names = header.split(',');
  const cells = first.split(',');
  const cell = (name: string): string => cells[names.indexOf(name)] ?? '';
  const side = (book: 'asks' | 'bids'): [string, string][] =>
    Array.from({ length: 25 }, (_, i) => [
      cell(`${book}[${String(i)}].price`),
      cell(`${book}[${String(i)}].amount`),
    ]);
  return {
    T: Math.floor(Number(cell('timestamp')) / 1000),
    bids: side('bids'),
    asks: side('asks'),
  };
}

let data: ReplayData;
let server: ReplayServer;
let store: DuckDbMarketStore;
const sleeps: number[] = [];
const deps = { sleep: (ms: number) => (sleeps.push(ms), Promise.resolve()), backoffMs: 10 };
const request: IngestRequest = {
  symbol: 'BTC/USDT:USDT',
  sinceMs: FROM,
  untilMs: UNTIL,
  what: ['ohlcv', 'oi', 'funding'],
  timeframe: '1h',
  pageSize: 50,
};

beforeAll(async () => {
  data = await replayData();
  server = await startBinanceReplayServer(data);
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  store = await openDuckDbStore(IN_MEMORY);
  server.requests.length = 0;
  sleeps.length = 0;
});
afterEach(async () => {
  await store.close();
});

const source = () =>
  ccxtHistorySource('binance', { apiBaseUrl: server.url, marketTypes: ['linear'] });

describe('ingest through ccxt against a local Binance replay server', () => {
  it('pages OHLCV, open interest and funding into the store with the exact values', async () => {
    const written = await ingest(store, source(), request, deps);
    const expectedCandles = data.klines.filter((k) => k[0] >= FROM && k[0] <= UNTIL);
    expect(expectedCandles).toHaveLength(139); // 2025-12-04 06:00 .. 2025-12-10 00:00 inclusive
    expect(written.ohlcv).toBe(139);
    const candles = await store.candles({
      exchange: 'binance',
      symbol: 'BTC/USDT:USDT',
      timeframe: '1h',
    });
    expect(candles).toHaveLength(139);
    const first = expectedCandles[0]!;
    expect(candles[0]).toMatchObject({
      tsMs: first[0],
      open: Number(first[1]),
      low: Number(first[3]),
      volumeBase: Number(first[5]),
    });
    const funding = await store.select('funding_rates');
    expect(funding.map((f) => f.rate)).toEqual(
      data.funding
        .filter((f) => f.fundingTime >= FROM && f.fundingTime <= UNTIL)
        .map((f) => Number(f.fundingRate)),
    );
    const oi = await store.select('open_interest');
    expect(oi).toHaveLength(
      data.openInterest.filter((o) => o.timestamp >= FROM && o.timestamp <= UNTIL).length,
    );
    expect(oi[0]?.openInterestUsd).toBe(Number(data.openInterest[0]!.sumOpenInterestValue));
  });

  it('resumes from the last stored timestamp and a re-run fetches only what is new', async () => {
    const mid = Date.UTC(2025, 11, 7);
    await ingest(store, source(), { ...request, untilMs: mid, what: ['ohlcv'] }, deps);
    const lastBefore = await store.lastTsMs('candles', {
      exchange: 'binance',
      symbol: 'BTC/USDT:USDT',
      timeframe: '1h',
    });
    server.requests.length = 0;
    await ingest(store, source(), { ...request, what: ['ohlcv'] }, deps);
    const firstKlines = server.requests.find((r) => r.startsWith('/fapi/v1/klines'));
    expect(firstKlines).toContain(`startTime=${String(lastBefore! + 1)}`);
    const resumed = await store.candles({
      exchange: 'binance',
      symbol: 'BTC/USDT:USDT',
      timeframe: '1h',
    });
    const fresh = await openDuckDbStore(IN_MEMORY);
    try {
      await ingest(fresh, source(), { ...request, what: ['ohlcv'] }, deps);
      expect(resumed).toEqual(
        await fresh.candles({ exchange: 'binance', symbol: 'BTC/USDT:USDT', timeframe: '1h' }),
      );
    } finally {
      await fresh.close();
    }
  });

  it('stores an order-book snapshot at the exchange time; no depth band the 25 levels do not reach', async () => {
    const written = await ingest(
      store,
      source(),
      { ...request, what: ['orderbook'], depth: 100 },
      deps,
    );
    expect(written.orderbook).toBe(50);
    const levels = await store.select('order_book_levels');
    const bestBid = levels.find((l) => l.side === 'bid' && l.price === 11657.07);
    expect(bestBid).toEqual({
      exchange: 'binance',
      symbol: 'BTC/USDT:USDT',
      tsMs: 1598918403696,
      side: 'bid',
      price: 11657.07,
      quantityBase: 10.896,
    });
    // 25 levels per side span a few dollars of an $11.6k book: not even ±1 % is covered.
    expect(await store.count('depth_bands')).toBe(0);
    expect(
      server.requests.some((r) => r.startsWith('/fapi/v1/depth?symbol=BTCUSDT&limit=100')),
    ).toBe(true);
  });

  it('backs off and retries when rate-limited (HTTP 429)', async () => {
    server.rateLimitNext = 2;
    const written = await ingest(store, source(), { ...request, what: ['funding'] }, deps);
    expect(written.funding).toBeGreaterThan(0);
    expect(sleeps).toEqual([50, 100]);
  });
});
