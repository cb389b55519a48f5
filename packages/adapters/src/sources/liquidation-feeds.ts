import type { LiquidationEvent } from '@cascade/core';
import { z } from 'zod';

/** How to subscribe to one exchange's public liquidation stream and read its frames. */
export interface LiquidationFeed {
  readonly exchange: string;
  readonly url: string;
  /** Messages to send after each (re)connect. */
  readonly subscribe: readonly string[];
  /** Events in a frame; [] for acknowledgements and heartbeats; throws on malformed data frames. */
  parse(frame: unknown): LiquidationEvent[];
}

const decimal = z
  .string()
  .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/)
  .transform(Number);
const msString = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

/** `BTCUSDT` → `BTC/USDT:USDT` (linear perpetuals, USDT/USDC margined). */
export function unifyLinear(id: string): string {
  const match = /^(.+?)(USDT|USDC)$/.exec(id);
  return match === null ? id : `${match[1] ?? ''}/${match[2] ?? ''}:${match[2] ?? ''}`;
}

// Binance USDⓈ-M `!forceOrder@arr`: at most one (the latest) order per symbol per second.
const binanceFrame = z.object({
  e: z.literal('forceOrder'),
  E: z.number().int(),
  o: z.object({
    s: z.string().min(1),
    S: z.enum(['BUY', 'SELL']),
    q: decimal,
    ap: decimal,
    z: decimal,
    T: z.number().int(),
  }),
});

export function binanceFeed(baseUrl = 'wss://fstream.binance.com'): LiquidationFeed {
  return {
    exchange: 'binance',
    url: `${baseUrl}/ws/!forceOrder@arr`,
    subscribe: [],
    parse: (frame) => {
      const { o } = binanceFrame.parse(frame);
      const quantity = o.z > 0 ? o.z : o.q;
      return [
        {
          exchange: 'binance',
          symbol: unifyLinear(o.s),
          tsMs: o.T,
          // A SELL liquidation order closes a long.
          side: o.S === 'SELL' ? 'long' : 'short',
          priceUsd: o.ap,
          quantityBase: quantity,
          notionalUsd: o.ap * quantity,
          lowerBound: true,
        },
      ];
    },
  };
}

// Bybit v5 `allLiquidation.{symbol}`: S is the liquidated position's side (Buy = long).
const bybitFrame = z.object({
  topic: z.string().startsWith('allLiquidation.'),
  ts: z.number().int(),
  data: z.array(
    z.object({
      T: msString,
      s: z.string().min(1),
      S: z.enum(['Buy', 'Sell']),
      v: decimal,
      p: decimal,
    }),
  ),
});

/** Subscription acknowledgements, pongs and other control frames carry no data. */
const controlFrame = z.union([
  z.object({ op: z.string() }).loose(),
  z.object({ event: z.string() }).loose(),
]);
const isControl = (frame: unknown): boolean =>
  controlFrame.safeParse(frame).success &&
  !(typeof frame === 'object' && frame !== null && 'data' in frame);

export function bybitFeed(
  symbols: readonly string[],
  baseUrl = 'wss://stream.bybit.com',
): LiquidationFeed {
  return {
    exchange: 'bybit',
    url: `${baseUrl}/v5/public/linear`,
    subscribe: [
      JSON.stringify({ op: 'subscribe', args: symbols.map((s) => `allLiquidation.${s}`) }),
    ],
    parse: (frame) => {
      if (isControl(frame)) return [];
      return bybitFrame.parse(frame).data.map((d) => ({
        exchange: 'bybit',
        symbol: unifyLinear(d.s),
        tsMs: d.T,
        side: d.S === 'Buy' ? 'long' : 'short',
        priceUsd: d.p,
        quantityBase: d.v,
        notionalUsd: d.p * d.v,
        lowerBound: false,
      }));
    },
  };
}

// OKX v5 `liquidation-orders` (SWAP): sz is in contracts; posSide long/short, or net + side.
const okxFrame = z.object({
  arg: z.object({ channel: z.literal('liquidation-orders') }).loose(),
  data: z.array(
    z.object({
      instId: z.string().min(1),
      details: z.array(
        z.object({
          side: z.enum(['buy', 'sell']),
          posSide: z.enum(['long', 'short', 'net']),
          bkPx: decimal,
          sz: decimal,
          ts: msString,
        }),
      ),
    }),
  ),
});

/** OKX's coin-margined swaps are quoted in USD (`BTC-USD-SWAP`); USDT/USDC ones are linear. */
const isInverseOkx = (instId: string): boolean => instId.split('-')[1] === 'USD';

/** `BTC-USDT-SWAP` → `BTC/USDT:USDT`; `BTC-USD-SWAP` → `BTC/USD:BTC`. */
export function unifyOkx(instId: string): string {
  const [base = '', quote = ''] = instId.split('-');
  return `${base}/${quote}:${isInverseOkx(instId) ? base : quote}`;
}

/**
 * `contractValue(instId)` gives the instrument's contract size (OKX `ctVal`, ccxt `contractSize`):
 * base units per contract for a linear swap (`BTC-USDT-SWAP`: 0.01 BTC), USD per contract for an
 * inverse one (`BTC-USD-SWAP`: 100 USD). OKX reports `sz` in contracts. Events of instruments it
 * does not know are skipped.
 */
export function okxFeed(
  contractValue: (instId: string) => number | undefined,
  baseUrl = 'wss://ws.okx.com:8443',
): LiquidationFeed {
  return {
    exchange: 'okx',
    url: `${baseUrl}/ws/v5/public`,
    subscribe: [
      JSON.stringify({
        op: 'subscribe',
        args: [{ channel: 'liquidation-orders', instType: 'SWAP' }],
      }),
    ],
    parse: (frame) => {
      if (isControl(frame)) return [];
      return okxFrame.parse(frame).data.flatMap((d) => {
        const ctVal = contractValue(d.instId);
        if (ctVal === undefined) return [];
        const inverse = isInverseOkx(d.instId);
        return d.details.map((x): LiquidationEvent => {
          const long = x.posSide === 'long' || (x.posSide === 'net' && x.side === 'sell');
          const notionalUsd = inverse ? x.sz * ctVal : x.bkPx * x.sz * ctVal;
          return {
            exchange: 'okx',
            symbol: unifyOkx(d.instId),
            tsMs: x.ts,
            side: long ? 'long' : 'short',
            priceUsd: x.bkPx,
            quantityBase: inverse ? notionalUsd / x.bkPx : x.sz * ctVal,
            notionalUsd,
            lowerBound: false,
          };
        });
      });
    },
  };
}
