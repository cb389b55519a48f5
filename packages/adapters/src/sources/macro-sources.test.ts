import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IN_MEMORY, openDuckDbStore, type DuckDbMarketStore } from '../store/duckdb-store.js';
import {
  NYSE_WINTER,
  startMacroReplayServer,
  yahooChart,
  type ChartBar,
  type MacroReplayServer,
} from '../testing/macro-replay-server.js';
import { fetchFredSeries, fetchYahooDaily } from './macro-sources.js';

const TEST_DATA = join(import.meta.dirname, '..', '..', 'test-data');
const SINCE = Date.UTC(2016, 0, 1);
const UNTIL = Date.UTC(2016, 0, 31);

// Real S&P 500 sessions 2016-01-04..08 (test-data/yahoo_GSPC_1d_sample.csv), served in the
// Yahoo v8 chart JSON layout: one timestamp per session open (09:30 New York = 14:30 UTC).
async function gspcBars(): Promise<ChartBar[]> {
  const lines = (await readFile(join(TEST_DATA, 'yahoo_GSPC_1d_sample.csv'), 'utf8'))
    .trim()
    .split('\n')
    .slice(1);
  return lines.map((l) => {
    const [date = '', open, high, low, close, volume] = l.split(',');
    return {
      date: date.slice(0, 10),
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close),
      volume: Number(volume),
    };
  });
}

let server: MacroReplayServer;
beforeAll(async () => {
  const fred = await readFile(join(TEST_DATA, 'fred_DGS2_daily_sample.csv'), 'utf8');
  server = await startMacroReplayServer({
    yahoo: { '^GSPC': yahooChart('^GSPC', NYSE_WINTER, await gspcBars()) },
    fred: {
      DGS2: fred.replace('date,value', 'observation_date,DGS2'),
      BAD: 'observation_date,BAD\n2016-01-04,1.02\n2016-01-05,n/a\n',
    },
  });
});
afterAll(async () => {
  await server.close();
});

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
      fetch: server.fetch,
    });
    expect(rows).toBe(19);
    expect(server.requests.at(-1)).toBe(
      '/graph/fredgraph.csv?id=DGS2&cosd=2016-01-01&coed=2016-01-31',
    );
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
      fetchFredSeries(store, 'BAD', { sinceMs: SINCE, untilMs: UNTIL, fetch: server.fetch }),
    ).rejects.toThrow(
      /fredgraph\.csv\?id=BAD&cosd=2016-01-01&coed=2016-01-31:3:12: column "BAD": expected a decimal number or blank, got "n\/a"/,
    );
    expect(await store.count('macro_series')).toBe(0);
  });

  it('Yahoo chart via yahoo-finance2: index closes stamped on the New York trading date', async () => {
    const rows = await fetchYahooDaily(store, '^GSPC', {
      sinceMs: SINCE,
      untilMs: UNTIL,
      fetch: server.fetch,
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
