import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, listenLocal } from './http-replay.js';

/**
 * One public liquidation order as Gate API v4 `GET /futures/{settle}/liq_orders` returns it
 * (https://www.gate.com/docs/developers/apiv4/en/#list-liquidation-history): `time` in seconds,
 * `size` the liquidated position (positive long, negative short) in contracts, prices as
 * decimal strings.
 */
export interface GateLiqOrder {
  readonly time: number;
  readonly contract: string;
  readonly size: number;
  readonly order_size?: number;
  readonly order_price: string;
  readonly fill_price: string;
  readonly left: number;
}

/**
 * A `GET /futures/usdt/contracts` entry, only the fields ccxt reads to build the market. The
 * BTC_USDT multiplier (0.0001 BTC per contract) is Gate's; the other values are placeholders.
 */
export const GATE_BTC_USDT_CONTRACT = {
  name: 'BTC_USDT',
  type: 'direct',
  quanto_multiplier: '0.0001',
  mark_price: '86000',
  order_price_deviate: '0.5',
  order_price_round: '0.1',
  leverage_min: '1',
  leverage_max: '125',
  order_size_min: 1,
  order_size_max: 1000000,
  status: 'trading',
  create_time: 1569398400,
  in_delisting: false,
};

export interface GateReplayServer {
  readonly url: string;
  /** Every request path with its query, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * A local HTTP server answering the Gate endpoints ccxt calls for swap markets and public
 * liquidation history. Orders come newest first, `from`/`to` (seconds) inclusive, at most
 * `limit` (default 100) — the newest ones when a window holds more.
 */
export async function startGateReplayServer(
  liqOrders: readonly GateLiqOrder[],
): Promise<GateReplayServer> {
  const requests: string[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    const q = url.searchParams;
    if (url.pathname === '/api/v4/futures/usdt/contracts') {
      json(res, 200, [GATE_BTC_USDT_CONTRACT]);
      return;
    }
    if (
      url.pathname === '/api/v4/futures/btc/contracts' ||
      url.pathname === '/api/v4/spot/currencies'
    ) {
      json(res, 200, []);
      return;
    }
    if (url.pathname === '/api/v4/futures/usdt/liq_orders') {
      const from = Number(q.get('from') ?? 0);
      const to = Number(q.get('to') ?? Number.MAX_SAFE_INTEGER);
      const rows = liqOrders
        .filter((o) => o.contract === q.get('contract') && o.time >= from && o.time <= to)
        .sort((a, b) => b.time - a.time)
        .slice(0, Number(q.get('limit') ?? 100));
      json(res, 200, rows);
      return;
    }
    json(res, 404, { label: 'NOT_FOUND', message: `no replay for ${url.pathname}` });
  };
  const server = await listenLocal(handle);
  return { url: server.url, requests, close: server.close };
}
