/** FedWatch (CME method) from stored fed funds futures, or the labelled 2-year/EFFR proxy. */
import { addDays, fedWatch, type DayCount, type FedWatchResult } from '@cascade/analytics';
import {
  type PublishedReading,
  valueOn,
  type ValueSeries,
  zqCurveOn,
  type ZqSettle,
} from '../macro-data.js';
import { type MacroSource } from '../macro-source.js';

export interface FedWatchData {
  readonly settles: readonly ZqSettle[];
  readonly effr: ValueSeries;
  readonly lower: ValueSeries;
  readonly twoYear: ValueSeries;
  readonly meetings: readonly string[];
  readonly published: readonly PublishedReading[];
  readonly label: string;
  /** --range: the current target range's lower bound (bp), instead of FRED DFEDTARL. */
  readonly lowerBp?: number;
  /** --meeting: decision dates beyond the stored calendar. */
  readonly extraMeetings?: readonly string[];
  /** --quotes: the file the settles came from. */
  readonly quotesFile?: string;
}

export async function loadFedWatchData(source: MacroSource): Promise<FedWatchData> {
  return {
    settles: await source.zqSettles(),
    effr: await source.fred('DFF'),
    lower: await source.fred('DFEDTARL'),
    twoYear: await source.fred('DGS2'),
    meetings: await source.fomcDates(),
    published: await source.published(),
    label: source.label,
  };
}

export interface FedWatchComputed {
  readonly result: FedWatchResult;
  readonly contracts: readonly string[];
}

export function computeFedWatch(
  data: FedWatchData,
  asOf: string,
  dayCount: DayCount,
): FedWatchComputed | undefined {
  const curve = zqCurveOn(data.settles, data.effr, asOf);
  // On a decision day the settle already prices the decision: label from the new range
  // (FRED's target range changes on the effective date, the day after).
  const stored = valueOn(data.lower, data.meetings.includes(asOf) ? addDays(asOf, 1) : asOf);
  const lastLower = data.lower.dates.at(-1) ?? '';
  const lowerBp =
    data.lowerBp ??
    (stored === undefined || asOf > lastLower ? undefined : Math.round(stored.value * 100));
  if (curve.quotes.length === 0 || lowerBp === undefined) return undefined;
  const outcome = fedWatch({
    asOf,
    meetings: [...data.meetings, ...(data.extraMeetings ?? [])],
    quotes: curve.quotes,
    currentLowerBp: lowerBp,
    dayCount,
  });
  if (!outcome.ok || outcome.result.meetings.length === 0) return undefined;
  return { result: outcome.result, contracts: curve.contracts };
}

const round6 = (p: number) => Math.round(p * 1e6) / 1e6;

/** The `cascade fedwatch --json` document for a futures-based result. */
export function fedWatchResultJson(result: FedWatchResult) {
  const meetings = result.meetings.map((m) => ({
    date: m.date,
    probabilities: Object.fromEntries(
      m.ranges.filter((r) => r.probability > 0).map((r) => [r.range, round6(r.probability)]),
    ),
  }));
  return { asOf: result.asOf, meetings };
}

export interface RatesProxy {
  readonly kind: 'proxy';
  readonly label: string;
  readonly twoYear: {
    readonly date: string;
    readonly yieldPct: number;
    readonly change1dBp: number | null;
    readonly change5dBp: number | null;
    readonly change20dBp: number | null;
  } | null;
  readonly effr: {
    readonly date: string;
    readonly ratePct: number;
    readonly change30dBp: number | null;
  } | null;
  readonly targetRange: string | null;
}

function changeBp(series: ValueSeries, index: number, lag: number): number | null {
  const now = series.values[index];
  const then = series.values[index - lag];
  return index - lag < 0 || now === undefined || then === undefined
    ? null
    : Math.round((now - then) * 1000) / 10;
}

/** The labelled fallback where no futures are stored: 2-year yield changes and the EFFR path. */
export function ratesProxy(data: FedWatchData, asOf: string): RatesProxy | undefined {
  const twoIndex = data.twoYear.dates.findLastIndex((d) => d <= asOf);
  const effrNow = valueOn(data.effr, asOf);
  if (twoIndex < 0 && effrNow === undefined) return undefined;
  const effrThen = valueOn(data.effr, addDays(asOf, -30));
  const lower = valueOn(data.lower, asOf);
  const lastLower = data.lower.dates.at(-1) ?? '';
  return {
    kind: 'proxy',
    label:
      'PROXY, not FedWatch: no fed funds futures stored for this date. Falling 2-year yields ' +
      'mean the market prices more or sooner cuts; the EFFR path shows what the Fed has done.',
    twoYear:
      twoIndex < 0
        ? null
        : {
            date: data.twoYear.dates[twoIndex] ?? '',
            yieldPct: data.twoYear.values[twoIndex] ?? Number.NaN,
            change1dBp: changeBp(data.twoYear, twoIndex, 1),
            change5dBp: changeBp(data.twoYear, twoIndex, 5),
            change20dBp: changeBp(data.twoYear, twoIndex, 20),
          },
    effr:
      effrNow === undefined
        ? null
        : {
            date: effrNow.date,
            ratePct: effrNow.value,
            change30dBp:
              effrThen === undefined
                ? null
                : Math.round((effrNow.value - effrThen.value) * 1000) / 10,
          },
    targetRange:
      lower === undefined || asOf > lastLower
        ? null
        : `${Math.round(lower.value * 100)}-${Math.round(lower.value * 100) + 25}`,
  };
}

/** The day's reading: FedWatch from stored futures, else the labelled rates proxy. */
export type FedWatchReport =
  | {
      readonly kind: 'futures';
      readonly asOf: string;
      readonly today: FedWatchComputed;
      readonly previous: FedWatchComputed | undefined;
      readonly label: string;
    }
  | {
      readonly kind: 'proxy';
      readonly asOf: string;
      readonly proxy: RatesProxy;
      readonly published: readonly PublishedReading[];
      readonly label: string;
    };

/** Counting convention by date: CME counted the decision day at the new rate before 2025. */
export function defaultDayCount(asOf: string): DayCount {
  return asOf < '2025-01-01' ? 'decisionDayPost' : 'decisionDayPre';
}

/** FedWatch on `asOf` with the day-over-day shift, or the proxy; undefined when neither exists. */
export function fedWatchReportOf(
  data: FedWatchData,
  asOf: string,
  dayCount: DayCount = defaultDayCount(asOf),
): FedWatchReport | undefined {
  const today = computeFedWatch(data, asOf, dayCount);
  if (today === undefined) {
    const proxy = ratesProxy(data, asOf);
    if (proxy === undefined) return undefined;
    const published = data.published
      .filter((r) => r.asOfDate <= asOf && r.asOfDate >= addDays(asOf, -7))
      .sort((a, b) => a.asOfDate.localeCompare(b.asOfDate) || a.source.localeCompare(b.source));
    return { kind: 'proxy', asOf, proxy, published, label: data.label };
  }
  const previousDate = data.settles
    .map((q) => q.date)
    .filter((d) => d < asOf)
    .at(-1);
  const previous =
    previousDate === undefined ? undefined : computeFedWatch(data, previousDate, dayCount);
  return { kind: 'futures', asOf, today, previous, label: data.label };
}

export async function buildFedWatchReport(
  date: string,
  source: MacroSource,
): Promise<FedWatchReport | undefined> {
  return fedWatchReportOf(await loadFedWatchData(source), date);
}

/** The `cascade fedwatch --json` document. */
export function fedWatchJson(report: FedWatchReport) {
  return report.kind === 'futures'
    ? fedWatchResultJson(report.today.result)
    : { asOf: report.asOf, meetings: [], proxy: report.proxy, published: report.published };
}
