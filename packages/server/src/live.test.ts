import { binanceFeed } from '@cascade/adapters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Test helper of packages/adapters (not part of its public API).
import {
  startLiquidationReplayServer,
  type LiquidationReplayServer,
} from '../../adapters/src/testing/liquidation-replay-server.js';
import type { ServerContext } from './context.js';
import { startServer, type RunningServer } from './serve.js';
import { local, silentLogger, testApp, testContext } from './testing/test-context.js';

// The documented example frame of Binance USDⓈ-M "Liquidation Order Streams".
const BINANCE_DOC_FRAME =
  '{"e":"forceOrder","E":1568014460893,"o":{"s":"BTCUSDT","S":"SELL","o":"LIMIT","f":"IOC","q":"0.014","p":"9910","ap":"9910","X":"FILLED","l":"0.014","z":"0.014","T":1568014460893}}';
const SECOND_FRAME = BINANCE_DOC_FRAME.replace('"p":"9910","ap":"9910"', '"p":"9900","ap":"9900"');

let context: ServerContext;
let replay: LiquidationReplayServer;
let server: RunningServer;
beforeAll(async () => {
  context = await testContext();
  // The frame and a garbage frame, then a drop; the replayed duplicate after each reconnect is
  // dropped; a second liquidation arrives on the third connection (>= 1 s after the start, after
  // the test's client subscribed).
  replay = await startLiquidationReplayServer({
    '/ws/!forceOrder@arr': [
      { awaitSubscribe: false, frames: [BINANCE_DOC_FRAME, 'garbage'], then: 'drop' },
      { awaitSubscribe: false, frames: [BINANCE_DOC_FRAME], then: 'drop' },
      { awaitSubscribe: false, frames: [BINANCE_DOC_FRAME, SECOND_FRAME], then: 'stay' },
    ],
  });
  server = await startServer({
    store: context.store,
    port: 0,
    logger: silentLogger,
    liveFeeds: [binanceFeed(replay.url)],
  });
});
afterAll(async () => {
  await server.close();
  await replay.close();
  await context.store.close();
});

interface Sse {
  readonly event: string;
  readonly data: unknown;
}

/** Reads server-sent events until `enough` says so (or 10 s passed). */
async function readEvents(url: string, enough: (events: Sse[]) => boolean): Promise<Sse[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort();
  }, 10_000);
  const response = await fetch(url, { signal: controller.signal });
  expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const events = (): Sse[] =>
    text
      .split('\n\n')
      .filter((block) => block.includes('data: '))
      .map((block) => ({
        event: /^event: (\w+)/.exec(block)?.[1] ?? '',
        data: JSON.parse(block.slice(block.indexOf('data: ') + 6).split('\n')[0] ?? '') as unknown,
      }));
  try {
    while (!enough(events())) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events();
}

const prices = (events: Sse[]): unknown[] =>
  events.flatMap((e) =>
    e.event === 'snapshot'
      ? (e.data as { priceUsd: number }[]).map((x) => x.priceUsd)
      : e.event === 'liquidation'
        ? [(e.data as { priceUsd: number }).priceUsd]
        : [],
  );

describe('GET /api/liquidations/live', () => {
  it('pushes each live liquidation once (through drops and reconnects) and stores it', async () => {
    const events = await readEvents(`${server.url}/api/liquidations/live`, (e) =>
      prices(e).includes(9900),
    );
    expect(events[0]?.event).toBe('snapshot');
    expect(prices(events)).toEqual([9910, 9900]);
    const pushed = events.filter((e) => e.event === 'liquidation').map((e) => e.data);
    expect(pushed).toContainEqual({
      exchange: 'binance',
      symbol: 'BTC/USDT:USDT',
      tsMs: 1568014460893,
      side: 'long', // a SELL liquidation order closes a long
      priceUsd: 9900,
      quantityBase: 0.014,
      notionalUsd: 138.6,
      lowerBound: true,
    });
    expect(await context.store.count('liquidations')).toBe(2);
    // A client that connects later gets both in its snapshot.
    const later = await readEvents(`${server.url}/api/liquidations/live`, (e) => e.length > 0);
    expect(later[0]?.event).toBe('snapshot');
    expect(prices(later)).toEqual([9910, 9900]);
  });

  it('answers 503 when the live feed is off', async () => {
    const off = await testContext();
    const response = await testApp(off).app.request('/api/liquidations/live', local());
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: string }).error).toMatch(/--live/);
    await off.store.close();
  });
});
