/**
 * Loader for the embedded macro data in `data/` (rates, equities, crypto daily; see
 * data/SOURCES.md). Reads the CSV files directly (gzip where the name ends in .gz) and validates
 * every row with zod; analytics get plain arrays. The fallback of macro-source.ts when the
 * DuckDB store is not initialised.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { IntradaySeries, ZqQuote } from '@cascade/analytics';
import { z } from 'zod';
import { repoRoot } from './repo-paths.js';

export class DataError extends Error {
  override readonly name = 'DataError';
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const finite = z.coerce.number().refine(Number.isFinite, 'not a finite number');

function dataDir(...parts: string[]): string {
  return join(repoRoot(), 'data', ...parts);
}

/** Reads one file under data/<folder> whose name starts with `prefix` (exactly one must match). */
function readDataFile(folder: string, prefix: string): { name: string; text: string } {
  const dir = dataDir(folder);
  const names = readdirSync(dir).filter((name) => name.startsWith(prefix));
  const [name] = names;
  if (names.length !== 1 || name === undefined) {
    throw new DataError(`expected one file data/${folder}/${prefix}* , found ${names.length}`);
  }
  const raw = readFileSync(join(dir, name));
  return { name, text: (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8') };
}

function csvRows(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const [head, ...body] = lines;
  return { header: (head ?? '').split(','), rows: body.map((line) => line.split(',')) };
}

function parseRow<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new DataError(`${where}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

export interface Ohlc {
  readonly dates: string[];
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
}

function toOhlc(
  rows: { date: string; open: number; high: number; low: number; close: number }[],
): Ohlc {
  return {
    dates: rows.map((r) => r.date),
    open: Float64Array.from(rows, (r) => r.open),
    high: Float64Array.from(rows, (r) => r.high),
    low: Float64Array.from(rows, (r) => r.low),
    close: Float64Array.from(rows, (r) => r.close),
  };
}

const binanceRow = z.object({
  openTime: z.coerce.number().int(),
  open: finite,
  high: finite,
  low: finite,
  close: finite,
});

export const CRYPTO_SYMBOLS = [
  'BTC',
  'ETH',
  'SOL',
  'DOGE',
  'XRP',
  'ADA',
  'BNB',
  'DOT',
  'LINK',
  'LTC',
  'TRX',
] as const;

/** Binance spot daily klines of SYMUSDT; dates are UTC days (the bar's open time). */
export function loadCryptoDaily(symbol: string): Ohlc {
  const { name, text } = readDataFile('crypto-daily', `binance_spot_${symbol}USDT_1d_`);
  const { rows } = csvRows(text);
  const parsed = rows.map((cells, i) => {
    const row = parseRow(
      binanceRow,
      { openTime: cells[0], open: cells[1], high: cells[2], low: cells[3], close: cells[4] },
      `${name} row ${i + 2}`,
    );
    return { ...row, date: new Date(row.openTime).toISOString().slice(0, 10) };
  });
  return toOhlc(parsed);
}

const yahooRow = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}[ T]/),
  open: finite,
  high: finite,
  low: finite,
  close: finite,
});

export const EQUITY_INDICES = { spx: 'GSPC', nasdaq: 'IXIC', dow: 'DJI', vix: 'VIX' } as const;

/** Yahoo daily index bars; dates are the exchange-local (New York / Chicago) trading dates. */
export function loadEquity(ticker: string): Ohlc {
  const { name, text } = readDataFile('equities', `yahoo_${ticker}_1d_`);
  const { rows } = csvRows(text);
  const parsed = rows.map((cells, i) => {
    const row = parseRow(
      yahooRow,
      { date: cells[0], open: cells[1], high: cells[2], low: cells[3], close: cells[4] },
      `${name} row ${i + 2}`,
    );
    return { ...row, date: row.date.slice(0, 10) };
  });
  return toOhlc(parsed);
}

export interface ValueSeries {
  readonly dates: string[];
  readonly values: Float64Array;
}

const fredRow = z.object({ date: isoDate, value: z.string() });

/** A FRED-style `date,value` file; blank or "." values are skipped. */
export function loadFred(folder: string, prefix: string): ValueSeries {
  const { name, text } = readDataFile(folder, prefix);
  const dates: string[] = [];
  const values: number[] = [];
  csvRows(text).rows.forEach((cells, i) => {
    const row = parseRow(
      fredRow,
      { date: cells[0], value: cells[1] ?? '' },
      `${name} row ${i + 2}`,
    );
    if (row.value === '' || row.value === '.') return;
    dates.push(row.date);
    values.push(parseRow(finite, row.value, `${name} row ${i + 2} value`));
  });
  return { dates, values: Float64Array.from(values) };
}

/** Effective fed funds rate, daily: the 2015–2022 file, then the 2021–2026 file after it. */
export function loadEffr(): ValueSeries {
  const early = loadFred('rates', 'fred_DFF_daily_2015');
  const late = loadFred('rates', 'fred_DFF_daily_2021');
  const last = early.dates[early.dates.length - 1] ?? '';
  const keep = late.dates.map((d, i) => [d, i] as const).filter(([d]) => d > last);
  return {
    dates: [...early.dates, ...keep.map(([d]) => d)],
    values: Float64Array.from([...early.values, ...keep.map(([, i]) => late.values[i] ?? NaN)]),
  };
}

/** Last value dated on or before `date` (undefined when none). */
export function valueOn(
  series: ValueSeries,
  date: string,
): { date: string; value: number } | undefined {
  let found: { date: string; value: number } | undefined;
  for (let i = 0; i < series.dates.length; i++) {
    const d = series.dates[i] ?? '';
    if (d > date) break;
    found = { date: d, value: series.values[i] ?? Number.NaN };
  }
  return found;
}

export function loadFomcDates(): string[] {
  const { name, text } = readDataFile('rates', 'fomc_decision_dates_');
  return csvRows(text).rows.map((cells, i) => parseRow(isoDate, cells[0], `${name} row ${i + 2}`));
}

const MONTH_CODES = 'FGHJKMNQUVXZ';

/** Parses ZQ<month code><YY> (e.g. ZQQ24) into year and month. */
export function parseZqSymbol(symbol: string): { year: number; month: number } | undefined {
  const match = /^ZQ([FGHJKMNQUVXZ])(\d{2})$/.exec(symbol);
  if (match === null) return undefined;
  return { year: 2000 + Number(match[2]), month: MONTH_CODES.indexOf(match[1] ?? '') + 1 };
}

export interface ZqSettle {
  readonly date: string;
  readonly contract: string;
  readonly year: number;
  readonly month: number;
  readonly price: number;
}

const barchartRow = z.object({ date: isoDate, contract: z.string(), settle: finite });
const yahooZqRow = z.object({
  date: isoDate,
  name: z.string(),
  value: z.string(),
  term: z.string(),
});
const TERM_MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

/**
 * Every stored ZQ daily price: Barchart settles, then Yahoo closes for contracts/dates Barchart
 * lacks. Yahoo rows whose `term` disagrees with the symbol's month (the source's mislabelled
 * "2025 Jan" duplicate of ZQZ24) and NA values are dropped.
 */
export function loadZqSettles(): ZqSettle[] {
  const out = new Map<string, ZqSettle>();
  const barchart = readDataFile('rates', 'barchart_ZQ_settles_');
  csvRows(barchart.text).rows.forEach((cells, i) => {
    const where = `${barchart.name} row ${i + 2}`;
    const row = parseRow(
      barchartRow,
      { date: cells[0], contract: cells[1], settle: cells[2] },
      where,
    );
    const ym = parseZqSymbol(row.contract);
    if (ym === undefined) throw new DataError(`${where}: unknown contract ${row.contract}`);
    out.set(`${row.date} ${row.contract}`, {
      date: row.date,
      contract: row.contract,
      ...ym,
      price: row.settle,
    });
  });
  const yahoo = readDataFile('rates', 'yahoo_ZQ_fedfunds_futures_');
  csvRows(yahoo.text).rows.forEach((cells, i) => {
    const where = `${yahoo.name} row ${i + 2}`;
    const row = parseRow(
      yahooZqRow,
      { date: cells[0], name: cells[1], value: cells[2], term: cells[3] },
      where,
    );
    const match = /^(ZQ[A-Z]\d{2})\.CBT\.Close$/.exec(row.name);
    if (match?.[1] === undefined || row.value === 'NA' || row.value === '') return;
    const ym = parseZqSymbol(match[1]);
    if (ym === undefined) return;
    if (row.term !== `${ym.year} ${TERM_MONTHS[ym.month - 1] ?? ''}`) return;
    const key = `${row.date} ${match[1]}`;
    if (out.has(key)) return;
    out.set(key, {
      date: row.date,
      contract: match[1],
      ...ym,
      price: parseRow(finite, row.value, where),
    });
  });
  return [...out.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Realised monthly average of a daily series (calendar days, forward-filled), or undefined. */
export function monthlyAverage(
  series: ValueSeries,
  year: number,
  month: number,
): number | undefined {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const prefix = `${year}-${String(month).padStart(2, '0')}-`;
  let sum = 0;
  for (let day = 1; day <= days; day++) {
    const point = valueOn(series, `${prefix}${String(day).padStart(2, '0')}`);
    if (point === undefined) return undefined;
    sum += point.value;
  }
  return sum / days;
}

/**
 * The ZQ curve as of `asOf`: each contract's settle on that exact date; months that ended before
 * `asOf` use their realised EFFR average (what an expired contract settles to). Returns the
 * quotes and the contracts seen.
 */
export function zqCurveOn(
  settles: readonly ZqSettle[],
  effr: ValueSeries,
  asOf: string,
): { quotes: ZqQuote[]; contracts: string[] } {
  const today = settles.filter((s) => s.date === asOf);
  if (today.length === 0) return { quotes: [], contracts: [] };
  const quotes: ZqQuote[] = today.map((s) => ({ year: s.year, month: s.month, price: s.price }));
  const contracts = today.map((s) => s.contract);
  const monthKey = (y: number, m: number) => y * 12 + m - 1;
  const asOfKey = monthKey(Number(asOf.slice(0, 4)), Number(asOf.slice(5, 7)));
  const first = Math.min(...quotes.map((q) => monthKey(q.year, q.month)));
  // Fill up to three months before the first live contract with realised averages.
  for (let key = first - 1; key >= first - 3 && key < asOfKey; key--) {
    const year = Math.floor(key / 12);
    const month = (key % 12) + 1;
    const average = monthlyAverage(effr, year, month);
    if (average === undefined) break;
    quotes.push({ year, month, price: 100 - average });
    contracts.push(`EFFR ${year}-${String(month).padStart(2, '0')} (realised)`);
  }
  return { quotes, contracts };
}

export interface PublishedReading {
  readonly asOfDate: string;
  readonly meetingDate: string;
  readonly probabilities: Record<string, number>;
  readonly source: string;
  readonly notes: string;
}

const publishedSchema = z.array(
  z.object({
    asOfDate: isoDate,
    meetingDate: isoDate,
    probabilities: z.record(z.string(), z.number().min(0).max(1)),
    source: z.string(),
    notes: z.string(),
  }),
);

/** Published FedWatch readings (news facts with sources), data/rates/fedwatch-published-*.json. */
export function loadPublishedFedWatch(): PublishedReading[] {
  const { name, text } = readDataFile('rates', 'fedwatch-published-');
  return parseRow(publishedSchema, JSON.parse(text), name);
}

const eventSchema = z.array(
  z
    .object({
      date: isoDate,
      window: z.string(),
      totalLiquidatedUsd: z.number().nullable(),
      btcFrom: z.number().nullable(),
      btcTo: z.number().nullable(),
      confidence: z.string(),
      source: z.string(),
    })
    .loose(),
);

export interface HistoricalEvent {
  readonly date: string;
  readonly window: string;
  readonly totalLiquidatedUsd: number | null;
  readonly btcFrom: number | null;
  readonly btcTo: number | null;
  readonly confidence: string;
  readonly source: string;
}

export function loadHistoricalEvents(): HistoricalEvent[] {
  const { name, text } = readDataFile('events', 'historical-events');
  return parseRow(eventSchema, JSON.parse(text), name).map((e) => ({
    date: e.date,
    window: e.window,
    totalLiquidatedUsd: e.totalLiquidatedUsd,
    btcFrom: e.btcFrom,
    btcTo: e.btcTo,
    confidence: e.confidence,
    source: e.source,
  }));
}

const fundingRow = z.object({
  timestamp: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/),
  rate: finite,
});

/** Binance BTCUSDT perp funding per 8 h, averaged per UTC day (decimal per 8 h). */
export function loadDailyFunding(): ValueSeries {
  const { name, text } = readDataFile('derivatives', 'binance_um_BTCUSDT_funding_rate_8h_');
  return dailyMeans(
    csvRows(text).rows.map((cells, i) => {
      const row = parseRow(
        fundingRow,
        { timestamp: cells[0], rate: cells[1] },
        `${name} row ${i + 2}`,
      );
      return { day: row.timestamp.slice(0, 10), value: row.rate };
    }),
  );
}

/** The mean value per UTC day (YYYY-MM-DD), days in order. */
export function dailyMeans(points: Iterable<{ day: string; value: number }>): ValueSeries {
  const sums = new Map<string, { sum: number; count: number }>();
  for (const { day, value } of points) {
    const acc = sums.get(day) ?? { sum: 0, count: 0 };
    acc.sum += value;
    acc.count += 1;
    sums.set(day, acc);
  }
  const dates = [...sums.keys()].sort();
  return {
    dates,
    values: Float64Array.from(dates, (d) => {
      const acc = sums.get(d);
      return acc === undefined ? Number.NaN : acc.sum / acc.count;
    }),
  };
}

/** Binance spot BTCUSDT 1h klines (data/crypto-intraday/, embedded for the store, issue 4). */
export function loadBtcHourly(): IntradaySeries {
  const { name, text } = readDataFile('crypto-intraday', 'binance_spot_BTCUSDT_1h_');
  const rows = csvRows(text).rows.map((cells, i) =>
    parseRow(
      binanceRow,
      { openTime: cells[0], open: cells[1], high: cells[2], low: cells[3], close: cells[4] },
      `${name} row ${i + 2}`,
    ),
  );
  return {
    openMs: Float64Array.from(rows, (r) => r.openTime),
    low: Float64Array.from(rows, (r) => r.low),
    close: Float64Array.from(rows, (r) => r.close),
    barMs: 3_600_000,
  };
}
