/** Equities vs the 2-year yield (betas, growth tilt) and the first-cut study. */
import {
  alignToTradingDays,
  eventPath,
  pathAt,
  rollingPearsonBeta,
  simpleReturns,
  type EventPath,
} from '@cascade/analytics';
import { type Ohlc, type ValueSeries } from '../macro-data.js';
import { type MacroSource } from '../macro-source.js';

export const FIRST_CUTS = ['2019-07-31', '2020-03-03', '2024-09-18', '2025-09-17'] as const;
const WINDOWS = [30, 90] as const;
export const FIRST_CUT_SPAN_DAYS = 60;
export const FIRST_CUT_OFFSETS = [-60, -20, -5, 0, 5, 20, 60] as const;

export interface RateBeta {
  readonly index: string;
  readonly window: number;
  /** Index return per +10 bp of 2-year yield (fraction). */
  readonly betaPer10bp: number;
  readonly correlation: number;
}

export interface PathSummary {
  readonly asset: string;
  readonly at: Record<string, number>;
  readonly lowOffset: number;
  readonly lowRelative: number;
  readonly bottomedBefore: boolean;
  readonly lowAtWindowStart: boolean;
}

export interface CutStudy {
  readonly cut: string;
  readonly paths: readonly PathSummary[];
}

export interface RatesReport {
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
      at: Object.fromEntries(FIRST_CUT_OFFSETS.map((o) => [String(o), pathAt(path, o)])),
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

export async function buildRatesReport(
  date: string,
  source: MacroSource,
): Promise<RatesReport | undefined> {
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
        ...summarize(
          'S&P 500',
          eventPath(spx.dates, spx.close, cut, FIRST_CUT_SPAN_DAYS, FIRST_CUT_SPAN_DAYS),
        ),
        ...summarize(
          'Nasdaq',
          eventPath(nasdaq.dates, nasdaq.close, cut, FIRST_CUT_SPAN_DAYS, FIRST_CUT_SPAN_DAYS),
        ),
        ...summarize(
          'BTC',
          eventPath(
            btcOnSpx.dates,
            btcOnSpx.btcClose,
            cut,
            FIRST_CUT_SPAN_DAYS,
            FIRST_CUT_SPAN_DAYS,
          ),
        ),
      ],
    })),
  };
}
