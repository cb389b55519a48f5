import type { MergeMode } from '../store/merge.js';
import type { TableName } from '../store/tables.js';
import { cellSql, type CellKind } from './cells.js';
import { id, lit } from './sql.js';

/** Series identity that a file does not carry itself (from options or the file name). */
export interface SeriesContext {
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly intervalMs: number;
}

/** One SELECT of a format and the table its rows are merged into. */
export interface TableLoad {
  readonly table: TableName;
  readonly select: string;
  readonly mode: MergeMode;
}

const into = (table: TableName, select: string, mode: MergeMode = 'replace'): TableLoad => ({
  table,
  select,
  mode,
});

export interface CsvFormat {
  readonly kind: string;
  readonly description: string;
  /** Cell kind of each known column (columns not listed are not checked). */
  readonly cells: Readonly<Record<string, CellKind>>;
  /** Columns the header must have; an inner list means "one of these". */
  readonly required: readonly (string | readonly string[])[];
  /** At least one column whose name matches (described as `name` in the error). */
  readonly requiredMatch?: { readonly pattern: RegExp; readonly name: string };
  /** Cell kinds that depend on the header (e.g. FRED's series column). */
  readonly headerCells?: (header: readonly string[]) => Readonly<Record<string, CellKind>>;
  /** Text columns where a blank cell is an empty string rather than NULL. */
  readonly keepBlank?: readonly string[];
  /** Which context fields must be known. */
  readonly needs: readonly (keyof SeriesContext)[];
  /**
   * The rows to load, as SELECTs from `src` (a FROM item over the file; a column is VARCHAR, or
   * the `readType` of its cell kind), each into one table by natural key.
   */
  loads(src: string, ctx: SeriesContext, header: readonly string[]): TableLoad[];
}

const c = (name: string, kind: CellKind): string => cellSql(kind, id(name));

const KLINE_CELLS = {
  open_time: 'ms',
  open: 'decimal',
  high: 'decimal',
  low: 'decimal',
  close: 'decimal',
  volume: 'decimal',
  quote_volume: 'decimal',
  trades: 'int',
} as const;

/** Binance symbol ids (BTCUSDT) as unified spot symbols (BTC/USDT). */
const unifySpotSql = (col: string): string =>
  `regexp_replace(${col}, '^(.+?)(USDT|USDC|FDUSD|BUSD|USD|BTC|ETH)$', '\\1/\\2')`;

const binanceKlines: CsvFormat = {
  kind: 'binance-klines',
  description:
    'Binance /api/v3/klines CSV (open_time ms, open..close, volume, quote_volume, trades; optional symbol column)',
  cells: KLINE_CELLS,
  required: ['open_time', 'open', 'high', 'low', 'close', 'volume', 'quote_volume', 'trades'],
  needs: ['exchange', 'timeframe'],
  loads: (src, ctx, header) => {
    const symbol = header.includes('symbol') ? unifySpotSql(id('symbol')) : lit(ctx.symbol);
    return [
      into(
        'candles',
        `SELECT ${lit(ctx.exchange)}, ${symbol}, ${lit(ctx.timeframe)},
        ${c('open_time', 'ms')}, ${c('open', 'decimal')}, ${c('high', 'decimal')}, ${c('low', 'decimal')},
        ${c('close', 'decimal')}, ${c('volume', 'decimal')}, ${c('quote_volume', 'decimal')}, ${c('trades', 'int')}
        FROM ${src}`,
      ),
    ];
  },
};

const ohlcvTail = `${c('open', 'decimal')}, ${c('high', 'decimal')}, ${c('low', 'decimal')}, ${c('close', 'decimal')}, ${c('volume', 'decimal')}, NULL, NULL`;

const ccxtOhlcv: CsvFormat = {
  kind: 'ccxt-ohlcv',
  description:
    'ccxt fetchOHLCV dump: timestamp (ms or UTC date-time) or datetime, open, high, low, close, volume',
  cells: {
    timestamp: 'time',
    datetime: 'time',
    open: 'decimal',
    high: 'decimal',
    low: 'decimal',
    close: 'decimal',
    volume: 'decimal',
  },
  required: [['timestamp', 'datetime'], 'open', 'high', 'low', 'close', 'volume'],
  needs: ['exchange', 'symbol', 'timeframe'],
  loads: (src, ctx, header) => {
    const time = header.includes('timestamp') ? 'timestamp' : 'datetime';
    return [
      into(
        'candles',
        `SELECT ${lit(ctx.exchange)}, ${lit(ctx.symbol)}, ${lit(ctx.timeframe)},
        ${c(time, 'time')}, ${ohlcvTail} FROM ${src}`,
      ),
    ];
  },
};

const yahooDaily: CsvFormat = {
  kind: 'yahoo-daily',
  description: 'Yahoo/yfinance daily history: Date (with offset), Open, High, Low, Close, Volume',
  cells: {
    Date: 'yahoo-time',
    Open: 'decimal',
    High: 'decimal',
    Low: 'decimal',
    Close: 'decimal',
    Volume: 'decimal',
  },
  required: ['Date', 'Open', 'High', 'Low', 'Close', 'Volume'],
  needs: ['symbol'],
  loads: (src, ctx) => [
    into(
      'candles',
      `SELECT 'yahoo', ${lit(ctx.symbol)}, '1d', ${c('Date', 'yahoo-time')},
      ${c('Open', 'decimal')}, ${c('High', 'decimal')}, ${c('Low', 'decimal')}, ${c('Close', 'decimal')},
      ${c('Volume', 'decimal')}, NULL, NULL FROM ${src}`,
    ),
    into(
      'macro_series',
      `SELECT ${lit(ctx.symbol)}, ${c('Date', 'yahoo-time')},
      ${c('Close', 'decimal')}, 'yahoo' FROM ${src}`,
    ),
  ],
};

const MONTH_CODES = `'FGHJKMNQUVXZ'`;
const MONTHS = `['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct','Nov','Dec']`;

const yahooLong: CsvFormat = {
  kind: 'yahoo-futures-long',
  description:
    'Yahoo (quantmod) futures in long format: Index (date), name (ZQZ24.CBT.Close), value, term; closes only',
  cells: { Index: 'date', name: 'text', value: 'decimal?', term: 'text' },
  required: ['Index', 'name', 'value', 'term'],
  needs: [],
  loads: (src) => {
    const contract = `split_part(${id('name')}, '.', 1)`;
    // The contract's own delivery month, e.g. ZQZ24 -> "2024 Dec"; other terms are source duplicates.
    const term = `'20' || substr(${contract}, 4, 2) || ' ' || ${MONTHS}[instr(${MONTH_CODES}, substr(${contract}, 3, 1))]`;
    return [
      into(
        'fed_funds_futures',
        `SELECT ${contract}, ${c('Index', 'date')},
        ${c('value', 'decimal?')}, 'yahoo' FROM ${src}
        WHERE ${id('name')} LIKE '%.Close' AND ${id('term')} = ${term} AND ${c('value', 'decimal?')} IS NOT NULL`,
      ),
    ];
  },
};

const fred: CsvFormat = {
  kind: 'fred',
  description:
    'FRED fredgraph.csv: observation_date (or date/DATE), one series column (or value); blanks and "." skipped',
  cells: { observation_date: 'date', date: 'date', DATE: 'date' },
  required: [['observation_date', 'date', 'DATE']],
  headerCells: (header) => ({ [header[1] ?? 'value']: 'decimal?' }),
  needs: ['symbol'],
  loads: (src, ctx, header) => {
    const dateCol = header[0] ?? 'observation_date';
    const valueCol = header[1] ?? 'value';
    return [
      into(
        'macro_series',
        `SELECT ${lit(ctx.symbol)}, ${c(dateCol, 'date')},
        ${c(valueCol, 'decimal?')}, 'fred' FROM ${src} WHERE ${c(valueCol, 'decimal?')} IS NOT NULL`,
      ),
    ];
  },
};

const fomcMeetings: CsvFormat = {
  kind: 'fomc-meetings',
  description: 'FOMC meetings: year, meeting_start, decision_date',
  cells: { meeting_start: 'date', decision_date: 'date' },
  required: ['meeting_start', 'decision_date'],
  needs: [],
  loads: (src) => [
    into('fomc_meetings', `SELECT ${id('decision_date')}, ${id('meeting_start')} FROM ${src}`),
  ],
};

const fomcDecisions: CsvFormat = {
  kind: 'fomc-decisions',
  description: 'FOMC decision dates: date (never overwrites a known start date)',
  cells: { date: 'date' },
  required: ['date'],
  needs: [],
  loads: (src) => [into('fomc_meetings', `SELECT ${id('date')}, NULL FROM ${src}`, 'ignore')],
};

const barchartSettles: CsvFormat = {
  kind: 'barchart-settles',
  description: 'Barchart futures settles: date, contract, settle',
  cells: { date: 'date', contract: 'text', settle: 'decimal' },
  required: ['date', 'contract', 'settle'],
  needs: [],
  loads: (src) => [
    into(
      'fed_funds_futures',
      `SELECT ${id('contract')}, ${c('date', 'date')},
      ${c('settle', 'decimal')}, 'barchart' FROM ${src}`,
    ),
  ],
};

const coinglassLiquidations: CsvFormat = {
  kind: 'coinglass-liquidations',
  description: 'Coinglass aggregated liquidation history: timestamp (ms), longUsd, shortUsd',
  cells: { timestamp: 'ms', longUsd: 'decimal', shortUsd: 'decimal' },
  required: ['timestamp', 'longUsd', 'shortUsd'],
  needs: ['symbol', 'intervalMs'],
  loads: (src, ctx) => [
    into(
      'liquidation_buckets',
      `SELECT 'coinglass', ${lit(ctx.symbol)}, ${ctx.intervalMs},
      ${c('timestamp', 'ms')}, ${c('longUsd', 'decimal')}, ${c('shortUsd', 'decimal')} FROM ${src}`,
    ),
  ],
};

const openInterestOhlc: CsvFormat = {
  kind: 'oi-ohlc',
  description:
    'Coinglass/Binance regime file: timestamp (ms), oi_close (open interest, USD); other columns ignored',
  cells: { timestamp: 'ms', oi_close: 'decimal' },
  required: ['timestamp', 'oi_close'],
  needs: ['exchange', 'symbol', 'intervalMs'],
  loads: (src, ctx) => [
    into(
      'open_interest',
      `SELECT ${lit(ctx.exchange)}, ${lit(ctx.symbol)}, ${ctx.intervalMs},
      ${c('timestamp', 'ms')}, NULL, ${c('oi_close', 'decimal')} FROM ${src}`,
    ),
  ],
};

const OI_VALUE_COLUMN = /^([a-z0-9]+)_oi_value_usd$/;

/**
 * Daily open interest value per asset (Binance USDⓈ-M `openInterestHist?period=1d`
 * `sumOpenInterestValue`, one column per asset): `date` is the UTC day of Binance's row timestamp,
 * the snapshot at 00:00 UTC of that day (docs/market-data.md), so the row is stamped then.
 */
const openInterestDaily: CsvFormat = {
  kind: 'oi-value-daily',
  description:
    'daily open interest value: date (YYYY-MM-DD, the 00:00 UTC snapshot), <asset>_oi_value_usd (USD) per asset; stored as <ASSET>/USDT:USDT, interval 1d',
  cells: { date: 'date' },
  required: ['date'],
  requiredMatch: { pattern: OI_VALUE_COLUMN, name: '<asset>_oi_value_usd' },
  headerCells: (header) =>
    Object.fromEntries(header.filter((h) => OI_VALUE_COLUMN.test(h)).map((h) => [h, 'decimal?'])),
  needs: ['exchange'],
  loads: (src, ctx, header) => {
    const selects = header.flatMap((h) => {
      const asset = OI_VALUE_COLUMN.exec(h)?.[1];
      if (asset === undefined) return [];
      return [
        `SELECT ${lit(ctx.exchange)}, ${lit(`${asset.toUpperCase()}/USDT:USDT`)}, 86400000,
        ${c('date', 'date')}, NULL, ${c(h, 'decimal?')} FROM ${src} WHERE ${c(h, 'decimal?')} IS NOT NULL`,
      ];
    });
    return [into('open_interest', selects.join(' UNION ALL '))];
  },
};

/**
 * Coinglass hourly funding OHLC (`funding_open..close`, percent per interval) of one venue's
 * perpetual, as in the regime file. These are samples of the venue's real-time (predicted) rate,
 * not settlements: at 2025-12-05 00:00 the bar open equals Binance's settled 0.004837 % but at
 * 2025-12-04 08:00 it is 0.007367 % against a settled 0.007435 %. Stored as the bar-open value
 * (a fraction) under exchange "<venue>-coinglass", apart from the venue's settled history.
 */
const coinglassFunding: CsvFormat = {
  kind: 'coinglass-funding',
  description:
    'Coinglass hourly funding OHLC: timestamp (ms), funding_open (percent); stored as <exchange>-coinglass, open / 100',
  cells: { timestamp: 'ms', funding_open: 'decimal' },
  required: ['timestamp', 'funding_open'],
  needs: ['exchange', 'symbol'],
  loads: (src, ctx) => [
    into(
      'funding_rates',
      `SELECT ${lit(`${ctx.exchange}-coinglass`)}, ${lit(ctx.symbol)}, ${c('timestamp', 'ms')},
        ${c('funding_open', 'decimal')} / 100 FROM ${src}`,
    ),
  ],
};

const binanceFunding: CsvFormat = {
  kind: 'binance-funding',
  description:
    'Funding history: timestamp (ms or UTC date-time), funding_rate (decimal per interval)',
  cells: { timestamp: 'time', funding_rate: 'decimal' },
  required: ['timestamp', 'funding_rate'],
  needs: ['exchange', 'symbol'],
  loads: (src, ctx) => [
    into(
      'funding_rates',
      `SELECT ${lit(ctx.exchange)}, ${lit(ctx.symbol)},
      ${c('timestamp', 'time')}, ${c('funding_rate', 'decimal')} FROM ${src}`,
    ),
  ],
};

/**
 * The book after a file's diff-depth (`set`) rows: its latest snapshot (or, when the file has
 * none, the latest stored snapshot before the first update), with every update applied in
 * (timestamp, last_update_id) order — a quantity of 0 removes the level — stamped at the last
 * update. Updates already in the snapshot (last_update_id ≤ the snapshot's) are skipped.
 * Without a book to apply them to, update rows store nothing.
 */
function depthAfterUpdatesSql(src: string, ctx: SeriesContext): string {
  const series = `exchange = ${lit(ctx.exchange)} AND symbol = ${lit(ctx.symbol)}`;
  return `WITH r AS (
      SELECT ${c('timestamp', 'ms')} AS ts, ${c('last_update_id', 'int')} AS u,
        CASE WHEN lower(${id('side')}) IN ('b', 'bid') THEN 'bid' ELSE 'ask' END AS side,
        ${c('price', 'decimal')} AS price, ${c('qty', 'decimal')} AS qty, ${id('update_type')} AS kind
      FROM ${src}),
    snap AS (SELECT max(ts) AS ts, max(u) AS u FROM r
      WHERE kind = 'snap' AND ts = (SELECT max(ts) FROM r WHERE kind = 'snap')),
    upd AS (SELECT * FROM r WHERE kind = 'set' AND u > coalesce((SELECT u FROM snap), -1)),
    stored AS (SELECT max(ts_ms) AS ts FROM order_book_levels
      WHERE ${series} AND ts_ms < (SELECT min(ts) FROM upd)),
    base AS (
      SELECT ts, u, side, price, qty FROM r WHERE kind = 'snap' AND ts = (SELECT ts FROM snap)
      UNION ALL
      SELECT ts_ms, -1, side, price, quantity_base FROM order_book_levels
      WHERE (SELECT ts FROM snap) IS NULL AND ${series} AND ts_ms = (SELECT ts FROM stored)),
    book AS (SELECT * FROM base UNION ALL SELECT ts, u, side, price, qty FROM upd)
    SELECT ${lit(ctx.exchange)}, ${lit(ctx.symbol)}, (SELECT max(ts) FROM upd), side, price, qty
    FROM book WHERE EXISTS (SELECT 1 FROM base) AND EXISTS (SELECT 1 FROM upd)
    QUALIFY row_number() OVER (PARTITION BY side, price ORDER BY ts DESC, u DESC) = 1 AND qty > 0`;
}

const binanceDepth: CsvFormat = {
  kind: 'binance-depth',
  description:
    'Binance historical L2 depth: timestamp (ms), last_update_id, side (b/a), update_type (snap/set), price, qty; snapshots, and the book after the diff (set) rows',
  cells: {
    timestamp: 'ms',
    last_update_id: 'int',
    side: 'side',
    update_type: 'text',
    price: 'decimal',
    qty: 'decimal',
  },
  required: ['timestamp', 'last_update_id', 'side', 'update_type', 'price', 'qty'],
  needs: ['exchange', 'symbol'],
  loads: (src, ctx) => [
    into(
      'order_book_levels',
      `SELECT ${lit(ctx.exchange)}, ${lit(ctx.symbol)}, ${c('timestamp', 'ms')},
      CASE WHEN lower(${id('side')}) IN ('b', 'bid') THEN 'bid' ELSE 'ask' END,
      ${c('price', 'decimal')}, ${c('qty', 'decimal')} FROM ${src} WHERE ${id('update_type')} = 'snap'`,
    ),
    into('order_book_levels', depthAfterUpdatesSql(src, ctx)),
  ],
};

const binanceBookDepth: CsvFormat = {
  kind: 'binance-book-depth',
  description:
    'Binance data.binance.vision bookDepth: timestamp (UTC), percentage, depth, notional',
  cells: { timestamp: 'time', percentage: 'decimal', depth: 'decimal', notional: 'decimal' },
  required: ['timestamp', 'percentage', 'depth', 'notional'],
  needs: ['exchange', 'symbol'],
  loads: (src, ctx) => [
    into(
      'depth_bands',
      `SELECT ${lit(ctx.exchange)}, ${lit(ctx.symbol)}, ${c('timestamp', 'time')},
      ${c('percentage', 'decimal')}, ${c('depth', 'decimal')}, ${c('notional', 'decimal')} FROM ${src}`,
    ),
  ],
};

/** Tardis `book_snapshot_N` CSV: wide `asks[i].price/amount`, `bids[i].price/amount` columns. */
const tardisBookSnapshot: CsvFormat = {
  kind: 'tardis-book-snapshot',
  description:
    'Tardis book_snapshot_N: exchange, symbol, timestamp (µs), local_timestamp, asks[i].price, asks[i].amount, bids[i].…',
  cells: { timestamp: 'int', local_timestamp: 'int' },
  required: [
    'exchange',
    'symbol',
    'timestamp',
    'local_timestamp',
    'asks[0].price',
    'bids[0].price',
  ],
  headerCells: (header) =>
    Object.fromEntries(
      header.filter((h) => /^(asks|bids)\[\d+\]\./.test(h)).map((h) => [h, 'decimal?']),
    ),
  needs: [],
  loads: (src, ctx, header) => {
    const levels = header
      .map((h) => /^(asks|bids)\[(\d+)\]\.price$/.exec(h))
      .filter((m) => m !== null)
      .map((m) => {
        const [price = '', book = '', level = ''] = m;
        const side = book === 'asks' ? 'ask' : 'bid';
        return `SELECT ts, local_ts, '${side}' AS side, TRY_CAST(${id(price)} AS DOUBLE) AS price,
          TRY_CAST(${id(`${book}[${level}].amount`)} AS DOUBLE) AS qty FROM t`;
      });
    const exchange =
      ctx.exchange === ''
        ? `regexp_replace(${id('exchange')}, '-(futures|delivery)$', '')`
        : lit(ctx.exchange);
    const symbol =
      ctx.symbol === ''
        ? `regexp_replace(${id('symbol')}, '^(.+?)(USDT|USDC)$', '\\1/\\2:\\2')`
        : lit(ctx.symbol);
    return [
      into(
        'order_book_levels',
        `WITH t AS (SELECT ${exchange} AS ex, ${symbol} AS sym, CAST(${id('timestamp')} AS BIGINT) // 1000 AS ts,
                  CAST(${id('local_timestamp')} AS BIGINT) AS local_ts, * FROM ${src}),
            levels AS (${levels.map((l) => l.replace('FROM t', ', ex, sym FROM t')).join(' UNION ALL ')})
       SELECT ex, sym, ts, side, price, qty FROM levels
       WHERE price IS NOT NULL AND qty IS NOT NULL AND qty > 0
       QUALIFY row_number() OVER (PARTITION BY ex, sym, ts, side, price ORDER BY local_ts DESC) = 1`,
      ),
    ];
  },
};

export const CSV_FORMATS: readonly CsvFormat[] = [
  binanceKlines,
  ccxtOhlcv,
  yahooDaily,
  yahooLong,
  fred,
  fomcMeetings,
  fomcDecisions,
  barchartSettles,
  coinglassLiquidations,
  openInterestOhlc,
  openInterestDaily,
  binanceFunding,
  coinglassFunding,
  binanceDepth,
  binanceBookDepth,
  tardisBookSnapshot,
];

export function csvFormat(kind: string): CsvFormat | undefined {
  return CSV_FORMATS.find((f) => f.kind === kind);
}
