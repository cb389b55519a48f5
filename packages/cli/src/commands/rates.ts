import {
  alignToTradingDays,
  eventPath,
  pathAt,
  rollingPearsonBeta,
  simpleReturns,
  type EventPath,
} from '@cascade/analytics';
import { runDatedMacroCommand } from '../dated-macro-command.js';
import type { CliIo } from '../io.js';
import { type MacroSource, type Ohlc, type ValueSeries } from '@cascade/services';
import { formatPercent, renderTable } from '../table.js';

export const RATES_HELP = `Usage: cascade rates --date YYYY-MM-DD [--json]

Equities and the rate path:
  - rolling beta and correlation (30 and 90 trading days, ending on DATE or the last trading day
    before it) of S&P 500 and Nasdaq daily returns to daily 2-year Treasury yield changes (FRED
    DGS2, same New York date), in % index return per +10 bp; the Nasdaq − S&P gap is the
    "growth" tilt;
  - first-cut study: S&P 500, Nasdaq and BTC (UTC close sampled on S&P trading days) from 60
    trading days before to 60 after the first cut of each easing cycle in the stored data
    (2019-07-31, 2020-03-03, 2024-09-18, 2025-09-17): did the market bottom before the cut?

Rate expectations: for dates the stored futures cover (2020-10..2024-09-09), also the beta of index
returns to daily changes of the ZQZ24-implied December-2024 EFFR (100 − price, a FedWatch input;
not FedWatch probabilities). Later dates: not available (no stored futures).

Options:
  --date YYYY-MM-DD   end of the beta windows (required)
  --data-dir DIR      market store to read (default $CASCADE_DATA_DIR, else ./.cascade); when
                      it is missing or lacks the macro tables, the files in data/ are read
  --json              machine-readable output
  -h, --help          show this help

Exit codes: 0 ok; 1 no data for DATE; 2 invalid input (the message names the option).
`;

export const FIRST_CUTS = ['2019-07-31', '2020-03-03', '2024-09-18', '2025-09-17'] as const;
const WINDOWS = [30, 90] as const;
const SPAN = 60;
const OFFSETS = [-60, -20, -5, 0, 5, 20, 60] as const;

interface RateBeta {
  readonly index: string;
  readonly window: number;
  /** Index return per +10 bp of 2-year yield (fraction). */
  readonly betaPer10bp: number;
  readonly correlation: number;
}

interface PathSummary {
  readonly asset: string;
  readonly at: Record<string, number>;
  readonly lowOffset: number;
  readonly lowRelative: number;
  readonly bottomedBefore: boolean;
  readonly lowAtWindowStart: boolean;
}

interface CutStudy {
  readonly cut: string;
  readonly paths: readonly PathSummary[];
}

interface RatesReport {
  readonly date: string;
  readonly twoYear: {
    readonly date: string;
    readonly yieldPct: number;
    readonly change1dBp: number | null;
  };
  readonly betas: readonly RateBeta[];
  readonly growthTilt: readonly { readonly window: number; readonly betaPer10bp: number }[];
  readonly firstCuts: readonly CutStudy[];
  /** Betas to daily changes of the ZQZ24-implied Dec-2024 EFFR (bp), where stored; else null. */
  readonly futuresBetas: readonly RateBeta[] | null;
  readonly dataSource: string;
}

/** 2-year yield changes (bp) on the index's trading days; NaN where either day has no yield. */
function yieldChangesOn(dates: readonly string[], twoYear: ValueSeries): Float64Array {
  const byDate = new Map(twoYear.dates.map((d, i) => [d, twoYear.values[i] ?? Number.NaN]));
  const out = new Float64Array(dates.length).fill(Number.NaN);
  for (let i = 1; i < dates.length; i++) {
    const now = byDate.get(dates[i] ?? '');
    const before = byDate.get(dates[i - 1] ?? '');
    if (now !== undefined && before !== undefined) out[i] = (now - before) * 100;
  }
  return out;
}

function betas(name: string, index: Ohlc, twoYear: ValueSeries, date: string): RateBeta[] {
  const at = index.dates.findLastIndex((d) => d <= date);
  const returns = simpleReturns(index.close);
  const changes = yieldChangesOn(index.dates, twoYear);
  return WINDOWS.map((window) => {
    // Bond-market holidays (equities open) leave gaps: require 80% of the window.
    const { correlation, beta } = rollingPearsonBeta(
      changes,
      returns,
      window,
      undefined,
      undefined,
      Math.ceil(window * 0.8),
    );
    return {
      index: name,
      window,
      betaPer10bp: (beta[at] ?? Number.NaN) * 10,
      correlation: correlation[at] ?? Number.NaN,
    };
  });
}

function summarize(asset: string, path: EventPath | undefined): PathSummary[] {
  if (path === undefined) return [];
  return [
    {
      asset,
      at: Object.fromEntries(OFFSETS.map((o) => [String(o), pathAt(path, o)])),
      lowOffset: path.lowOffset,
      lowRelative: path.lowRelative,
      bottomedBefore: path.bottomedBefore,
      lowAtWindowStart: path.lowAtWindowStart,
    },
  ];
}

/** ZQZ24-implied EFFR (percent) per trade date, Yahoo closes (the only long daily series). */
async function zqz24Implied(source: MacroSource): Promise<ValueSeries> {
  const rows = (await source.zqSettles()).filter((r) => r.contract === 'ZQZ24');
  return { dates: rows.map((r) => r.date), values: Float64Array.from(rows, (r) => 100 - r.price) };
}

const FUTURES_FROM = '2020-10-01';
const FUTURES_TO = '2024-09-09';

async function build(date: string, source: MacroSource): Promise<RatesReport | undefined> {
  const spx = await source.equity('GSPC');
  const nasdaq = await source.equity('IXIC');
  const btc = await source.cryptoDaily('BTC');
  const twoYear = await source.fred('DGS2');
  const futures = date < FUTURES_FROM || date > FUTURES_TO ? null : await zqz24Implied(source);
  const twoIndex = twoYear.dates.findLastIndex((d) => d <= date);
  if (twoIndex < 1 || spx.dates.findLastIndex((d) => d <= date) < 100) return undefined;
  const all = [...betas('S&P 500', spx, twoYear, date), ...betas('Nasdaq', nasdaq, twoYear, date)];
  const btcOnSpx = alignToTradingDays(btc, spx);
  return {
    date,
    twoYear: {
      date: twoYear.dates[twoIndex] ?? '',
      yieldPct: twoYear.values[twoIndex] ?? Number.NaN,
      change1dBp:
        Math.round(
          ((twoYear.values[twoIndex] ?? NaN) - (twoYear.values[twoIndex - 1] ?? NaN)) * 1000,
        ) / 10,
    },
    betas: all,
    growthTilt: WINDOWS.map((window) => ({
      window,
      betaPer10bp:
        (all.find((b) => b.index === 'Nasdaq' && b.window === window)?.betaPer10bp ?? NaN) -
        (all.find((b) => b.index === 'S&P 500' && b.window === window)?.betaPer10bp ?? NaN),
    })),
    futuresBetas:
      futures === null
        ? null
        : [...betas('S&P 500', spx, futures, date), ...betas('Nasdaq', nasdaq, futures, date)],
    dataSource: source.label,
    firstCuts: FIRST_CUTS.map((cut) => ({
      cut,
      paths: [
        ...summarize('S&P 500', eventPath(spx.dates, spx.close, cut, SPAN, SPAN)),
        ...summarize('Nasdaq', eventPath(nasdaq.dates, nasdaq.close, cut, SPAN, SPAN)),
        ...summarize('BTC', eventPath(btcOnSpx.dates, btcOnSpx.btcClose, cut, SPAN, SPAN)),
      ],
    })),
  };
}

export function ratesCommand(argv: readonly string[], io: CliIo): Promise<number> {
  return runDatedMacroCommand(
    {
      name: 'rates',
      help: RATES_HELP,
      build,
      toText,
      missing: (date) => `not enough index and 2-year yield history before ${date}`,
    },
    argv,
    io,
  );
}

function per10(value: number): string {
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(2)}%`;
}

function toText(report: RatesReport): string {
  const t = report.twoYear;
  const lines = [
    `Equities and the rate path, windows ending ${report.date}.`,
    `2-year Treasury (FRED DGS2) ${t.date}: ${t.yieldPct.toFixed(2)}%, 1-day change ${t.change1dBp === null ? 'n/a' : `${t.change1dBp.toFixed(1)} bp`}.`,
    '',
    renderTable(
      ['index', 'window', 'return per +10 bp 2y', 'correlation'],
      report.betas.map((b) => [
        b.index,
        `${b.window}d`,
        per10(b.betaPer10bp),
        b.correlation.toFixed(2),
      ]),
    ),
    `Growth tilt (Nasdaq − S&P, per +10 bp): ${report.growthTilt.map((g) => `${g.window}d ${per10(g.betaPer10bp)}`).join(', ')}.`,
    report.futuresBetas === null
      ? 'Sensitivity to rate expectations from futures: not available for this date (stored fed funds futures: 2020-10..2024-09-09).'
      : `Sensitivity to the ZQZ24-implied Dec-2024 EFFR (futures; a FedWatch input): ${report.futuresBetas
          .map(
            (b) =>
              `${b.index} ${b.window}d ${per10(b.betaPer10bp)} per +10 bp (corr ${b.correlation.toFixed(2)})`,
          )
          .join('; ')}.`,
    '',
    `First cut of each easing cycle: closes relative to the last close on or before the cut day (offsets in S&P trading days; BTC = UTC close on those days).`,
  ];
  const headers = [
    'cut',
    'asset',
    ...OFFSETS.map((o) => (o > 0 ? `+${o}` : String(o))),
    'low at',
    'low',
    'bottom before cut?',
  ];
  const body = report.firstCuts.flatMap((study) =>
    study.paths.map((p) => [
      study.cut,
      p.asset,
      ...OFFSETS.map((o) => formatPercent(p.at[String(o)] ?? NaN, 1)),
      String(p.lowOffset),
      formatPercent(p.lowRelative, 1),
      p.lowAtWindowStart ? 'no: rose into it' : p.bottomedBefore ? 'yes' : 'no',
    ]),
  );
  lines.push(renderTable(headers, body));
  const spxBefore = report.firstCuts.filter((s) => {
    const p = s.paths.find((q) => q.asset === 'S&P 500');
    return p !== undefined && p.bottomedBefore && !p.lowAtWindowStart;
  }).length;
  lines.push(
    `S&P 500 bottomed inside the ${SPAN} days before the first cut in ${spxBefore} of ${report.firstCuts.length} cycles ` +
      `("rose into it": the low is the window's first day).`,
    `Data: ${report.dataSource}.`,
    '',
  );
  return lines.join('\n');
}
