import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { contagionDay, decomposeBtcPair, upDownBeta } from './contagion.js';
import { alignToTradingDays, attributeMove, classifyRegime } from './divergence.js';
import { eventPath, pathAt } from './rates.js';

describe('divergence', () => {
  it('samples BTC on trading days so weekend moves land in Monday’s return', () => {
    const btc = {
      dates: ['2025-11-20', '2025-11-21', '2025-11-22', '2025-11-23', '2025-11-24'],
      close: Float64Array.from([100, 90, 80, 85, 99]),
    };
    const spx = {
      dates: ['2025-11-20', '2025-11-21', '2025-11-24'],
      close: Float64Array.from([10, 11, 11]),
    };
    const pair = alignToTradingDays(btc, spx);
    expect(pair.dates).toEqual(['2025-11-20', '2025-11-21', '2025-11-24']);
    expect(pair.btcReturn[1]).toBeCloseTo(-0.1, 12);
    expect(pair.btcReturn[2]).toBeCloseTo(0.1, 12);
    expect(pair.equityReturn[1]).toBeCloseTo(0.1, 12);
  });

  it('regimes', () => {
    expect(classifyRegime(-2.5, 1.2)).toBe('crypto-specific sell-off');
    expect(classifyRegime(-1.2, -0.9)).toBe('risk-off');
    expect(classifyRegime(0.9, 0.7)).toBe('risk-on');
    expect(classifyRegime(0.1, 1.5)).toBe('macro rally');
    expect(classifyRegime(0.2, -0.1)).toBe('quiet');
  });

  it('attribution lists every factor and marks missing data as not supporting', () => {
    const result = attributeMove({
      btcReturn: -0.05,
      btcZ: -2,
      liquidationsUsd: 2e9,
      openInterestChange: null,
      fundingChange: -0.0001,
      equityReturn: 0.01,
      equityZ: 1,
      twoYearChangeBp: -3,
      vixChange: -3,
    });
    expect(result.evidence).toHaveLength(6);
    expect(result.verdict).toBe('internal');
    expect(result.internalScore).toBe(2);
    expect(result.externalScore).toBe(0);
    expect(result.evidence.find((e) => e.factor === 'open interest')?.supports).toBe(false);
  });
});

describe('contagion', () => {
  test.prop([
    fc.double({ min: -0.9, max: 2, noNaN: true }),
    fc.double({ min: -0.9, max: 2, noNaN: true }),
  ])('USD return = (1 + pair)(1 + btc) − 1', (alt, btc) => {
    const d = decomposeBtcPair(alt, btc);
    expect((1 + d.pair) * (1 + d.btc) - 1).toBeCloseTo(alt, 10);
    expect(d.btc + d.pair + d.cross).toBeCloseTo(alt, 10);
  });

  it('up/down betas recover a piecewise-linear relation', () => {
    const btc = Float64Array.from([-0.03, -0.02, -0.01, 0.01, 0.02, 0.03, -0.04, 0.04]);
    const alt = btc.map((r) => (r < 0 ? 2 * r : 0.5 * r));
    const beta = upDownBeta(btc, alt);
    expect(beta.downBeta).toBeCloseTo(2, 12);
    expect(beta.upBeta).toBeCloseTo(0.5, 12);
    expect(beta.upDays + beta.downDays).toBe(8);
  });

  it('breadth, medians and the drawdown ranking', () => {
    const day = contagionDay({ usdReturn: -0.05, drawdown: -0.07 }, [
      { symbol: 'ETH', usdReturn: -0.08, drawdown: -0.1 },
      { symbol: 'SOL', usdReturn: -0.1, drawdown: -0.14 },
      { symbol: 'TRX', usdReturn: -0.01, drawdown: -0.03 },
    ]);
    expect(day.breadth).toBeCloseTo(2 / 3, 12);
    expect(day.shareDown).toBe(1);
    expect(day.medianAltReturn).toBeCloseTo(-0.08, 12);
    expect(day.ranking.map((r) => r.symbol)).toEqual(['SOL', 'ETH', 'TRX']);
  });
});

describe('event paths', () => {
  it('anchors on the last observation on or before the event and finds the bottom', () => {
    const dates = ['2024-09-16', '2024-09-17', '2024-09-19', '2024-09-20', '2024-09-23'];
    const path = eventPath(dates, Float64Array.from([90, 100, 95, 110, 120]), '2024-09-18', 1, 2);
    expect(path?.offsets[0]).toBe(-1);
    expect(pathAt(path!, 0)).toBe(0);
    expect(path?.lowOffset).toBe(-1);
    expect(path?.bottomedBefore).toBe(true);
    expect(
      eventPath(dates, Float64Array.from([1, 1, 1, 1, 1]), '2024-09-18', 3, 2),
    ).toBeUndefined();
  });
});

describe('New York close alignment', () => {
  it('16:00 New York is 21:00 UTC in winter and 20:00 UTC under daylight time', async () => {
    const { newYorkCloseUtcMs } = await import('./dates.js');
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(iso(newYorkCloseUtcMs('2025-11-21'))).toBe('2025-11-21T21:00:00.000Z');
    expect(iso(newYorkCloseUtcMs('2025-10-31'))).toBe('2025-10-31T20:00:00.000Z');
    expect(iso(newYorkCloseUtcMs('2025-11-03'))).toBe('2025-11-03T21:00:00.000Z'); // DST ended Nov 2
    expect(iso(newYorkCloseUtcMs('2025-03-07'))).toBe('2025-03-07T21:00:00.000Z');
    expect(iso(newYorkCloseUtcMs('2025-03-10'))).toBe('2025-03-10T20:00:00.000Z'); // DST began Mar 9
    expect(iso(newYorkCloseUtcMs('2024-03-08'))).toBe('2024-03-08T21:00:00.000Z');
    expect(iso(newYorkCloseUtcMs('2024-03-11'))).toBe('2024-03-11T20:00:00.000Z'); // Mar 10 2024
  });

  it('moveBetween takes the closes of the bars ending at each instant and the low between', async () => {
    const { moveBetween } = await import('./divergence.js');
    const h = 3_600_000;
    const series = {
      openMs: Float64Array.from([0, h, 2 * h, 3 * h]),
      low: Float64Array.from([9, 8, 7, 9]),
      close: Float64Array.from([10, 9, 12, 11]),
      barMs: h,
    };
    const move = moveBetween(series, h, 3 * h);
    expect(move?.from).toBe(10);
    expect(move?.to).toBe(12);
    expect(move?.drawdown).toBeCloseTo(-0.3, 12);
    expect(moveBetween(series, h, 9 * h)).toBeUndefined();
  });
});
