import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { fedWatch, fedWatchShift, type FedWatchInput, type FedWatchResult } from './fedwatch.js';

const MEETINGS_2015 = ['2015-07-29', '2015-09-17', '2015-10-28', '2015-12-16'];
const MEETINGS_2024 = [
  '2024-05-01',
  '2024-06-12',
  '2024-07-31',
  '2024-09-18',
  '2024-11-07',
  '2024-12-18',
  '2025-01-29',
  '2025-03-19',
];
// CME's 2026 calendar (the one the 2026 fixtures were computed with) and 2027.
const MEETINGS_2026 = [
  '2026-06-17',
  '2026-07-29',
  '2026-09-16',
  '2026-10-28',
  '2026-12-09',
  '2027-01-27',
  '2027-03-17',
  '2027-04-28',
  '2027-06-09',
  '2027-07-28',
];

function solve(input: FedWatchInput): FedWatchResult {
  const outcome = fedWatch(input);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome.result;
}

/** Percentages of one meeting, ascending by range, rounded to 0.1 pp. */
function pct(result: FedWatchResult, date: string): Record<string, number> {
  const meeting = result.meetings.find((m) => m.date === date);
  if (meeting === undefined) throw new Error(`no meeting ${date}`);
  return Object.fromEntries(
    meeting.ranges
      .filter((r) => r.probability >= 0.0005)
      .map((r) => [r.range, Math.round(r.probability * 1000) / 10]),
  );
}

function expectWithin(actual: Record<string, number>, expected: Record<string, number>) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [range, value] of Object.entries(expected)) {
    expect(Math.abs((actual[range] ?? Number.NaN) - value)).toBeLessThanOrEqual(0.1 + 1e-9);
  }
}

const zq = (year: number, month: number, price: number) => ({ year, month, price });

describe('fedWatch against CME fixtures (docs fedwatch.md §1.7)', () => {
  it('CME 2016 PDF example, Sep 17 2015: P(hike) 53.6% (decision day at the new rate)', () => {
    const result = solve({
      asOf: '2015-08-20',
      meetings: MEETINGS_2015,
      quotes: [zq(2015, 8, 99.8675), zq(2015, 9, 99.805)],
      currentLowerBp: 0,
      dayCount: 'decisionDayPost',
    });
    expectWithin(pct(result, '2015-09-17'), { '0-25': 46.4, '25-50': 53.6 });
    expect(result.meetings[0]?.endRate).toBeCloseTo(0.26643, 5);
    // The other convention gives CME's "N = d" number quoted in the doc (57.7%).
    const pre = solve({
      asOf: '2015-08-20',
      meetings: MEETINGS_2015,
      quotes: [zq(2015, 8, 99.8675), zq(2015, 9, 99.805)],
      currentLowerBp: 0,
      dayCount: 'decisionDayPre',
    });
    expect(Math.round((pre.meetings[0]?.pHike ?? 0) * 1000) / 10).toBe(57.7);
  });

  it('CME settles 2026-09-18 (range 375-400): Oct-28 42.4/57.6, Dec-09 9.9/46.0/44.1', () => {
    const result = solve({
      asOf: '2026-09-18',
      meetings: MEETINGS_2026,
      quotes: [
        zq(2026, 10, 96.105),
        zq(2026, 11, 95.975),
        zq(2026, 12, 95.835),
        zq(2027, 1, 95.77),
        zq(2027, 2, 95.68),
      ],
      currentLowerBp: 375,
      dayCount: 'decisionDayPre',
    });
    expectWithin(pct(result, '2026-10-28'), { '375-400': 42.4, '400-425': 57.6 });
    expectWithin(pct(result, '2026-12-09'), { '375-400': 9.9, '400-425': 46.0, '425-450': 44.1 });
    expect(result.unresolved.map((u) => u.date)).toContain('2027-03-17');
  });

  it('CME screenshot 2026-07-14 (range 350-375): Jul-29 through Apr-28-2027', () => {
    const prices = [
      96.3688, 96.2825, 96.2175, 96.1325, 96.0725, 96.0, 95.965, 95.9275, 95.8975, 95.8675, 95.85,
    ];
    const result = solve({
      asOf: '2026-07-14',
      meetings: MEETINGS_2026,
      quotes: prices.map((price, i) =>
        zq(2026 + Math.floor((6 + i) / 12), ((6 + i) % 12) + 1, price),
      ),
      currentLowerBp: 350,
      dayCount: 'decisionDayPre',
    });
    const expected: Record<string, Record<string, number>> = {
      '2026-07-29': { '350-375': 63.1, '375-400': 36.9 },
      '2026-09-16': { '350-375': 26.9, '375-400': 51.9, '400-425': 21.2 },
      '2026-10-28': { '350-375': 19.7, '375-400': 45.3, '400-425': 29.4, '425-450': 5.6 },
      '2026-12-09': {
        '350-375': 11.7,
        '375-400': 34.9,
        '400-425': 35.9,
        '425-450': 15.3,
        '450-475': 2.3,
      },
      '2027-01-27': {
        '350-375': 9.7,
        '375-400': 30.9,
        '400-425': 35.7,
        '425-450': 18.8,
        '450-475': 4.5,
        '475-500': 0.4,
      },
      '2027-03-17': {
        '350-375': 7.4,
        '375-400': 25.9,
        '400-425': 34.6,
        '425-450': 22.8,
        '450-475': 7.9,
        '475-500': 1.4,
        '500-525': 0.1,
      },
      '2027-04-28': {
        '350-375': 6.8,
        '375-400': 24.5,
        '400-425': 33.9,
        '425-450': 23.7,
        '450-475': 9.0,
        '475-500': 1.9,
        '500-525': 0.2,
      },
    };
    for (const [date, probabilities] of Object.entries(expected)) {
      expectWithin(pct(result, date), probabilities);
    }
  });

  it('CME 2024-08-13, Dec-2024 meeting: 31.7 / 42.5 / 18.1 (decision day at the new rate)', () => {
    const result = solve({
      asOf: '2024-08-13',
      meetings: MEETINGS_2024,
      quotes: [
        zq(2024, 8, 94.6775),
        zq(2024, 9, 94.845001220703125),
        zq(2024, 10, 95.05999755859375),
        zq(2024, 11, 95.33499908447266),
        zq(2024, 12, 95.55999755859375),
        zq(2025, 1, 95.775),
        zq(2025, 2, 96.01),
      ],
      currentLowerBp: 525,
      dayCount: 'decisionDayPost',
    });
    const dec = pct(result, '2024-12-18');
    expect(Math.abs((dec['400-425'] ?? 0) - 31.7)).toBeLessThanOrEqual(0.1);
    expect(Math.abs((dec['425-450'] ?? 0) - 42.5)).toBeLessThanOrEqual(0.1);
    expect(Math.abs((dec['450-475'] ?? 0) - 18.1)).toBeLessThanOrEqual(0.1);
  });

  it('CME 2024-07-26, Sep-2024 meeting: 11.5 (decision day at the new rate)', () => {
    const result = solve({
      asOf: '2024-07-26',
      meetings: MEETINGS_2024,
      quotes: [
        zq(2024, 7, 94.67),
        zq(2024, 8, 94.685),
        zq(2024, 9, 94.79000091552734),
        zq(2024, 10, 94.94999694824219),
      ],
      currentLowerBp: 525,
      dayCount: 'decisionDayPost',
    });
    const sep = result.meetings.find((m) => m.date === '2024-09-18');
    const values = (sep?.ranges ?? []).map((r) => Math.round(r.probability * 1000) / 10);
    expect(values.some((v) => Math.abs(v - 11.5) <= 0.1)).toBe(true);
  });
});

describe('fedWatch edge cases', () => {
  it('meeting on the last day with N = d (M = 0): solved from the next month, no division by 0', () => {
    const result = solve({
      asOf: '2024-07-01',
      meetings: MEETINGS_2024,
      quotes: [zq(2024, 7, 94.67), zq(2024, 8, 94.9)],
      currentLowerBp: 525,
      dayCount: 'decisionDayPre',
    });
    const jul = result.meetings.find((m) => m.date === '2024-07-31');
    expect(jul?.startRate).toBeCloseTo(5.33, 9);
    expect(jul?.endRate).toBeCloseTo(5.1, 9);
    expect(jul?.pCut).toBeCloseTo(0.92, 9);
  });

  it('meeting on the 1st with N = d − 1 (N = 0): solved forward, never divides by zero', () => {
    const result = solve({
      asOf: '2024-04-10',
      meetings: MEETINGS_2024,
      quotes: [zq(2024, 4, 94.67), zq(2024, 5, 94.7)],
      currentLowerBp: 525,
      dayCount: 'decisionDayPost',
    });
    const may = result.meetings.find((m) => m.date === '2024-05-01');
    expect(may?.startRate).toBeCloseTo(5.33, 9);
    expect(may?.endRate).toBeCloseTo(5.3, 9);
    expect(Number.isFinite(may?.pCut)).toBe(true);
  });

  it('reports unsolvable meetings instead of extrapolating', () => {
    const result = solve({
      asOf: '2024-08-05',
      meetings: MEETINGS_2024,
      quotes: [zq(2024, 8, 94.7), zq(2024, 9, 94.9)],
      currentLowerBp: 525,
      dayCount: 'decisionDayPost',
    });
    expect(result.meetings.map((m) => m.date)).toEqual(['2024-09-18']);
    expect(result.unresolved.map((u) => u.date)).toEqual([
      '2024-11-07',
      '2024-12-18',
      '2025-01-29',
      '2025-03-19',
    ]);
  });

  it('a meeting on the watch date is past: the settle already prices the decision', () => {
    const result = solve({
      asOf: '2024-07-31',
      meetings: MEETINGS_2024,
      quotes: [zq(2024, 7, 94.67), zq(2024, 8, 94.6725), zq(2024, 9, 94.79), zq(2024, 10, 94.95)],
      currentLowerBp: 525,
      dayCount: 'decisionDayPost',
    });
    expect(result.meetings[0]?.date).toBe('2024-09-18');
  });

  it('rejects invalid input naming the field', () => {
    const outcome = fedWatch({
      asOf: '2024-13-01',
      meetings: [],
      quotes: [zq(2024, 8, 101)],
      currentLowerBp: -25,
      dayCount: 'decisionDayPost',
    });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.problems.map((p) => p.field)).toEqual(['asOf', 'quotes[0]', 'currentLowerBp']);
    }
  });

  it('day-over-day shift reports the change in cut probability', () => {
    const base = {
      meetings: MEETINGS_2015,
      currentLowerBp: 0,
      dayCount: 'decisionDayPost' as const,
    };
    const before = solve({
      ...base,
      asOf: '2015-08-20',
      quotes: [zq(2015, 8, 99.8675), zq(2015, 9, 99.85)],
    });
    const after = solve({
      ...base,
      asOf: '2015-08-21',
      quotes: [zq(2015, 8, 99.8675), zq(2015, 9, 99.805)],
    });
    const [shift] = fedWatchShift(before, after);
    expect(shift?.date).toBe('2015-09-17');
    expect(shift?.pHikeAfter).toBeGreaterThan(shift?.pHikeBefore ?? 1);
    const total = (shift?.rangeChanges ?? []).reduce((s, r) => s + r.change, 0);
    expect(total).toBeCloseTo(0, 12);
  });
});

describe('fedWatch properties', () => {
  const curve = fc.array(fc.double({ min: 93, max: 99.99, noNaN: true }), {
    minLength: 11,
    maxLength: 11,
  });
  test.prop([curve, fc.constantFrom('decisionDayPre' as const, 'decisionDayPost' as const)])(
    'every meeting distribution is non-negative and sums to 1',
    (prices, dayCount) => {
      const result = solve({
        asOf: '2026-07-14',
        meetings: MEETINGS_2026,
        quotes: prices.map((price, i) =>
          zq(2026 + Math.floor((6 + i) / 12), ((6 + i) % 12) + 1, price),
        ),
        currentLowerBp: 350,
        dayCount,
      });
      expect(result.meetings.length).toBeGreaterThan(0);
      for (const meeting of result.meetings) {
        const sum = meeting.ranges.reduce((s, r) => s + r.probability, 0);
        expect(sum).toBeCloseTo(1, 12);
        for (const r of meeting.ranges) expect(r.probability).toBeGreaterThanOrEqual(0);
        expect(meeting.pCut + meeting.pHold + meeting.pHike).toBeCloseTo(1, 12);
        expect(meeting.ranges.every((r) => r.lowerBp >= 0)).toBe(true);
      }
    },
  );
});
