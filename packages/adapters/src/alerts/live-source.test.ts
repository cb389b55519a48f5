import { setTimeout as sleep } from 'node:timers/promises';
import { createAlertEngine, type Alert, type Observation, type RuleSpec } from '@cascade/analytics';
import type { Candle } from '@cascade/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExchangeHistorySource } from '../sources/exchange-history.js';
import { TransientSourceError } from '../sources/exchange-history.js';
import { binanceFeed, bybitFeed } from '../sources/liquidation-feeds.js';
import { IN_MEMORY, openDuckDbStore, type DuckDbMarketStore } from '../store/duckdb-store.js';
import {
  startLiquidationReplayServer,
  type LiquidationReplayServer,
} from '../testing/liquidation-replay-server.js';
import { BYBIT_ACK, binanceFrame, bybitFrame } from '../testing/liquidation-frames.js';
import { runLiveSources } from './live-source.js';

// Documented frames (see testing/liquidation-frames.ts): Binance 0.014 BTC @ 9,910 = $138.74.
const binance = binanceFrame;
const bybit = (i: number): string => bybitFrame(i);

const gate = { cooldownMs: 0, maxPerHour: 100 };
const rules: RuleSpec[] = [
  // Three distinct Binance events ($416.22) cross $400; replayed duplicates must not count again.
  {
    ...gate,
    id: 'btc-liq',
    type: 'liquidations',
    windowMs: 3_600_000,
    thresholdUsd: 400,
    side: 'long',
    symbol: 'BTC',
    rearmRatio: 0.5,
  },
  {
    ...gate,
    id: 'btc-100',
    type: 'price-cross',
    symbol: 'BTC/USDT',
    direction: 'both',
    confirm: 'close',
    hysteresisPct: 0.1,
    levels: [100],
  },
];

/** A poller whose first requests fail (HTTP 503 through ccxt), then serves two 1m bars through 100. */
function flakyHistory(now: () => number): ExchangeHistorySource & { calls: number } {
  const bar = (tsMs: number, close: number): Candle => ({
    exchange: 'binance',
    symbol: 'BTC/USDT',
    timeframe: '1m',
    tsMs,
    open: close,
    high: close,
    low: close,
    close,
    volumeBase: 1,
    volumeQuote: null,
    trades: null,
  });
  const source = {
    exchange: 'binance',
    calls: 0,
    ohlcv: (_symbol: string, timeframe: string) => {
      source.calls++;
      if (source.calls <= 2)
        return Promise.reject(
          new TransientSourceError('fetchOHLCV: binance GET 503 Service Unavailable'),
        );
      if (timeframe !== '1m') return Promise.resolve([]);
      const t = Math.floor(now() / 60_000) * 60_000;
      return Promise.resolve([bar(t - 180_000, 101), bar(t - 120_000, 99)]);
    },
    openInterest: () => Promise.resolve([]),
    funding: () => Promise.resolve([]),
  };
  return source;
}

let server: LiquidationReplayServer;
let store: DuckDbMarketStore;
beforeEach(async () => {
  store = await openDuckDbStore(IN_MEMORY);
  server = await startLiquidationReplayServer({
    '/ws/!forceOrder@arr': [
      { awaitSubscribe: false, frames: [binance(0), 'not json {', binance(1)], then: 'drop' },
      {
        awaitSubscribe: false,
        frames: [
          binance(0),
          binance(1),
          Buffer.from([0xde, 0xad]),
          '{"e":"forceOrder","E":1}',
          binance(2),
        ],
        then: 'close',
      },
      { awaitSubscribe: false, frames: [binance(2), binance(3)], then: 'stay' },
    ],
    '/v5/public/linear': [
      {
        awaitSubscribe: true,
        ack: BYBIT_ACK,
        frames: [bybit(0), '{"topic":"allLiquidation.X","data":[{}]}'],
        then: 'drop',
      },
      { awaitSubscribe: true, ack: BYBIT_ACK, frames: [bybit(0), bybit(1)], then: 'stay' },
    ],
  });
});
afterEach(async () => {
  await server.close();
  await store.close();
});

describe('live monitor on a mock exchange stream', () => {
  it('keeps running through disconnects, malformed frames and failed polls, and fires each rule once', async () => {
    const controller = new AbortController();
    const engine = createAlertEngine(rules);
    const alerts: Alert[] = [];
    const seen: Observation['kind'][] = [];
    const history = flakyHistory(() => Date.now());
    const run = runLiveSources({
      store,
      rules,
      feeds: [binanceFeed(server.url), bybitFeed(['ROSEUSDT'], server.url)],
      history,
      pollMs: 30,
      macroPollMs: 60_000,
      signal: controller.signal,
      sleep: (ms) => sleep(ms, undefined, { signal: controller.signal }).catch(() => undefined),
      now: () => Date.now(),
      onObservation: (o) => {
        seen.push(o.kind);
        alerts.push(...engine.observe(o));
        return Promise.resolve();
      },
    });
    for (let i = 0; i < 400 && ((await store.count('liquidations')) < 6 || alerts.length < 2); i++)
      await sleep(25);
    await sleep(100);
    controller.abort();
    const stats = await run;

    expect(await store.count('liquidations', { exchange: 'binance' })).toBe(4);
    expect(await store.count('liquidations', { exchange: 'bybit' })).toBe(2);
    expect(stats.watch.garbage).toBeGreaterThanOrEqual(4);
    expect(stats.watch.reconnects).toBeGreaterThanOrEqual(3);
    expect(stats.pollErrors).toBe(2);
    expect(stats.polls).toBeGreaterThan(0);
    expect(seen.filter((k) => k === 'liquidation')).toHaveLength(6);
    expect(alerts.map((a) => [a.rule, a.key])).toEqual(
      expect.arrayContaining([
        ['btc-liq', 'long|BTC|*'],
        ['btc-100', '100|down'],
      ]),
    );
    expect(alerts).toHaveLength(2);
    expect(alerts.find((a) => a.rule === 'btc-liq')?.values).toMatchObject({
      amountUsd: 138.74 * 3,
      lowerBound: true,
    });
  }, 30_000);
});
