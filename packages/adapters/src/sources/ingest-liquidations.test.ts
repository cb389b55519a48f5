import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IN_MEMORY, openDuckDbStore, type DuckDbMarketStore } from '../store/duckdb-store.js';
import {
  startGateReplayServer,
  type GateLiqOrder,
  type GateReplayServer,
} from '../testing/gate-replay-server.js';
import { ccxtHistorySource } from './ccxt-history.js';
import { NotOfferedError } from './exchange-history.js';
import { ingest, type IngestRequest } from './ingest.js';

// The two documented `liq_orders` examples: Gate API v4 docs (a long of 600 contracts) and ccxt's
// gate.js comment (a short of 165). Re-timed every 90 s from T0 so that paging has work to do;
// they are format fixtures, not market data.
const DOC_LONG = {
  contract: 'BTC_USDT',
  size: 600,
  order_size: -600,
  order_price: '3405',
  fill_price: '3424',
  left: 0,
};
const DOC_SHORT = {
  contract: 'BTC_USDT',
  size: -165,
  order_price: '28225',
  fill_price: '28070',
  left: 0,
};
const T0 = Date.UTC(2025, 10, 21, 2) / 1000;
const ORDERS: GateLiqOrder[] = Array.from({ length: 30 }, (_, i) => ({
  ...(i % 3 === 0 ? DOC_SHORT : DOC_LONG),
  time: T0 + i * 90 + (i % 2), // two orders may share a second only across pages
}));

let server: GateReplayServer;
let store: DuckDbMarketStore;
const deps = { sleep: () => Promise.resolve(), backoffMs: 1 };
const request: IngestRequest = {
  symbol: 'BTC/USDT:USDT',
  sinceMs: T0 * 1000,
  untilMs: (T0 + 3600) * 1000,
  what: ['liquidations'],
  timeframe: '1h',
  pageSize: 8,
};
const source = () => ccxtHistorySource('gate', { apiBaseUrl: server.url, marketTypes: ['swap'] });

beforeAll(async () => {
  server = await startGateReplayServer(ORDERS);
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  store = await openDuckDbStore(IN_MEMORY);
  server.requests.length = 0;
});
afterEach(async () => {
  await store.close();
});

describe('liquidation history through ccxt (Gate replay server)', () => {
  it('stores every order once with side, price, size × multiplier and notional', async () => {
    const written = await ingest(store, source(), request, deps);
    expect(written.liquidations).toBe(30);
    const events = await store.select('liquidations');
    expect(events).toHaveLength(30);
    expect(events[0]).toEqual({
      exchange: 'gate',
      symbol: 'BTC/USDT:USDT',
      tsMs: T0 * 1000,
      side: 'short',
      priceUsd: 28070,
      quantityBase: 0.0165, // 165 contracts × 0.0001 BTC
      notionalUsd: 463.155,
      lowerBound: false,
    });
    expect(events[1]).toMatchObject({ side: 'long', priceUsd: 3424, quantityBase: 0.06 });
    // More orders than a page in the first hour: the window was halved until pages fit.
    const windows = server.requests
      .filter((r) => r.includes('liq_orders'))
      .map((r) => new URL(r, 'http://x').searchParams)
      .map((q) => Number(q.get('to')) - Number(q.get('from')));
    expect(Math.min(...windows)).toBeLessThan(3600);
  });

  it('resumes from the newest stored order; a re-run stores nothing new', async () => {
    const mid = (T0 + 1200) * 1000;
    await ingest(store, source(), { ...request, untilMs: mid }, deps);
    const last = await store.lastTsMs('liquidations', {
      exchange: 'gate',
      symbol: 'BTC/USDT:USDT',
    });
    server.requests.length = 0;
    const resumed = await ingest(store, source(), request, deps);
    const first = server.requests.find((r) => r.includes('liq_orders'));
    expect(first).toContain(`from=${String(last! / 1000)}`);
    expect(resumed.liquidations).toBe(30 - ORDERS.filter((o) => o.time * 1000 <= mid).length);
    expect(await store.count('liquidations')).toBe(30);
    expect((await ingest(store, source(), request, deps)).liquidations).toBe(0);
  });

  it('says where ccxt offers no public liquidation history (binance, bybit, okx)', async () => {
    for (const id of ['binance', 'bybit', 'okx']) {
      const error: unknown = await ccxtHistorySource(id)
        .liquidations?.('BTC/USDT:USDT', 0, 1, 10)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotOfferedError);
      expect(String(error)).toMatch(/watch-liquidations/);
    }
  });
});
