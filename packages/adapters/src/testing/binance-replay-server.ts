import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, listenLocal } from './http-replay.js';

/** One kline row as Binance sends it (strings for decimals). */
export type KlineRow = [
  number,
  string,
  string,
  string,
  string,
  string,
  number,
  string,
  number,
  string,
  string,
  string,
];

export interface ReplayData {
  readonly klines: readonly KlineRow[];
  readonly funding: readonly { fundingTime: number; fundingRate: string }[];
  readonly openInterest: readonly {
    timestamp: number;
    sumOpenInterest: string;
    sumOpenInterestValue: string;
  }[];
  /** One `GET /fapi/v1/depth` answer: `[price, qty]` decimal strings per side, best first. */
  readonly depth?: {
    readonly T: number;
    readonly bids: readonly (readonly [string, string])[];
    readonly asks: readonly (readonly [string, string])[];
  };
}

export interface ReplayServer {
  readonly url: string;
  /** Every request path with its query, in order. */
  readonly requests: string[];
  /** Number of upcoming data requests to answer with HTTP 429 (Binance -1003). */
  rateLimitNext: number;
  close(): Promise<void>;
}

/** BTCUSDT perpetual in the documented `GET /fapi/v1/exchangeInfo` format (one symbol). */
const EXCHANGE_INFO = {
  timezone: 'UTC',
  serverTime: 1764806400000,
  futuresType: 'U_MARGINED',
  rateLimits: [
    { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
  ],
  exchangeFilters: [],
  assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' }],
  symbols: [
    {
      symbol: 'BTCUSDT',
      pair: 'BTCUSDT',
      contractType: 'PERPETUAL',
      deliveryDate: 4133404800000,
      onboardDate: 1569398400000,
      status: 'TRADING',
      maintMarginPercent: '2.5000',
      requiredMarginPercent: '5.0000',
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      marginAsset: 'USDT',
      pricePrecision: 2,
      quantityPrecision: 3,
      baseAssetPrecision: 8,
      quotePrecision: 8,
      underlyingType: 'COIN',
      underlyingSubType: ['PoW'],
      triggerProtect: '0.0500',
      liquidationFee: '0.012500',
      marketTakeBound: '0.05',
      maxMoveOrderLimit: 10000,
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: '261.10', maxPrice: '809484', tickSize: '0.10' },
        { filterType: 'LOT_SIZE', minQty: '0.001', maxQty: '1000', stepSize: '0.001' },
        { filterType: 'MARKET_LOT_SIZE', minQty: '0.001', maxQty: '120', stepSize: '0.001' },
        { filterType: 'MAX_NUM_ORDERS', limit: 200 },
        { filterType: 'MIN_NOTIONAL', notional: '100' },
        {
          filterType: 'PERCENT_PRICE',
          multiplierUp: '1.0500',
          multiplierDown: '0.9500',
          multiplierDecimal: '4',
        },
      ],
      orderTypes: [
        'LIMIT',
        'MARKET',
        'STOP',
        'STOP_MARKET',
        'TAKE_PROFIT',
        'TAKE_PROFIT_MARKET',
        'TRAILING_STOP_MARKET',
      ],
      timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
      permissionSets: ['GRID', 'COPY'],
    },
  ],
};

function window<T>(rows: readonly T[], ts: (row: T) => number, query: URLSearchParams): T[] {
  const start = Number(query.get('startTime') ?? 0);
  const end = Number(query.get('endTime') ?? Number.MAX_SAFE_INTEGER);
  const limit = Number(query.get('limit') ?? 500);
  return rows.filter((r) => ts(r) >= start && ts(r) <= end).slice(0, limit);
}

/** A local HTTP server answering the Binance USDⓈ-M public endpoints ccxt calls, from real rows. */
export async function startBinanceReplayServer(data: ReplayData): Promise<ReplayServer> {
  const requests: string[] = [];
  const state = { rateLimitNext: 0 };
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    if (url.pathname === '/fapi/v1/exchangeInfo') {
      json(res, 200, EXCHANGE_INFO);
      return;
    }
    if (state.rateLimitNext > 0) {
      state.rateLimitNext--;
      json(res, 429, {
        code: -1003,
        msg: 'Too many requests; current limit is 2400 requests per minute.',
      });
      return;
    }
    const q = url.searchParams;
    if (url.pathname === '/fapi/v1/klines') {
      json(
        res,
        200,
        window(data.klines, (k) => k[0], q),
      );
      return;
    }
    if (url.pathname === '/fapi/v1/fundingRate') {
      const rows = window(data.funding, (f) => f.fundingTime, q).map((f) => ({
        symbol: 'BTCUSDT',
        fundingTime: f.fundingTime,
        fundingRate: f.fundingRate,
        markPrice: '',
      }));
      json(res, 200, rows);
      return;
    }
    if (url.pathname === '/futures/data/openInterestHist') {
      const rows = window(data.openInterest, (o) => o.timestamp, q).map((o) => ({
        symbol: 'BTCUSDT',
        ...o,
      }));
      json(res, 200, rows);
      return;
    }
    if (url.pathname === '/fapi/v1/depth' && data.depth !== undefined) {
      const limit = Number(q.get('limit') ?? 500);
      const { T, bids, asks } = data.depth;
      // Documented shape: lastUpdateId, E (message time), T (transaction time), bids, asks.
      json(res, 200, {
        lastUpdateId: 1,
        E: T,
        T,
        bids: bids.slice(0, limit),
        asks: asks.slice(0, limit),
      });
      return;
    }
    json(res, 404, { code: -5000, msg: `no replay for ${url.pathname}` });
  };
  const server = await listenLocal(handle);
  return {
    url: server.url,
    requests,
    get rateLimitNext() {
      return state.rateLimitNext;
    },
    set rateLimitNext(n: number) {
      state.rateLimitNext = n;
    },
    close: server.close,
  };
}
