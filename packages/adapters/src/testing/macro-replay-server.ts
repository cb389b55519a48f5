import type { FetchLike } from '../sources/macro-sources.js';
import { listenLocal } from './http-replay.js';

/** One daily bar as Yahoo's chart API lists it; `date` is the exchange-local trading date. */
export interface ChartBar {
  readonly date: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Where a symbol trades: what the chart `meta` says about its exchange and clock. */
export interface ChartVenue {
  readonly exchangeName: string;
  readonly instrumentType: string;
  /** Seconds east of UTC (New York in winter: −18000). */
  readonly gmtoffset: number;
  readonly timezone: string;
  readonly exchangeTimezoneName: string;
  /** UTC time of day of the session open, `HH:MM` (stamps each bar, as Yahoo does). */
  readonly openUtc: string;
}

export const NYSE_WINTER: ChartVenue = {
  exchangeName: 'SNP',
  instrumentType: 'INDEX',
  gmtoffset: -18000,
  timezone: 'EST',
  exchangeTimezoneName: 'America/New_York',
  openUtc: '14:30',
};

/** CBOT in summer (CDT): the ZQ session opens 17:00 Chicago the evening before; bars at 05:00 UTC. */
export const CBOT_SUMMER: ChartVenue = {
  exchangeName: 'CBT',
  instrumentType: 'FUTURE',
  gmtoffset: -18000,
  timezone: 'CDT',
  exchangeTimezoneName: 'America/Chicago',
  openUtc: '05:00',
};

/** A Yahoo v8 chart response (`/v8/finance/chart/{symbol}`, interval 1d) for `bars`. */
export function yahooChart(symbol: string, venue: ChartVenue, bars: readonly ChartBar[]): unknown {
  const timestamp = bars.map((b) => Date.parse(`${b.date}T${venue.openUtc}:00Z`) / 1000);
  const first = timestamp[0] ?? 0;
  const last = timestamp.at(-1) ?? first;
  const period = {
    timezone: venue.timezone,
    start: first,
    end: last + 6.5 * 3600,
    gmtoffset: venue.gmtoffset,
  };
  const col = (pick: (b: ChartBar) => number): number[] => bars.map(pick);
  return {
    chart: {
      result: [
        {
          meta: {
            currency: 'USD',
            symbol,
            exchangeName: venue.exchangeName,
            fullExchangeName: venue.exchangeName,
            instrumentType: venue.instrumentType,
            firstTradeDate: -1325583000,
            regularMarketTime: last,
            hasPrePostMarketData: false,
            gmtoffset: venue.gmtoffset,
            timezone: venue.timezone,
            exchangeTimezoneName: venue.exchangeTimezoneName,
            regularMarketPrice: bars.at(-1)?.close ?? 0,
            chartPreviousClose: bars[0]?.close ?? 0,
            priceHint: 2,
            currentTradingPeriod: { pre: period, regular: period, post: period },
            dataGranularity: '1d',
            range: '',
            validRanges: ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', '10y', 'ytd', 'max'],
          },
          timestamp,
          indicators: {
            quote: [
              {
                open: col((b) => b.open),
                high: col((b) => b.high),
                low: col((b) => b.low),
                close: col((b) => b.close),
                volume: col((b) => b.volume),
              },
            ],
            adjclose: [{ adjclose: col((b) => b.close) }],
          },
        },
      ],
      error: null,
    },
  };
}

export interface MacroReplay {
  /** Chart responses by Yahoo symbol (`^GSPC`, `ZQU24.CBT`). */
  readonly yahoo: Readonly<Record<string, unknown>>;
  /** fredgraph.csv bodies by series id. */
  readonly fred: Readonly<Record<string, string>>;
}

export interface MacroReplayServer {
  readonly url: string;
  /** Every request path with its query, in order. */
  readonly requests: string[];
  /** A fetch that sends every https request to this server instead. */
  readonly fetch: FetchLike;
  close(): Promise<void>;
}

/**
 * A local HTTP server standing in for Yahoo's chart API and FRED's fredgraph.csv: known symbols
 * and series get their recorded body, anything else a 404 (as both services answer for unknown
 * names).
 */
export async function startMacroReplayServer(replay: MacroReplay): Promise<MacroReplayServer> {
  const requests: string[] = [];
  const { url, close } = await listenLocal((req, res) => {
    const path = req.url ?? '/';
    requests.push(path);
    const parsed = new URL(path, 'http://127.0.0.1');
    const chart = /^\/v8\/finance\/chart\/(.+)$/.exec(decodeURIComponent(parsed.pathname))?.[1];
    const series =
      parsed.pathname === '/graph/fredgraph.csv' ? parsed.searchParams.get('id') : null;
    const body =
      chart !== undefined ? replay.yahoo[chart] : series !== null ? replay.fred[series] : undefined;
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    } else if (typeof body === 'string') {
      res.writeHead(200, { 'content-type': 'text/csv' }).end(body);
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    }
  });
  const fetchLocal: FetchLike = (input, init) =>
    fetch(
      String(input instanceof Request ? input.url : input).replace(/^https:\/\/[^/]+/, url),
      init,
    );
  return { url, requests, fetch: fetchLocal, close };
}
