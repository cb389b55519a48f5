import {
  isIsoDate,
  rankBySimilarity,
  RANKED_METRICS,
  severityPercentile,
  type DayMetrics,
  type RankedMetric,
} from '@cascade/analytics';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import {
  CRYPTO_SYMBOLS,
  type HistoricalEvent,
  type MacroSource,
  type Ohlc,
  repoRoot,
  withMacroSource,
} from '@cascade/services';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { formatPercent, renderTable } from '../table.js';

export const HISTORY_HELP = `Usage: cascade history --date YYYY-MM-DD [--json]

How a UTC day compares with the 16 past liquidation events in data/events/historical-events.json
(sources and confidence in that file). For every event and for DATE, from stored prices:
  - BTC drawdown open → low (Binance spot BTCUSDT daily) and BTC open → close;
  - alt drawdowns open → low: median and worst of ETH, SOL, DOGE, XRP, ADA, BNB, DOT, LINK,
    LTC, TRX (those listed that day);
  - S&P 500 close vs previous close that day (none on non-trading days);
  - realized liquidations (24 h, all coins) where the catalog gives them, and for DATE the BTC-only
    liquidations of the Coinglass hourly file in data/derivatives/ when it covers the whole day.
DATE is ranked against the events (severity percentile: share of events no worse) and against
every day since 2017-08-17 for the BTC drawdown; the most similar events come from the RMS of
standardised differences (BTC drawdown, alt median drawdown, S&P move, log liquidations).

Options:
  --date YYYY-MM-DD   day to rank, UTC (required)
  --data-dir DIR      market store to read (default $CASCADE_DATA_DIR, else ./.cascade); when
                      it is missing or lacks the macro tables, the files in data/ are read
  --json              machine-readable output
  -h, --help          show this help

Exit codes: 0 ok; 1 no BTC bar for DATE; 2 invalid input (the message names the option).
`;

interface Series {
  readonly ohlc: Ohlc;
  readonly index: Map<string, number>;
}

const indexed = (ohlc: Ohlc): Series => ({
  ohlc,
  index: new Map(ohlc.dates.map((d, i) => [d, i])),
});

function drawdown(s: Series, date: string): number | null {
  const i = s.index.get(date);
  if (i === undefined) return null;
  return (s.ohlc.low[i] ?? Number.NaN) / (s.ohlc.open[i] ?? Number.NaN) - 1;
}

function dayMetrics(
  date: string,
  btc: Series,
  alts: readonly Series[],
  spx: Series,
  liquidatedUsd: number | null,
): DayMetrics {
  const i = btc.index.get(date);
  const altDd = alts
    .map((a) => drawdown(a, date))
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  const mid = altDd.length / 2;
  const median =
    altDd.length === 0
      ? null
      : altDd.length % 2
        ? (altDd[Math.floor(mid)] ?? null)
        : ((altDd[mid - 1] ?? 0) + (altDd[mid] ?? 0)) / 2;
  const j = spx.index.get(date);
  const spxReturn =
    j === undefined || j === 0
      ? null
      : (spx.ohlc.close[j] ?? Number.NaN) / (spx.ohlc.close[j - 1] ?? Number.NaN) - 1;
  return {
    date,
    btcDrawdown: drawdown(btc, date),
    btcReturn:
      i === undefined ? null : (btc.ohlc.close[i] ?? Number.NaN) / (btc.ohlc.open[i] ?? 1) - 1,
    altMedianDrawdown: median,
    altWorstDrawdown: altDd[0] ?? null,
    spxReturn,
    liquidatedUsd,
  };
}

const liqRow = z.object({
  ts: z.coerce.number().int(),
  longUsd: z.coerce.number().nonnegative(),
  shortUsd: z.coerce.number().nonnegative(),
});

/**
 * BTC liquidations per UTC day (USD, Binance+Bybit+OKX, Coinglass hourly file in
 * data/derivatives/); only days with all 24 hours.
 */
async function btcDailyLiquidations(): Promise<Map<string, { long: number; short: number }>> {
  const dir = join(repoRoot(), 'data', 'derivatives');
  const name = readdirSync(dir).find((n) =>
    n.startsWith('coinglass_BTC_aggregated_liquidations_1h_'),
  );
  const out = new Map<string, { long: number; short: number; hours: number }>();
  if (name === undefined) return new Map();
  const raw = await readFile(join(dir, name));
  const lines = gunzipSync(raw).toString('utf8').split(/\r?\n/).slice(1);
  lines.forEach((line, i) => {
    if (line.length === 0) return;
    const c = line.split(',');
    const r = liqRow.safeParse({ ts: c[0], longUsd: c[2], shortUsd: c[3] });
    if (!r.success) throw new Error(`${name} line ${i + 2}: ${r.error.issues[0]?.message ?? ''}`);
    const day = new Date(r.data.ts).toISOString().slice(0, 10);
    const acc = out.get(day) ?? { long: 0, short: 0, hours: 0 };
    acc.long += r.data.longUsd;
    acc.short += r.data.shortUsd;
    acc.hours += 1;
    out.set(day, acc);
  });
  return new Map(
    [...out]
      .filter(([, v]) => v.hours === 24)
      .map(([d, v]) => [d, { long: v.long, short: v.short }]),
  );
}

interface HistoryReport {
  readonly date: string;
  readonly source: string;
  readonly day: DayMetrics;
  readonly catalogEvent: boolean;
  readonly percentileVsEvents: Record<RankedMetric, number | null>;
  readonly btcDrawdownPercentileAllDays: number | null;
  readonly allDaysCount: number;
  readonly allDaysFrom: string;
  readonly mostSimilar: { date: string; distance: number; features: readonly string[] }[];
  /** BTC-only liquidations that UTC day (Coinglass hourly, Binance+Bybit+OKX), when covered. */
  readonly btcLiquidations: { long: number; short: number } | null;
  readonly events: (DayMetrics & { confidence: string; window: string; source: string })[];
}

async function build(date: string, source: MacroSource): Promise<HistoryReport | undefined> {
  const btc = indexed(await source.cryptoDaily('BTC'));
  if (!btc.index.has(date)) return undefined;
  const alts: Series[] = [];
  for (const symbol of CRYPTO_SYMBOLS) {
    if (symbol !== 'BTC') alts.push(indexed(await source.cryptoDaily(symbol)));
  }
  const spx = indexed(await source.equity('GSPC'));
  const catalog: HistoricalEvent[] = await source.events();
  const events = catalog.map((e) => ({
    ...dayMetrics(e.date, btc, alts, spx, e.totalLiquidatedUsd),
    confidence: e.confidence,
    window: e.window,
    source: e.source,
  }));
  const known = catalog.find((e) => e.date === date);
  const day = dayMetrics(date, btc, alts, spx, known?.totalLiquidatedUsd ?? null);
  const others = events.filter((e) => e.date !== date);
  const percentileVsEvents = Object.fromEntries(
    RANKED_METRICS.map((key) => [
      key,
      severityPercentile(
        day[key],
        others.map((e) => e[key]),
        key === 'liquidatedUsd',
      ),
    ]),
  ) as Record<RankedMetric, number | null>;
  const all = btc.ohlc.dates.map((d) => drawdown(btc, d));
  return {
    date,
    source: source.label,
    day,
    catalogEvent: known !== undefined,
    percentileVsEvents,
    btcDrawdownPercentileAllDays: severityPercentile(day.btcDrawdown, all, false),
    allDaysCount: all.length,
    allDaysFrom: btc.ohlc.dates[0] ?? '',
    mostSimilar: rankBySimilarity(day, others).slice(0, 3),
    btcLiquidations: (await btcDailyLiquidations()).get(date) ?? null,
    events,
  };
}

const pct = (v: number | null) => formatPercent(v, 1);
const usd = (v: number | null) => (v === null ? '—' : `$${(v / 1e9).toFixed(2)}B`);

function toText(r: HistoryReport): string {
  const d = r.day;
  const p = r.percentileVsEvents;
  const share = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(0)}%`);
  const extra = r.catalogEvent ? [] : [{ ...d, confidence: '(date)', window: '', source: '' }];
  const rows = [...r.events, ...extra]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((e) => [
      e.date === r.date ? `${e.date} ◀` : e.date,
      pct(e.btcDrawdown),
      pct(e.btcReturn),
      pct(e.altMedianDrawdown),
      pct(e.altWorstDrawdown),
      pct(e.spxReturn),
      usd(e.liquidatedUsd),
      e.confidence,
    ]);
  const similar = r.mostSimilar
    .map((s) => `${s.date} (distance ${s.distance.toFixed(2)} over ${s.features.join(', ')})`)
    .join('; ');
  return [
    `History: ${r.date} against ${r.events.length} past liquidation events (${r.source})`,
    renderTable(
      [
        'date',
        'BTC open→low',
        'BTC open→close',
        'alt median dd',
        'alt worst dd',
        'S&P',
        'liquidated',
        'confidence',
      ],
      rows,
    ),
    `${r.date}: BTC drawdown ${pct(d.btcDrawdown)} is deeper than ${share(p.btcDrawdown)} of the other events (severity percentile, ties count half) and than ${share(r.btcDrawdownPercentileAllDays)} of all ${r.allDaysCount} days since ${r.allDaysFrom}`,
    `  alt median drawdown vs events: ${share(p.altMedianDrawdown)}; worst alt: ${share(p.altWorstDrawdown)}; S&P move: ${share(p.spxReturn)}; liquidations: ${share(p.liquidatedUsd)}`,
    `Most similar past events: ${similar || '—'}`,
    r.btcLiquidations === null
      ? 'BTC-only liquidations that day: not in the stored Coinglass hourly file (2025-11-24..2026-03-31)'
      : `BTC-only liquidations that day (Coinglass, Binance+Bybit+OKX): longs $${(r.btcLiquidations.long / 1e6).toFixed(1)}M, shorts $${(r.btcLiquidations.short / 1e6).toFixed(1)}M`,
    'Drawdowns are Binance spot prints, wicks included (e.g. LINKUSDT traded at 0.0001 on 2020-03-12).',
    '',
  ].join('\n');
}

export async function historyCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        date: { type: 'string' },
        'data-dir': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    io.stderr(`history: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.stdout(HISTORY_HELP);
    return EXIT_OK;
  }
  const date = values.date;
  if (date === undefined || !isIsoDate(date)) {
    io.stderr(`history: --date YYYY-MM-DD is required (got ${date ?? 'nothing'})\n`);
    return EXIT_USAGE;
  }
  const report = await withMacroSource(io.cwd, values['data-dir'], (s) => build(date, s));
  if (report === undefined) {
    io.stderr(`history: no BTC daily bar on ${date} in the stored prices\n`);
    return EXIT_FAILURE;
  }
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : toText(report));
  return EXIT_OK;
}
