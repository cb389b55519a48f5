import { describe, expect, it } from 'vitest';
import { rankBySimilarity, severityPercentile, type DayMetrics } from './event-ranking.js';

const day = (date: string, btcDrawdown: number, liquidatedUsd: number | null): DayMetrics => ({
  date,
  btcDrawdown,
  btcReturn: null,
  altMedianDrawdown: null,
  altWorstDrawdown: null,
  spxReturn: null,
  liquidatedUsd,
});

describe('event ranking', () => {
  it('severity percentile: lower drawdowns and higher liquidations are worse; ties count half', () => {
    expect(severityPercentile(-0.1, [-0.05, -0.2, -0.1, null], false)).toBeCloseTo(1.5 / 3, 12);
    expect(severityPercentile(2e9, [1e9, 3e9], true)).toBe(0.5);
    expect(severityPercentile(null, [1], true)).toBeNull();
  });

  it('most similar event by standardised distance, never the day itself', () => {
    const catalog = [day('a', -0.3, 8e9), day('b', -0.07, 1.9e9), day('c', -0.06, 1e9)];
    const ranked = rankBySimilarity(day('t', -0.068, 2e9), catalog);
    expect(ranked.map((r) => r.date)).toEqual(['b', 'c', 'a']);
    expect(rankBySimilarity(catalog[1] ?? day('x', 0, null), catalog)[0]?.date).not.toBe('b');
  });
});
