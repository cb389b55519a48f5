/**
 * Liquidation frames in the exchanges' documented formats for the local replay servers. Each
 * generator's frame 0 is the example of the exchange's API docs (Binance USDⓈ-M "Liquidation
 * Order Streams", Bybit v5 "All Liquidation", OKX v5 "Liquidation orders channel"); frame i is
 * that example shifted by i whole seconds, so there are several distinct events to lose or
 * duplicate.
 */

/** Binance `!forceOrder@arr`: 0.014 BTC @ 9,910 (SELL = a long liquidated), $138.74. */
export const binanceFrame = (i: number): string =>
  JSON.stringify({
    e: 'forceOrder',
    E: 1568014460893 + i * 1000,
    o: {
      s: 'BTCUSDT',
      S: 'SELL',
      o: 'LIMIT',
      f: 'IOC',
      q: '0.014',
      p: '9910',
      ap: '9910',
      X: 'FILLED',
      l: '0.014',
      z: '0.014',
      T: 1568014460893 + i * 1000,
    },
  });

/** Bybit `allLiquidation.ROSEUSDT`: one event per index, 20,000 ROSE @ 0.04499. */
export const bybitFrame = (...is: number[]): string =>
  JSON.stringify({
    topic: 'allLiquidation.ROSEUSDT',
    type: 'snapshot',
    ts: 1739502303204 + Math.max(...is) * 1000,
    data: is.map((i) => ({
      T: 1739502302929 + i * 1000,
      s: 'ROSEUSDT',
      S: 'Sell',
      v: '20000',
      p: '0.04499',
    })),
  });

/** One OKX `liquidation-orders` frame (v5 public channel) with one order of one instrument. */
export const okxLiquidationFrame = (order: {
  readonly instId: string;
  readonly bkPx: string;
  readonly sz: string;
  readonly posSide: 'long' | 'short' | 'net';
  readonly side: 'buy' | 'sell';
  readonly tsMs: number;
}): string => {
  const family = order.instId.replace(/-SWAP$/, '');
  return JSON.stringify({
    arg: { channel: 'liquidation-orders', instType: 'SWAP' },
    data: [
      {
        details: [
          {
            bkLoss: '0',
            bkPx: order.bkPx,
            ccy: '',
            posSide: order.posSide,
            side: order.side,
            sz: order.sz,
            ts: String(order.tsMs),
          },
        ],
        instFamily: family,
        instId: order.instId,
        instType: 'SWAP',
        uly: family,
      },
    ],
  });
};

/** A long of `sz` contracts of `instId` liquidated at $86,000 on 2025-11-21 at 02:00:`second` UTC. */
export const okxLongAt86k = (instId: string, sz: string, second: number): string =>
  okxLiquidationFrame({
    instId,
    bkPx: '86000',
    sz,
    posSide: 'long',
    side: 'sell',
    tsMs: Date.UTC(2025, 10, 21, 2, 0, second),
  });

/** OKX `liquidation-orders`: 13 IOST-USDT-SWAP contracts, short liquidated @ 0.007831. */
export const okxFrame = (i: number): string =>
  okxLiquidationFrame({
    instId: 'IOST-USDT-SWAP',
    bkPx: '0.007831',
    sz: '13',
    posSide: 'short',
    side: 'buy',
    tsMs: 1692266434010 + i * 1000,
  });

export const BYBIT_ACK = JSON.stringify({
  success: true,
  ret_msg: '',
  conn_id: 'replay',
  op: 'subscribe',
});

export const OKX_ACK = JSON.stringify({
  event: 'subscribe',
  arg: { channel: 'liquidation-orders', instType: 'SWAP' },
  connId: 'replay',
});
