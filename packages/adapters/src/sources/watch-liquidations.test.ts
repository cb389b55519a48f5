import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IN_MEMORY, openDuckDbStore, type DuckDbMarketStore } from '../store/duckdb-store.js';
import {
  startLiquidationReplayServer,
  type LiquidationReplayServer,
} from '../testing/liquidation-replay-server.js';
import {
  BYBIT_ACK,
  OKX_ACK,
  binanceFrame,
  bybitFrame,
  okxFrame,
} from '../testing/liquidation-frames.js';
import { binanceFeed, bybitFeed, okxFeed } from './liquidation-feeds.js';
import { watchLiquidations } from './watch-liquidations.js';

const binance = binanceFrame;
const bybit = bybitFrame;
const okx = okxFrame;

let server: LiquidationReplayServer;
let store: DuckDbMarketStore;
beforeEach(async () => {
  store = await openDuckDbStore(IN_MEMORY);
  server = await startLiquidationReplayServer({
    '/ws/!forceOrder@arr': [
      {
        awaitSubscribe: false,
        frames: [binance(0), binance(1), 'not json {', binance(2)],
        then: 'drop',
      },
      {
        awaitSubscribe: false,
        frames: [
          binance(1),
          binance(2),
          binance(3),
          Buffer.from([0xde, 0xad]),
          '{"e":"forceOrder","E":1}',
          binance(4),
        ],
        then: 'stay',
      },
    ],
    '/v5/public/linear': [
      { awaitSubscribe: true, ack: BYBIT_ACK, frames: [bybit(0), bybit(1, 2)], then: 'close' },
      {
        awaitSubscribe: true,
        ack: BYBIT_ACK,
        frames: [bybit(1, 2), '{"topic":"allLiquidation.X","data":[{}]}', bybit(3)],
        then: 'stay',
      },
    ],
    '/ws/v5/public': [
      { awaitSubscribe: true, ack: OKX_ACK, frames: [okx(0)], then: 'drop' },
      { awaitSubscribe: true, ack: OKX_ACK, frames: [okx(0), '[]', okx(1)], then: 'stay' },
    ],
  });
});
afterEach(async () => {
  await server.close();
  await store.close();
});

describe('watch-liquidations against a local WebSocket replay server', () => {
  it('stores every event exactly once across drops, duplicates and garbage frames', async () => {
    const controller = new AbortController();
    const feeds = [
      binanceFeed(server.url),
      bybitFeed(['ROSEUSDT'], server.url),
      okxFeed((id) => (id === 'IOST-USDT-SWAP' ? 1000 : undefined), server.url),
    ];
    const running = watchLiquidations({
      store,
      feeds,
      signal: controller.signal,
      sleep: (ms) => sleep(ms),
      backoffMs: 10,
    });
    const expected = 5 + 4 + 2;
    for (let i = 0; i < 800 && (await store.count('liquidations')) < expected; i++) await sleep(25);
    await sleep(100); // late duplicates, if any, would land now
    controller.abort();
    const stats = await running;

    const rows = await store.select('liquidations');
    expect(rows).toHaveLength(expected);
    expect(await store.count('liquidations', { exchange: 'binance' })).toBe(5);
    expect(await store.count('liquidations', { exchange: 'bybit' })).toBe(4);
    expect(await store.count('liquidations', { exchange: 'okx' })).toBe(2);
    expect(rows.find((r) => r.exchange === 'binance')).toEqual({
      exchange: 'binance',
      symbol: 'BTC/USDT:USDT',
      tsMs: 1568014460893,
      side: 'long',
      priceUsd: 9910,
      quantityBase: 0.014,
      notionalUsd: 138.74,
      lowerBound: true,
    });
    expect(rows.find((r) => r.exchange === 'bybit')).toMatchObject({
      symbol: 'ROSE/USDT:USDT',
      side: 'short',
      quantityBase: 20000,
      lowerBound: false,
    });
    expect(rows.find((r) => r.exchange === 'okx')).toMatchObject({
      symbol: 'IOST/USDT:USDT',
      side: 'short',
      quantityBase: 13000,
      priceUsd: 0.007831,
    });
    expect(stats.stored).toBe(expected);
    expect(stats.duplicates).toBe(2 + 2 + 1);
    expect(stats.garbage).toBeGreaterThanOrEqual(5);
    expect(stats.reconnects).toBeGreaterThanOrEqual(3);
    expect(server.subscriptions.get('/v5/public/linear')?.[0]).toBe(
      '{"op":"subscribe","args":["allLiquidation.ROSEUSDT"]}',
    );
  });

  it('a restarted watcher does not store replayed events twice (store natural key)', async () => {
    for (let run = 0; run < 2; run++) {
      const controller = new AbortController();
      const running = watchLiquidations({
        store,
        feeds: [binanceFeed(server.url)],
        signal: controller.signal,
        sleep: (ms) => sleep(ms),
        backoffMs: 10,
      });
      for (let i = 0; i < 800 && (await store.count('liquidations')) < 5; i++) await sleep(25);
      await sleep(50);
      controller.abort();
      await running;
    }
    expect(await store.count('liquidations')).toBe(5);
  });
});
