import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IN_MEMORY, openDuckDbStore, type DuckDbMarketStore } from '../store/duckdb-store.js';
import { fetchFredSeries, fetchYahooDaily, type FetchLike } from './macro-sources.js';

const TEST_DATA = join(import.meta.dirname, '..', '..', 'test-data');
const SINCE = Date.UTC(2016, 0, 1);
const UNTIL = Date.UTC(2016, 0, 31);

// Real S&P 500 sessions 2016-01-04..08 (test-data/yahoo_GSPC_1d_sample.csv), served in the
// Yahoo v8 chart JSON layout: one timestamp per session open (09:30 New York = 14:30 UTC).
async function chartPayload(): Promise<unknown> {
  const lines = (await readFile(join(TEST_DATA, 'yahoo_GSPC_1d_sample.csv'), 'utf8'))
    .trim()
    .split('\n')
    .slice(1);
  const rows = lines.map((l) => l.split(','));
  const col = (i: number): number[] => rows.map((r) => Number(r[i]));
  const timestamp = rows.map((r) => Date.parse(`${(r[0] ?? '').slice(0, 10)}T14:30:00Z`) / 1000);
  const period = { timezone: 'EST', start: 1451917800, end: 1451941200, gmtoffset: -18000 };
  return {
    chart: {
      result: [
        {
          meta: {
            currency: 'USD',
            symbol: '^GSPC',
            exchangeName: 'SNP',
            fullExchangeName: 'SNP',
            instrumentType: 'INDEX',
            firstTradeDate: -1325583000,
            regularMarketTime: 1452286800,
            hasPrePostMarketData: false,
            gmtoffset: -18000,
            timezone: 'EST',
            exchangeTimezoneName: 'America/New_York',
            regularMarketPrice: col(4).at(-1),
            chartPreviousClose: 2043.94,
            priceHint: 2,
            currentTradingPeriod: { pre: period, regular: period, post: period },
            dataGranularity: '1d',
            range: '',
            validRanges: ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', '10y', 'ytd', 'max'],
          },
          timestamp,
          indicators: {
            quote: [{ open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) }],
            adjclose: [{ adjclose: col(4) }],
          },
        },
      ],
      error: null,
    },
  };
}

let server: Server;
let base: string;
const requests: string[] = [];
beforeAll(async () => {
  const fred = await readFile(join(TEST_DATA, 'fred_DGS2_daily_sample.csv'), 'utf8');
  const chart = JSON.stringify(await chartPayload());
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url?.startsWith('/graph/fredgraph.csv?id=DGS2') === true) {
      res
        .writeHead(200, { 'content-type': 'text/csv' })
        .end(fred.replace('date,value', 'observation_date,DGS2'));
    } else if (req.url?.startsWith('/graph/fredgraph.csv?id=BAD') === true) {
      res
        .writeHead(200, { 'content-type': 'text/csv' })
        .end('observation_date,BAD\n2016-01-04,1.02\n2016-01-05,n/a\n');
    } else if (decodeURIComponent(req.url ?? '').startsWith('/v8/finance/chart/^GSPC')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(chart);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
});

/** Sends every https request to the local server instead. */
const localFetch: FetchLike = (input, init) =>
  fetch(
    String(input instanceof Request ? input.url : input).replace(/^https:\/\/[^/]+/, base),
    init,
  );

let store: DuckDbMarketStore;
beforeEach(async () => {
  store = await openDuckDbStore(IN_MEMORY);
});
afterEach(async () => {
  await store.close();
});

describe('macro sources against a local HTTP server', () => {
  it('FRED fredgraph.csv: imported with blanks skipped', async () => {
    const rows = await fetchFredSeries(store, 'DGS2', {
      sinceMs: SINCE,
      untilMs: UNTIL,
      fetch: localFetch,
    });
    expect(rows).toBe(19);
    expect(requests.at(-1)).toBe('/graph/fredgraph.csv?id=DGS2&cosd=2016-01-01&coed=2016-01-31');
    const points = await store.select('macro_series', { series: 'DGS2' });
    expect(points).toHaveLength(17);
    expect(points[0]).toEqual({
      seriesId: 'DGS2',
      tsMs: Date.UTC(2016, 0, 4),
      value: 1.02,
      source: 'fred',
    });
  });

  it('FRED: a malformed response writes nothing and names the URL, line and column', async () => {
    await expect(
      fetchFredSeries(store, 'BAD', { sinceMs: SINCE, untilMs: UNTIL, fetch: localFetch }),
    ).rejects.toThrow(
      /fredgraph\.csv\?id=BAD&cosd=2016-01-01&coed=2016-01-31:3:12: column "BAD": expected a decimal number or blank, got "n\/a"/,
    );
    expect(await store.count('macro_series')).toBe(0);
  });

  it('Yahoo chart via yahoo-finance2: index closes stamped on the New York trading date', async () => {
    const rows = await fetchYahooDaily(store, '^GSPC', {
      sinceMs: SINCE,
      untilMs: UNTIL,
      fetch: localFetch,
    });
    expect(rows).toBe(5);
    const points = await store.select('macro_series', { series: '^GSPC' });
    expect(points[0]).toEqual({
      seriesId: '^GSPC',
      tsMs: Date.UTC(2016, 0, 4),
      value: 2012.6600341796875,
      source: 'yahoo',
    });
    expect(await store.count('candles', { exchange: 'yahoo', symbol: '^GSPC' })).toBe(5);
  });
});
