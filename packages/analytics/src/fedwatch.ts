/**
 * CME FedWatch: FOMC outcome probabilities from 30-day fed funds futures (ZQ), as documented in
 * docs/fedwatch.md (the method pinned down against CME's own published numbers).
 *
 * 1. Implied monthly average EFFR: A = 100 − price.
 * 2. A meeting on day d of a D-day month splits it into N days at the start rate S and M = D − N
 *    days at the end rate E: A = (N·S + M·E)/D. `decisionDayPre` (N = d, CME 2026) or
 *    `decisionDayPost` (N = d − 1, CME 2015–2024).
 * 3. Meeting-free months are anchors: S = E = A, and the neighbours' E/S are pinned to A.
 *    Backward pass (latest month first) solves S from a meeting month's own contract where E is
 *    known; forward only where no later anchor exists. A month whose S and E are both pinned
 *    does not use its own contract. Never divides by N = 0 or M = 0.
 * 4. Per meeting x = (E − S)/0.25 moves, split over ⌊x⌋ and ⌊x⌋ + 1; meetings convolved in date
 *    order. Ranges are the current target range shifted by 25 bp per move, floored at zero.
 */
import { daysInMonth, monthIndex, parseIsoDate } from './dates.js';

export type DayCount = 'decisionDayPre' | 'decisionDayPost';

/** A 30-day fed funds futures price for one contract month. */
export interface ZqQuote {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  readonly price: number;
}

export interface FedWatchInput {
  /**
   * Watch date, YYYY-MM-DD. Meetings strictly after it are "upcoming": futures settle after the
   * 14:00 ET statement, so a decision-day settle already prices the decision.
   */
  readonly asOf: string;
  /** Every FOMC decision date (YYYY-MM-DD), past and upcoming: past meetings are never anchors. */
  readonly meetings: readonly string[];
  /** Contract prices as of `asOf` (expired months: their final settle = realised average). */
  readonly quotes: readonly ZqQuote[];
  /** Lower bound of the target range in force on `asOf`, basis points (e.g. 525). */
  readonly currentLowerBp: number;
  readonly dayCount: DayCount;
  /** Only the first `maxMeetings` upcoming meetings (default: all that can be solved). */
  readonly maxMeetings?: number;
}

export interface RangeProbability {
  /** Target range as CME writes it, basis points: "525-550". */
  readonly range: string;
  readonly lowerBp: number;
  readonly probability: number;
}

export interface MeetingOutlook {
  readonly date: string;
  /** Implied EFFR at the start and end of the meeting month (percent). */
  readonly startRate: number;
  readonly endRate: number;
  /** Expected number of 25 bp moves at this meeting alone (negative = cuts). */
  readonly expectedMoves: number;
  /** Cumulative distribution after this meeting, ascending by range. */
  readonly ranges: readonly RangeProbability[];
  /** Probability that the range after this meeting is below / equal to / above the current one. */
  readonly pCut: number;
  readonly pHold: number;
  readonly pHike: number;
}

export interface FedWatchResult {
  readonly asOf: string;
  readonly currentRange: string;
  readonly dayCount: DayCount;
  readonly meetings: readonly MeetingOutlook[];
  /** Upcoming meetings the chain could not solve, with the reason (no extrapolation). */
  readonly unresolved: readonly { readonly date: string; readonly reason: string }[];
}

export interface FedWatchProblem {
  readonly field: string;
  readonly message: string;
}

export type FedWatchOutcome =
  | { readonly ok: true; readonly result: FedWatchResult }
  | { readonly ok: false; readonly problems: readonly FedWatchProblem[] };

const STEP = 0.25;
const SNAP = 1e-9;

export function rangeLabel(lowerBp: number): string {
  return `${lowerBp}-${lowerBp + 25}`;
}

interface MonthCurve {
  readonly first: number;
  readonly average: Float64Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** Meeting day in the month, 0 when none. */
  readonly meetingDay: Int32Array;
  readonly days: Int32Array;
}

function validate(input: FedWatchInput): FedWatchProblem[] {
  const problems: FedWatchProblem[] = [];
  if (parseIsoDate(input.asOf) === undefined) {
    problems.push({ field: 'asOf', message: `not a YYYY-MM-DD date: "${input.asOf}"` });
  }
  input.meetings.forEach((date, i) => {
    if (parseIsoDate(date) === undefined) {
      problems.push({ field: `meetings[${i}]`, message: `not a YYYY-MM-DD date: "${date}"` });
    }
  });
  input.quotes.forEach((quote, i) => {
    const valid =
      Number.isInteger(quote.year) &&
      Number.isInteger(quote.month) &&
      quote.month >= 1 &&
      quote.month <= 12 &&
      Number.isFinite(quote.price) &&
      quote.price > 0 &&
      quote.price <= 100;
    if (!valid) problems.push({ field: `quotes[${i}]`, message: 'invalid contract or price' });
  });
  if (!Number.isInteger(input.currentLowerBp) || input.currentLowerBp < 0) {
    problems.push({ field: 'currentLowerBp', message: 'must be a non-negative integer (bp)' });
  }
  if (input.quotes.length === 0) problems.push({ field: 'quotes', message: 'no futures quotes' });
  return problems;
}

function buildCurve(input: FedWatchInput): MonthCurve | FedWatchProblem {
  const indices = input.quotes.map((q) => monthIndex(q.year, q.month));
  const first = Math.min(...indices);
  const length = Math.max(...indices) - first + 1;
  const average = new Float64Array(length).fill(Number.NaN);
  const meetingDay = new Int32Array(length);
  const days = new Int32Array(length);
  for (let k = 0; k < length; k++) {
    const index = first + k;
    days[k] = daysInMonth(Math.floor(index / 12), (index % 12) + 1);
  }
  input.quotes.forEach((quote, i) => {
    average[(indices[i] ?? first) - first] = 100 - quote.price;
  });
  for (const date of input.meetings) {
    const ymd = parseIsoDate(date);
    if (ymd === undefined) continue;
    const k = monthIndex(ymd.year, ymd.month) - first;
    if (k < 0 || k >= length) continue;
    if (meetingDay[k] !== 0 && meetingDay[k] !== ymd.day) {
      return { field: 'meetings', message: `two meetings in one month (${date}) not supported` };
    }
    meetingDay[k] = ymd.day;
  }
  return {
    first,
    average,
    meetingDay,
    days,
    start: new Float64Array(length).fill(Number.NaN),
    end: new Float64Array(length).fill(Number.NaN),
  };
}

/** Days at the old rate (N) in a meeting month. */
function daysBefore(day: number, dayCount: DayCount): number {
  return dayCount === 'decisionDayPre' ? day : day - 1;
}

/** Fills start/end rates: anchors, then backward and forward passes until nothing changes. */
function solveCurve(curve: MonthCurve, dayCount: DayCount): void {
  const { average: a, start: s, end: e, meetingDay, days } = curve;
  const length = a.length;
  for (let k = 0; k < length; k++) {
    const avg = a[k] ?? Number.NaN;
    if (meetingDay[k] === 0 && !Number.isNaN(avg)) {
      s[k] = avg;
      e[k] = avg;
      if (k > 0) e[k - 1] = avg;
      if (k + 1 < length) s[k + 1] = avg;
    }
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (let k = length - 1; k >= 0; k--) {
      if (
        Number.isNaN(e[k] ?? Number.NaN) &&
        k + 1 < length &&
        !Number.isNaN(s[k + 1] ?? Number.NaN)
      ) {
        e[k] = s[k + 1] ?? Number.NaN;
        changed = true;
      }
      const day = meetingDay[k] ?? 0;
      const avg = a[k] ?? Number.NaN;
      const end = e[k] ?? Number.NaN;
      if (day === 0 || Number.isNaN(avg) || Number.isNaN(end) || !Number.isNaN(s[k] ?? Number.NaN))
        continue;
      const total = days[k] ?? 0;
      const n = daysBefore(day, dayCount);
      if (n <= 0) continue;
      s[k] = (total * avg - (total - n) * end) / n;
      changed = true;
    }
    for (let k = 0; k < length; k++) {
      if (Number.isNaN(s[k] ?? Number.NaN) && k > 0 && !Number.isNaN(e[k - 1] ?? Number.NaN)) {
        s[k] = e[k - 1] ?? Number.NaN;
        changed = true;
      }
      const day = meetingDay[k] ?? 0;
      const avg = a[k] ?? Number.NaN;
      const begin = s[k] ?? Number.NaN;
      if (
        day === 0 ||
        Number.isNaN(avg) ||
        Number.isNaN(begin) ||
        !Number.isNaN(e[k] ?? Number.NaN)
      )
        continue;
      const total = days[k] ?? 0;
      const m = total - daysBefore(day, dayCount);
      if (m <= 0) continue;
      e[k] = (total * avg - (total - m) * begin) / m;
      changed = true;
    }
  }
}

/** Binary split of x expected moves over its two neighbouring integers. */
export function binarySplit(x: number): { readonly low: number; readonly pHigh: number } {
  const rounded = Math.round(x);
  const snapped = Math.abs(x - rounded) < SNAP ? rounded : x;
  const low = Math.floor(snapped);
  return { low, pHigh: snapped - low };
}

/** Distribution over cumulative moves: probability[i] is the probability of (offset + i) moves. */
interface MoveDistribution {
  readonly offset: number;
  readonly probability: Float64Array;
}

export function convolveStep(dist: MoveDistribution, x: number): MoveDistribution {
  const { low, pHigh } = binarySplit(x);
  const size = dist.probability.length + 1;
  const out = new Float64Array(size);
  for (let i = 0; i < dist.probability.length; i++) {
    const p = dist.probability[i] ?? 0;
    out[i] = (out[i] ?? 0) + p * (1 - pHigh);
    out[i + 1] = (out[i + 1] ?? 0) + p * pHigh;
  }
  return { offset: dist.offset + low, probability: out };
}

function toRanges(dist: MoveDistribution, currentLowerBp: number): RangeProbability[] {
  const byLower = new Map<number, number>();
  for (let i = 0; i < dist.probability.length; i++) {
    const p = dist.probability[i] ?? 0;
    if (p <= 0) continue;
    const lower = Math.max(0, currentLowerBp + 25 * (dist.offset + i));
    byLower.set(lower, (byLower.get(lower) ?? 0) + p);
  }
  return [...byLower.entries()]
    .sort(([x], [y]) => x - y)
    .map(([lowerBp, probability]) => ({ range: rangeLabel(lowerBp), lowerBp, probability }));
}

function summarize(ranges: readonly RangeProbability[], currentLowerBp: number) {
  let pCut = 0;
  let pHold = 0;
  let pHike = 0;
  for (const r of ranges) {
    if (r.lowerBp < currentLowerBp) pCut += r.probability;
    else if (r.lowerBp > currentLowerBp) pHike += r.probability;
    else pHold += r.probability;
  }
  return { pCut, pHold, pHike };
}

/** FedWatch probabilities for every upcoming meeting the futures curve can solve. */
export function fedWatch(input: FedWatchInput): FedWatchOutcome {
  const problems = validate(input);
  if (problems.length > 0) return { ok: false, problems };
  const curve = buildCurve(input);
  if (!('average' in curve)) return { ok: false, problems: [curve] };
  solveCurve(curve, input.dayCount);
  const upcoming = [...new Set(input.meetings)].filter((d) => d > input.asOf).sort();
  const limited = upcoming.slice(0, input.maxMeetings ?? upcoming.length);
  const meetings: MeetingOutlook[] = [];
  const unresolved: { date: string; reason: string }[] = [];
  let dist: MoveDistribution = { offset: 0, probability: Float64Array.of(1) };
  for (const date of limited) {
    const ymd = parseIsoDate(date);
    if (ymd === undefined) continue;
    const k = monthIndex(ymd.year, ymd.month) - curve.first;
    const startRate = curve.start[k] ?? Number.NaN;
    const endRate = curve.end[k] ?? Number.NaN;
    if (Number.isNaN(startRate) || Number.isNaN(endRate)) {
      unresolved.push({ date, reason: 'futures curve does not pin the start and end rate' });
      // Later meetings depend on this one through the convolution: stop here.
      for (const later of limited.slice(limited.indexOf(date) + 1)) {
        unresolved.push({ date: later, reason: `an earlier meeting (${date}) is unresolved` });
      }
      break;
    }
    const expectedMoves = (endRate - startRate) / STEP;
    dist = convolveStep(dist, expectedMoves);
    const ranges = toRanges(dist, input.currentLowerBp);
    meetings.push({
      date,
      startRate,
      endRate,
      expectedMoves,
      ranges,
      ...summarize(ranges, input.currentLowerBp),
    });
  }
  return {
    ok: true,
    result: {
      asOf: input.asOf,
      currentRange: rangeLabel(input.currentLowerBp),
      dayCount: input.dayCount,
      meetings,
      unresolved,
    },
  };
}

export interface MeetingShift {
  readonly date: string;
  readonly pCutBefore: number;
  readonly pCutAfter: number;
  readonly pHikeBefore: number;
  readonly pHikeAfter: number;
  /** Change per range (after − before), ranges from either day. */
  readonly rangeChanges: readonly { readonly range: string; readonly change: number }[];
  /** Change in the expected target-range midpoint after the meeting, bp. */
  readonly expectedRateChangeBp: number;
}

function expectedLowerBp(ranges: readonly RangeProbability[]): number {
  return ranges.reduce((sum, r) => sum + r.lowerBp * r.probability, 0);
}

/**
 * Day-over-day shift between two FedWatch readings, per meeting present in both ("the December
 * cut went from 40% to 70%"). Cut/hike are relative to each day's own current range.
 */
export function fedWatchShift(before: FedWatchResult, after: FedWatchResult): MeetingShift[] {
  const previous = new Map(before.meetings.map((m) => [m.date, m]));
  return after.meetings.flatMap((now) => {
    const then = previous.get(now.date);
    if (then === undefined) return [];
    const ranges = new Set([...then.ranges, ...now.ranges].map((r) => r.lowerBp));
    const prob = (list: readonly RangeProbability[], lower: number) =>
      list.find((r) => r.lowerBp === lower)?.probability ?? 0;
    return [
      {
        date: now.date,
        pCutBefore: then.pCut,
        pCutAfter: now.pCut,
        pHikeBefore: then.pHike,
        pHikeAfter: now.pHike,
        rangeChanges: [...ranges]
          .sort((x, y) => x - y)
          .map((lower) => ({
            range: rangeLabel(lower),
            change: prob(now.ranges, lower) - prob(then.ranges, lower),
          })),
        expectedRateChangeBp: expectedLowerBp(now.ranges) - expectedLowerBp(then.ranges),
      },
    ];
  });
}
