import { describe, expect, it } from 'vitest';
import { detectBreach, detectLevels, volumeProfile, type Bars } from './levels.js';

function bars(rows: [number, number, number, number][], volume = 1): Bars {
  const col = (k: number) => Float64Array.from(rows, (r) => r[k] ?? 0);
  return {
    ts: Float64Array.from(rows, (_, i) => i * 3_600_000),
    open: col(0),
    high: col(1),
    low: col(2),
    close: col(3),
    volume: Float64Array.from(rows, () => volume),
  };
}

describe('levels', () => {
  it('volume profile conserves volume', () => {
    const b = bars([
      [100, 110, 95, 105],
      [105, 106, 104, 105],
    ]);
    const p = volumeProfile(b, 1);
    expect(p.volume.reduce((a, v) => a + v, 0)).toBeCloseTo(2, 12);
  });

  it('a swing low next to a round number becomes one support with both sources', () => {
    const rows: [number, number, number, number][] = [];
    for (let i = 0; i < 30; i++) {
      const low = i === 15 ? 1002 : 1030 + (i % 3);
      rows.push([1040, 1050, low, 1040]);
    }
    const levels = detectLevels(bars(rows), { pivotWidth: 3, roundStep: 100, zone: 0.002 });
    const l = levels.find((x) => Math.abs(x.price - 1000) < 1);
    expect(l?.kind).toBe('support');
    expect(l?.sources).toEqual(['pivot', 'round']);
    expect(l?.strength).toBeGreaterThan(0.4);
  });

  it('breach: depth through, close through, failed retest; a wick is only a wick', () => {
    const day = bars([
      [1010, 1012, 1001, 1005],
      [1005, 1006, 990, 992], // depth + close through 1000
      [992, 999.5, 991, 995], // back into the zone, closes below: retest
      [995, 996, 970, 975],
    ]);
    const b = detectBreach(day, 1000, 'support', 0.0015);
    expect(b?.depthThroughTs).toBe(3_600_000);
    expect(b?.closeThroughPrice).toBe(992);
    expect(b?.retestTs).toBe(7_200_000);
    expect(b?.status).toBe('confirmed-by-retest');
    expect(b?.extremeDistance).toBeCloseTo(-0.03, 12);
    const wick = detectBreach(bars([[1010, 1012, 990, 1005]]), 1000, 'support');
    expect(wick?.status).toBe('wick');
    expect(detectBreach(bars([[1010, 1012, 1001, 1005]]), 1000, 'support')).toBeNull();
  });

  it('resistance breaches mirror supports', () => {
    const day = bars([
      [990, 1005, 985, 1004],
      [1004, 1010, 1003, 1008],
      [1008, 1012, 1007, 1011],
    ]);
    const b = detectBreach(day, 1000, 'resistance', 0.0015);
    expect(b?.closeThroughPrice).toBe(1004);
    expect(b?.extremePrice).toBe(1012);
    expect(b?.status).toBe('closed-through');
  });
});
