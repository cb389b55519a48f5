import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { okxLongAt86k } from '../testing/liquidation-frames.js';
import { startOkxReplayServer, type OkxReplayServer } from '../testing/okx-replay-server.js';
import { ccxtContractSizes } from './ccxt-history.js';
import { okxFeed } from './liquidation-feeds.js';

let server: OkxReplayServer;
beforeAll(async () => {
  server = await startOkxReplayServer();
});
afterAll(async () => {
  await server.close();
});

const frame = (instId: string, sz: string): unknown => JSON.parse(okxLongAt86k(instId, sz, 0));

describe('OKX contract sizes (ccxt over GET /api/v5/public/instruments)', () => {
  it('loads ctVal per swap: base units when linear, USD when inverse', async () => {
    const sizes = await ccxtContractSizes('okx', {
      marketTypes: ['swap'],
      apiBaseUrl: server.url,
    });
    expect(Object.fromEntries(sizes)).toEqual({ 'BTC-USDT-SWAP': 0.01, 'BTC-USD-SWAP': 100 });
    expect(new Set(server.requests)).toEqual(new Set(['/api/v5/public/instruments?instType=SWAP']));
  });

  it('turns contracts into base quantity and USD notional on both kinds of swap', async () => {
    const sizes = await ccxtContractSizes('okx', {
      marketTypes: ['swap'],
      apiBaseUrl: server.url,
    });
    const feed = okxFeed((id) => sizes.get(id));
    // 25 linear contracts of 0.01 BTC: 0.25 BTC, $21,500 at $86,000.
    expect(feed.parse(frame('BTC-USDT-SWAP', '25'))).toEqual([
      expect.objectContaining({
        symbol: 'BTC/USDT:USDT',
        side: 'long',
        quantityBase: 0.25,
        notionalUsd: 21_500,
      }),
    ]);
    // 30 inverse contracts of $100: $3,000, which is 3000/86000 BTC at $86,000.
    const [inverse] = feed.parse(frame('BTC-USD-SWAP', '30'));
    expect(inverse).toMatchObject({ symbol: 'BTC/USD:BTC', notionalUsd: 3_000 });
    expect(inverse?.quantityBase).toBeCloseTo(3_000 / 86_000, 12);
    expect(feed.parse(frame('ETH-USDT-SWAP', '1'))).toEqual([]); // size unknown: skipped
  });

  it('fails with the exchange call named when the endpoint is unreachable', async () => {
    const gone = await startOkxReplayServer();
    await gone.close();
    await expect(
      ccxtContractSizes('okx', { marketTypes: ['swap'], apiBaseUrl: gone.url, timeoutMs: 2_000 }),
    ).rejects.toThrow(/^loadMarkets: /);
  });
});
