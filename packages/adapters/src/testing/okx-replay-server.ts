import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, listenLocal } from './http-replay.js';

/** The fields of an OKX `GET /api/v5/public/instruments` SWAP entry that set its contract. */
interface OkxSwapContract {
  readonly instId: string;
  readonly ctType: 'linear' | 'inverse';
  readonly ctVal: string;
  readonly ctValCcy: string;
  readonly settleCcy: string;
}

/**
 * Two swaps as OKX lists them (https://www.okx.com/docs-v5/en/#public-data-rest-api-get-instruments):
 * BTC-USDT-SWAP is linear at 0.01 BTC a contract (the entry recorded in nautilus_trader's OKX
 * adapter test data, `test_data/ws_instruments.json`); BTC-USD-SWAP is inverse at 100 USD a
 * contract, settled in BTC. The trading limits are the recorded BTC-USDT-SWAP ones for both.
 */
export const OKX_SWAPS: readonly OkxSwapContract[] = [
  { instId: 'BTC-USDT-SWAP', ctType: 'linear', ctVal: '0.01', ctValCcy: 'BTC', settleCcy: 'USDT' },
  { instId: 'BTC-USD-SWAP', ctType: 'inverse', ctVal: '100', ctValCcy: 'USD', settleCcy: 'BTC' },
];

const instrument = (c: OkxSwapContract): Record<string, string> => {
  const family = c.instId.replace(/-SWAP$/, '');
  return {
    alias: '',
    baseCcy: '',
    category: '1',
    ctMult: '1',
    ctType: c.ctType,
    ctVal: c.ctVal,
    ctValCcy: c.ctValCcy,
    expTime: '',
    instFamily: family,
    instId: c.instId,
    instType: 'SWAP',
    lever: '125',
    listTime: '1611916828000',
    lotSz: '1',
    maxLmtSz: '100000000',
    maxMktSz: '30000',
    minSz: '1',
    optType: '',
    quoteCcy: '',
    ruleType: 'normal',
    settleCcy: c.settleCcy,
    state: 'live',
    stk: '',
    tickSz: '0.1',
    uly: family,
  };
};

export interface OkxReplayServer {
  readonly url: string;
  /** Every request path with its query, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** A local HTTP server answering OKX's public instruments endpoint for SWAP (what ccxt loads). */
export async function startOkxReplayServer(
  swaps: readonly OkxSwapContract[] = OKX_SWAPS,
): Promise<OkxReplayServer> {
  const requests: string[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    if (
      url.pathname === '/api/v5/public/instruments' &&
      url.searchParams.get('instType') === 'SWAP'
    ) {
      json(res, 200, { code: '0', msg: '', data: swaps.map(instrument) });
    } else {
      json(res, 404, { code: '51000', msg: `not replayed: ${url.pathname}`, data: [] });
    }
  };
  const { url, close } = await listenLocal(handle);
  return { url, requests, close };
}
