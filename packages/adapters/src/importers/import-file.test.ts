import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { IN_MEMORY, openDuckDbStore, type DuckDbMarketStore } from '../store/duckdb-store.js';
import { exportTable } from '../store/export-table.js';
import { ImportError } from './csv-check.js';
import { MAX_LINE_BYTES } from './csv-scan.js';
import { importFile } from './import-file.js';

const DATA = join(import.meta.dirname, '..', '..', 'test-data');
const fixture = (name: string): string => join(DATA, name);
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

let tmp: string;
let store: DuckDbMarketStore;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'cascade-import-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});
beforeEach(async () => {
  store = await openDuckDbStore(IN_MEMORY);
});
afterEach(async () => {
  await store.close();
});

describe('shared-data formats', () => {
  it('binance klines: symbol and timeframe from the file name, decimals exact', async () => {
    const result = await importFile(
      store,
      fixture('binance_spot_BTCUSDT_1d_sample.csv'),
      'binance-klines',
    );
    expect(result.rows).toBe(5);
    const [first] = await store.candles({
      exchange: 'binance',
      symbol: 'BTC/USDT',
      timeframe: '1d',
    });
    expect(first).toEqual({
      exchange: 'binance',
      symbol: 'BTC/USDT',
      timeframe: '1d',
      tsMs: 1502928000000,
      open: 4261.48,
      high: 4485.39,
      low: 4200.74,
      close: 4285.08,
      volumeBase: 795.150377,
      volumeQuote: 3454770.05073206,
      trades: 3427,
    });
  });

  it('ccxt OHLCV with naive UTC date-times (KuCoin dump)', async () => {
    await importFile(store, fixture('kucoin_ETH-USDT_1h_sample.csv'), 'ccxt-ohlcv');
    const rows = await store.candles({ exchange: 'kucoin', symbol: 'ETH/USDT', timeframe: '1h' });
    expect(rows.map((r) => r.tsMs)).toEqual([0, 1, 2, 3, 4].map((h) => Date.UTC(2022, 0, 1, h)));
  });

  it('yahoo daily: -05:00 offsets keep the trading date at 00:00 UTC; close also as a macro series', async () => {
    await importFile(store, fixture('yahoo_GSPC_1d_sample.csv'), 'yahoo-daily');
    const macro = await store.select('macro_series', { series: '^GSPC' });
    expect(macro[0]).toEqual({
      seriesId: '^GSPC',
      tsMs: day('2016-01-04'),
      value: 2012.6600341796875,
      source: 'yahoo',
    });
    expect(await store.count('candles', { exchange: 'yahoo', symbol: '^GSPC' })).toBe(5);
  });

  it('FRED: series from the header or file name, blank values skipped', async () => {
    await importFile(store, fixture('fred_DGS2_daily_sample.csv'), 'fred');
    await importFile(store, fixture('fred_DFF_daily_sample.csv'), 'fred');
    const dgs2 = await store.select('macro_series', { series: 'DGS2' });
    expect(dgs2).toHaveLength(17); // 19 rows, 2016-01-01 and 2016-01-18 blank
    expect(dgs2[0]).toEqual({
      seriesId: 'DGS2',
      tsMs: day('2016-01-04'),
      value: 1.02,
      source: 'fred',
    });
    expect(await store.count('macro_series', { series: 'DFF' })).toBe(5);
  });

  it('yahoo futures long format: closes only, mislabelled duplicate terms dropped', async () => {
    await importFile(store, fixture('yahoo_ZQ_long_sample.csv'), 'yahoo-futures-long');
    expect(await store.select('fed_funds_futures')).toEqual([
      { contract: 'ZQV24', tsMs: day('2024-08-02'), price: 95.13500213623047, source: 'yahoo' },
      { contract: 'ZQZ24', tsMs: day('2024-08-02'), price: 95.69499969482422, source: 'yahoo' },
    ]);
  });

  it('barchart settles, FOMC meetings, Coinglass liquidations, funding, OI, depth', async () => {
    await importFile(store, fixture('barchart_ZQ_settles_sample.csv'), 'barchart-settles');
    await importFile(store, fixture('fomc_meetings_sample.csv'), 'fomc-meetings');
    await importFile(
      store,
      fixture('coinglass_BTC_liquidations_1h_sample.csv'),
      'coinglass-liquidations',
    );
    await importFile(store, fixture('binance_um_BTCUSDT_funding_sample.csv'), 'binance-funding');
    await importFile(store, fixture('coinglass_BTC_1h_oi_sample.csv'), 'oi-ohlc', {
      exchange: 'binance',
      symbol: 'BTC/USDT:USDT',
    });
    await importFile(store, fixture('binance_um_BTCUSDT_depth_snap_sample.csv'), 'binance-depth');
    await importFile(
      store,
      fixture('binance_um_BTCUSDT_bookDepth_sample.csv'),
      'binance-book-depth',
    );
    expect(await store.count('fed_funds_futures', { series: 'ZQM24' })).toBe(1);
    expect((await store.select('fomc_meetings'))[0]).toEqual({
      decisionDate: '2021-01-27',
      startDate: '2021-01-26',
    });
    const buckets = await store.select('liquidation_buckets');
    expect(buckets[1]).toEqual({
      source: 'coinglass',
      symbol: 'BTC',
      intervalMs: 3_600_000,
      tsMs: 1763881200000,
      longUsd: 2137137.59233,
      shortUsd: 249169.79087,
    });
    const [funding] = await store.select('funding_rates');
    expect(funding).toEqual({
      exchange: 'binance',
      symbol: 'BTC/USDT:USDT',
      tsMs: Date.UTC(2019, 8, 10, 8),
      rate: 0.0001,
    });
    expect((await store.select('open_interest'))[0]?.openInterestUsd).toBe(8248989576);
    expect(await store.count('order_book_levels', { symbol: 'BTC/USDT:USDT' })).toBe(10);
    expect((await store.select('depth_bands'))[0]).toEqual({
      exchange: 'binance',
      symbol: 'BTC/USDT:USDT',
      tsMs: Date.UTC(2025, 9, 10, 0, 0, 7),
      percentage: -5,
      depthBase: 8243.012,
      notionalUsd: 979983314.2056,
    });
  });
});

describe('binance depth updates (diff-depth "set" rows)', () => {
  /** Independent replay: the snapshot's levels, then each update in file order; qty 0 removes. */
  async function expectedBook(): Promise<[string, number, number][]> {
    const rows = async (name: string): Promise<string[][]> =>
      (await readFile(fixture(name), 'utf8'))
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','));
    const book = new Map<string, number>();
    for (const r of [
      ...(await rows('binance_um_BTCUSDT_depth_snap_sample.csv')),
      ...(await rows('binance_um_BTCUSDT_depth_update_sample.csv')),
    ]) {
      book.set(`${r[4] === 'b' ? 'bid' : 'ask'}|${r[6] ?? ''}`, Number(r[7]));
    }
    return [...book]
      .filter(([, qty]) => qty > 0)
      .map(([key, qty]): [string, number, number] => {
        const [side = '', price = ''] = key.split('|');
        return [side, Number(price), qty];
      })
      .sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]);
  }
  const UPDATE_TS = 1667347199939;
  const bookAt = async (tsMs: number): Promise<[string, number, number][]> =>
    (await store.select('order_book_levels', { fromMs: tsMs, toMs: tsMs }))
      .map((l): [string, number, number] => [l.side, l.price, l.quantityBase])
      .sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]);

  it('applies an update file to the stored snapshot: the book at the last update', async () => {
    await importFile(store, fixture('binance_um_BTCUSDT_depth_snap_sample.csv'), 'binance-depth');
    await importFile(store, fixture('binance_um_BTCUSDT_depth_update_sample.csv'), 'binance-depth');
    const expected = await expectedBook();
    expect(expected.length).toBeGreaterThan(50);
    expect(await bookAt(UPDATE_TS)).toEqual(expected);
    expect(await store.count('order_book_levels', { toMs: UPDATE_TS - 1 })).toBe(10);
  });

  it('does the same when snapshot and updates are in one file; updates alone store nothing', async () => {
    const snap = await readFile(fixture('binance_um_BTCUSDT_depth_snap_sample.csv'), 'utf8');
    const upd = await readFile(fixture('binance_um_BTCUSDT_depth_update_sample.csv'), 'utf8');
    const both = join(tmp, 'binance_um_BTCUSDT_depth_both.csv');
    await writeFile(both, snap + upd.slice(upd.indexOf('\n') + 1));
    await importFile(store, both, 'binance-depth');
    expect(await bookAt(UPDATE_TS)).toEqual(await expectedBook());
    const other = await openDuckDbStore(IN_MEMORY);
    try {
      await importFile(
        other,
        fixture('binance_um_BTCUSDT_depth_update_sample.csv'),
        'binance-depth',
      );
      expect(await other.count('order_book_levels')).toBe(0);
    } finally {
      await other.close();
    }
  });
});

describe('coinglass funding', () => {
  it('hourly funding_open in percent becomes a fraction under <exchange>-coinglass', async () => {
    await importFile(store, fixture('coinglass_BTC_1h_oi_sample.csv'), 'coinglass-funding', {
      exchange: 'binance',
      symbol: 'BTC/USDT:USDT',
    });
    const rates = await store.select('funding_rates');
    expect(rates.map((r) => [r.exchange, r.tsMs])).toEqual([
      ['binance-coinglass', 1764828000000],
      ['binance-coinglass', 1764831600000],
      ['binance-coinglass', 1764835200000],
    ]);
    expect(rates[0]?.rate).toBeCloseTo(0.00004936, 15);
    expect(rates[1]?.rate).toBeCloseTo(0.00005673, 15);
  });
});

describe('daily open interest value', () => {
  it('one column per asset becomes a 1d series of <ASSET>/USDT:USDT stamped 00:00 UTC', async () => {
    const file = join(tmp, 'binance_um_BTC_ETH_open_interest_value_1d_sample.csv');
    // The first two rows of the embedded file; ETH left blank on the second (no row stored).
    await writeFile(
      file,
      'date,btc_oi_value_usd,eth_oi_value_usd\n2025-11-07,8336692202.3616,5695331016.800655\n2025-11-08,8969884426.8117,\n',
    );
    expect((await importFile(store, file, 'oi-value-daily')).rows).toBe(2);
    expect(await store.select('open_interest')).toEqual([
      {
        exchange: 'binance',
        symbol: 'BTC/USDT:USDT',
        intervalMs: 86_400_000,
        tsMs: day('2025-11-07'),
        openInterestBase: null,
        openInterestUsd: 8336692202.3616,
      },
      {
        exchange: 'binance',
        symbol: 'ETH/USDT:USDT',
        intervalMs: 86_400_000,
        tsMs: day('2025-11-07'),
        openInterestBase: null,
        openInterestUsd: 5695331016.800655,
      },
      {
        exchange: 'binance',
        symbol: 'BTC/USDT:USDT',
        intervalMs: 86_400_000,
        tsMs: day('2025-11-08'),
        openInterestBase: null,
        openInterestUsd: 8969884426.8117,
      },
    ]);
  });

  it('needs at least one <asset>_oi_value_usd column', async () => {
    const file = join(tmp, 'binance_um_oi_none_1d.csv');
    await writeFile(file, 'date,value\n2025-11-07,1\n');
    await expect(importFile(store, file, 'oi-value-daily')).rejects.toThrow(
      /missing column <asset>_oi_value_usd/,
    );
  });
});

describe('tardis', () => {
  it('book_snapshot_25: wide levels become one row per side and price', async () => {
    await importFile(
      store,
      fixture('tardis_binance-futures_BTCUSDT_book_snapshot_25_sample.csv'),
      'tardis-book-snapshot',
    );
    expect(await store.count('order_book_levels')).toBe(500); // 10 snapshots x 25 asks + 25 bids
    const [best] = await store.select('order_book_levels', { limit: 1 });
    expect(best).toEqual({
      exchange: 'binance',
      symbol: 'BTC/USDT:USDT',
      tsMs: 1598918403696,
      side: 'ask',
      price: 11657.08,
      quantityBase: 1.714,
    });
  });
});

describe('transactions, errors and idempotence', () => {
  it('a malformed file writes nothing and the error names file, line and column', async () => {
    await importFile(store, fixture('binance_spot_BTCUSDT_1d_sample.csv'), 'binance-klines');
    const text = await readFile(fixture('binance_spot_BTCUSDT_1d_sample.csv'), 'utf8');
    const lines = text.split('\n');
    // Line 5, third field (high): "4x" glued in front of the number.
    lines[4] = (lines[4] ?? '').replace(/^(\d+),([\d.]+),/, '$1,$2,4x');
    const bad = join(tmp, 'binance_spot_BTCUSDT_1d_bad.csv');
    await writeFile(bad, lines.join('\n'));
    const before = await store.select('candles');
    const threads = async (): Promise<unknown> =>
      (await store.query("SELECT current_setting('threads') AS t"))[0]?.['t'];
    const threadsBefore = await threads();
    const error: unknown = await importFile(store, bad, 'binance-klines').catch((e: unknown) => e);
    expect(await threads()).toBe(threadsBefore); // the one-thread setting of small loads is undone
    expect(error).toBeInstanceOf(ImportError);
    const importError = error as ImportError;
    expect(importError.file).toBe(bad);
    expect(importError.line).toBe(5);
    expect(importError.column).toBe(23);
    expect(importError.message).toMatch(
      /binance_spot_BTCUSDT_1d_bad\.csv:5:23: column "high": expected a decimal number, got "4x/,
    );
    expect(await store.select('candles')).toEqual(before);
  });

  it('rejects a missing column and a wrong field count', async () => {
    const noHigh = join(tmp, 'binance_spot_BTCUSDT_1d_nohigh.csv');
    await writeFile(noHigh, 'open_time,open,low,close,volume,quote_volume,trades\n1,2,3,4,5,6,7\n');
    await expect(importFile(store, noHigh, 'binance-klines')).rejects.toThrow(
      /:1:1: missing column "high"/,
    );
    const short = join(tmp, 'fred_DFF_short.csv');
    await writeFile(short, 'observation_date,DFF\n2021-08-06,0.10\n2021-08-07\n');
    await expect(importFile(store, short, 'fred')).rejects.toThrow(
      /fred_DFF_short\.csv:3:11: expected 2 fields, found 1/,
    );
    expect(await store.count('macro_series')).toBe(0);
  });

  it('tolerates the blank before a timestamp found in the real Oct-10 bookDepth file', async () => {
    const file = join(tmp, 'binance_um_BTCUSDT_bookDepth_blank.csv');
    const rows = [
      'timestamp,percentage,depth,notional,weighted_avg_price',
      '2025-10-10 21:34:32,-5,256.471,28595697.4905,111496.806619462',
      ' 2025-10-10 21:34:32,-4,17.654,2142547.0931,121363.265724482',
    ];
    await writeFile(file, `${rows.join('\n')}\n`);
    await importFile(store, file, 'binance-book-depth');
    const bands = await store.select('depth_bands');
    expect(bands.map((b) => [b.tsMs, b.percentage])).toEqual([
      [Date.UTC(2025, 9, 10, 21, 34, 32), -5],
      [Date.UTC(2025, 9, 10, 21, 34, 32), -4],
    ]);
  });

  it('re-importing the same file changes nothing', async () => {
    await importFile(store, fixture('binance_spot_BTCUSDT_1d_sample.csv'), 'binance-klines');
    const once = await store.select('candles');
    await importFile(store, fixture('binance_spot_BTCUSDT_1d_sample.csv'), 'binance-klines');
    expect(await store.select('candles')).toEqual(once);
  });

  it('needs --symbol when the file name does not tell', async () => {
    const anon = join(tmp, 'prices.csv');
    await writeFile(anon, 'timestamp,open,high,low,close,volume\n1700000000000,1,2,0.5,1.5,10\n');
    await expect(importFile(store, anon, 'ccxt-ohlcv')).rejects.toThrow(/pass --exchange/);
    await importFile(store, anon, 'ccxt-ohlcv', {
      exchange: 'okx',
      symbol: 'BTC/USDT:USDT',
      timeframe: '1h',
    });
    expect(await store.count('candles', { exchange: 'okx' })).toBe(1);
  });
});

describe('files read in pieces through one buffer', () => {
  const HEADER =
    'exchange,symbol,timeframe,ts_ms,open,high,low,close,volume_base,volume_quote,trades';
  // Every 7th row names a non-ASCII venue: its pieces decode as UTF-8, the rest as latin1.
  const row = (i: number): string =>
    `${i % 7 === 0 ? 'börse' : 'binance'},BTC/USDT,1h,${String(i)},1,2,0.5,${String(i)}.25,10,,`;
  const rows = Array.from({ length: 6000 }, (_, i) => row(i)); // ~400 KB: more than one read

  it('counts lines across reads (CRLF, UTF-8) and names the line and column of a bad cell', async () => {
    const bad = [...rows];
    bad[4999] = (bad[4999] ?? '').replace(',0.5,', ',0.5x,');
    const file = join(tmp, 'pieces-bad.csv');
    await writeFile(file, `${[HEADER, ...bad].join('\r\n')}\r\n`);
    await expect(importFile(store, file, 'candles')).rejects.toThrow(
      /pieces-bad\.csv:5001:30: column "low": expected a decimal number, got "0\.5x"/,
    );
    expect(await store.count('candles')).toBe(0);
  });

  it('imports every row and records the SHA-256 of the whole file', async () => {
    const file = join(tmp, 'pieces.csv');
    await writeFile(file, `${[HEADER, ...rows].join('\r\n')}\r\n`);
    expect((await importFile(store, file, 'candles')).rows).toBe(6000);
    expect(await store.count('candles', { exchange: 'börse' })).toBe(858);
    const [recorded] = await store.query('SELECT digest FROM imports');
    const bytes = await readFile(file);
    expect(recorded?.['digest']).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it(`takes a line of up to ${String(MAX_LINE_BYTES)} bytes and names a longer one`, async () => {
    const venue = (bytes: number): string => 'x'.repeat(bytes - row(1).length + 'binance'.length);
    const longest = row(1).replace('binance', venue(MAX_LINE_BYTES - 1)); // + "\n" = the limit
    const ok = join(tmp, 'long-ok.csv');
    await writeFile(ok, `${[HEADER, row(0), longest, row(2)].join('\n')}\n`);
    expect((await importFile(store, ok, 'candles')).rows).toBe(3);
    const tooLong = join(tmp, 'long-bad.csv');
    const over = row(3).replace('binance', venue(MAX_LINE_BYTES + 1));
    await writeFile(tooLong, `${[HEADER, row(4), over, row(5)].join('\n')}\n`);
    await expect(importFile(store, tooLong, 'candles')).rejects.toThrow(
      `long-bad.csv:3:1: line longer than ${String(MAX_LINE_BYTES)} bytes`,
    );
    expect(await store.count('candles')).toBe(3);
  });
});

describe('natural keys kept by the merge (the tables have no index)', () => {
  const HEADER =
    'exchange,symbol,timeframe,ts_ms,open,high,low,close,volume_base,volume_quote,trades';
  const row = (ts: number, close: string, trades = ''): string =>
    `binance,BTC/USDT,1h,${String(ts)},1,2,0.5,${close},10,,${trades}`;
  const write = async (name: string, rows: readonly string[]): Promise<string> => {
    const file = join(tmp, name);
    await writeFile(file, `${[HEADER, ...rows].join('\n')}\n`);
    return file;
  };
  const closes = async (): Promise<[number, number][]> =>
    (await store.select('candles')).map((c) => [c.tsMs, c.close]);

  it('a key repeated inside one file keeps its last row, into an empty and a filled table', async () => {
    const file = await write('dup.csv', [row(1, '1.5'), row(2, '2.5'), row(1, '1.75')]);
    expect((await importFile(store, file, 'candles')).rows).toBe(3);
    expect(await closes()).toEqual([
      [1, 1.75],
      [2, 2.5],
    ]);
    await importFile(
      store,
      await write('dup2.csv', [row(2, '3'), row(3, '4'), row(2, '3.5')]),
      'candles',
    );
    expect(await closes()).toEqual([
      [1, 1.75],
      [2, 3.5],
      [3, 4],
    ]);
  });

  it('a file of 1–12 MB (one DuckDB thread, keys checked alongside the load) keeps the last row of a repeated key', async () => {
    // ~1.3 MB: 25,000 hourly rows; the second file repeats one key near its end.
    const rows = Array.from({ length: 25_000 }, (_, i) => row(i * 3_600_000, `${String(i)}.5`));
    const unique = await write('big.csv', rows);
    expect((await importFile(store, unique, 'candles')).rows).toBe(25_000);
    expect(await store.count('candles')).toBe(25_000);
    await store.query('DELETE FROM candles');
    const repeated = await write('big-dup.csv', [...rows, row(7 * 3_600_000, '99.25')]);
    expect((await importFile(store, repeated, 'candles')).rows).toBe(25_001);
    expect(await store.count('candles')).toBe(25_000);
    const [seventh] = await store.query('SELECT close FROM candles WHERE ts_ms = $1', [
      7 * 3_600_000,
    ]);
    expect(seventh?.['close']).toBe(99.25);
  });

  it('a file of 1–12 MB into a filled table (merged in place): new keys appended, changed rows updated, a repeated key redone through a stage', async () => {
    const rows = (from: number, count: number, close: (i: number) => string): string[] =>
      Array.from({ length: count }, (_, k) => row((from + k) * 3_600_000, close(from + k)));
    // 10,000 stored, then 25,000 of which the first 5,000 overlap: 2 of them changed, one to NULL trades.
    await importFile(
      store,
      await write(
        'base.csv',
        rows(0, 10_000, (i) => `${String(i)}.5`),
      ),
      'candles',
    );
    const next = rows(5_000, 25_000, (i) => `${String(i)}.5`);
    next[0] = row(5_000 * 3_600_000, '7.25');
    next[1] = row(5_001 * 3_600_000, '5001.5', '3');
    await importFile(store, await write('next.csv', next), 'candles');
    expect(await store.count('candles')).toBe(30_000);
    const at = async (i: number): Promise<unknown[]> =>
      (
        await store.query(
          'SELECT close, CAST(trades AS DOUBLE) AS trades FROM candles WHERE ts_ms = $1',
          [i * 3_600_000],
        )
      ).map((r) => [r['close'], r['trades']]);
    expect(await at(5_000)).toEqual([[7.25, null]]);
    expect(await at(5_001)).toEqual([[5001.5, 3]]);
    expect(await at(4_999)).toEqual([[4999.5, null]]);
    expect(await at(29_999)).toEqual([[29999.5, null]]);
    // The same again changes nothing; a file repeating a key keeps its last row.
    await importFile(store, await write('next-again.csv', next), 'candles');
    expect(await store.count('candles')).toBe(30_000);
    const repeated = [
      ...rows(20_000, 25_000, (i) => `${String(i)}.5`),
      row(40_000 * 3_600_000, '1.25'),
    ];
    await importFile(store, await write('repeat.csv', repeated), 'candles');
    expect(await store.count('candles')).toBe(45_000);
    expect(await at(40_000)).toEqual([[1.25, null]]);
    expect(await at(5_000)).toEqual([[7.25, null]]);
  });

  it("reports DuckDB's progress of the load while it runs", async () => {
    // ~6 MB: long enough for a few samples at 5 ms.
    const rows = Array.from({ length: 100_000 }, (_, i) => row(i * 60_000, `${String(i)}.5`));
    const file = await write('progress.csv', rows);
    const seen: number[] = [];
    await importFile(store, file, 'candles', {
      onProgress: (percent) => seen.push(percent),
      progressEveryMs: 5,
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((p) => p >= 0 && p <= 100)).toBe(true);
    expect(await store.count('candles')).toBe(100_000);
  });

  it('a changed value replaces the stored row, NULLs included; unchanged rows stay', async () => {
    await importFile(store, await write('a.csv', [row(1, '1', '7'), row(2, '2')]), 'candles');
    await importFile(store, await write('b.csv', [row(1, '1'), row(2, '2', '9')]), 'candles');
    const rows = await store.select('candles');
    expect(rows.map((c) => [c.tsMs, c.trades])).toEqual([
      [1, null],
      [2, 9],
    ]);
    await importFile(store, await write('b.csv', [row(1, '1'), row(2, '2', '9')]), 'candles');
    expect(await store.select('candles')).toEqual(rows);
  });

  it('fomc decision dates never overwrite a known start date (merge mode "ignore")', async () => {
    await importFile(store, fixture('fomc_meetings_sample.csv'), 'fomc-meetings');
    const before = await store.select('fomc_meetings');
    const decisions = join(tmp, 'fomc_decisions.csv');
    await writeFile(decisions, `date\n${before[0]?.decisionDate ?? ''}\n2031-01-29\n`);
    await importFile(store, decisions, 'fomc-decisions');
    const after = await store.select('fomc_meetings');
    expect(after[0]).toEqual(before[0]);
    expect(after.at(-1)).toEqual({ decisionDate: '2031-01-29', startDate: null });
  });
});

describe('export and the generic format', () => {
  it.each(['csv', 'parquet'] as const)('%s export re-imports to identical rows', async (format) => {
    await importFile(store, fixture('binance_spot_BTCUSDT_1d_sample.csv'), 'binance-klines');
    await importFile(store, fixture('kucoin_ETH-USDT_1h_sample.csv'), 'ccxt-ohlcv');
    const out = join(tmp, `candles.${format}`);
    expect(await exportTable(store, 'candles', format, out)).toBe(10);
    const other = await openDuckDbStore(IN_MEMORY);
    try {
      await importFile(other, out, 'candles');
      expect(await other.select('candles')).toEqual(await store.select('candles'));
    } finally {
      await other.close();
    }
  });

  it('CSV export keeps the source decimal strings and honours filters', async () => {
    await importFile(store, fixture('binance_spot_BTCUSDT_1d_sample.csv'), 'binance-klines');
    const out = join(tmp, 'filtered.csv');
    const n = await exportTable(store, 'candles', 'csv', out, {
      symbol: 'BTC/USDT',
      fromMs: 1503014400000,
      toMs: 1503100800000,
    });
    expect(n).toBe(2);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe(
      'exchange,symbol,timeframe,ts_ms,open,high,low,close,volume_base,volume_quote,trades',
    );
    expect(lines[1]).toBe(
      'binance,BTC/USDT,1d,1503014400000,4285.08,4371.52,3938.77,4108.37,1199.888264,5086958.30617151,5233',
    );
  });
});
