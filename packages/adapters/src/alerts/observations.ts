import type {
  BarObservation,
  DailyCloseObservation,
  FedWatchObservation,
  LiquidationBucketObservation,
  LiquidationObservation,
  Observation,
} from '@cascade/analytics';
import type {
  Candle,
  FedWatchReading,
  FundingRate,
  LiquidationBucket,
  LiquidationEvent,
  OpenInterestPoint,
} from '@cascade/core';
import { timeframeMs } from '../importers/infer.js';

/**
 * Store rows → observations, each stamped when it became known: a bar at its close, a bucket at
 * its end, a daily index close and a FedWatch reading at 21:00 UTC of their date (after the US
 * cash close; the readings carry a date only, so intraday timing within that day is unknown).
 */
export const US_CLOSE_OFFSET_MS = 21 * 3_600_000;

export function barObservation(c: Candle): BarObservation {
  const intervalMs = timeframeMs(c.timeframe) ?? 0;
  return {
    kind: 'bar',
    tsMs: c.tsMs + intervalMs,
    exchange: c.exchange,
    symbol: c.symbol,
    intervalMs,
    open: c.open,
    high: c.high,
    low: c.low,
    close: c.close,
    volume: c.volumeBase,
  };
}

export function liquidationObservation(e: LiquidationEvent): LiquidationObservation {
  return {
    kind: 'liquidation',
    tsMs: e.tsMs,
    exchange: e.exchange,
    symbol: e.symbol,
    side: e.side,
    priceUsd: e.priceUsd,
    notionalUsd: e.notionalUsd,
    lowerBound: e.lowerBound,
  };
}

export function bucketObservation(b: LiquidationBucket): LiquidationBucketObservation {
  return {
    kind: 'liquidation-bucket',
    tsMs: b.tsMs + b.intervalMs,
    source: b.source,
    symbol: b.symbol,
    intervalMs: b.intervalMs,
    longUsd: b.longUsd,
    shortUsd: b.shortUsd,
  };
}

export const fundingObservation = (f: FundingRate): Observation => ({
  kind: 'funding',
  tsMs: f.tsMs,
  exchange: f.exchange,
  symbol: f.symbol,
  rate: f.rate,
});

export const openInterestObservation = (p: OpenInterestPoint): Observation | null =>
  p.openInterestUsd === null
    ? null
    : {
        kind: 'open-interest',
        tsMs: p.tsMs,
        exchange: p.exchange,
        symbol: p.symbol,
        openInterestUsd: p.openInterestUsd,
      };

const isoDate = (tsMs: number): string => new Date(tsMs).toISOString().slice(0, 10);

/** A crypto daily bar as a daily close of `series` (known at the end of its UTC day). */
export function cryptoDailyClose(series: string, c: Candle): DailyCloseObservation {
  return {
    kind: 'daily-close',
    tsMs: c.tsMs + 86_400_000,
    series,
    date: isoDate(c.tsMs),
    close: c.close,
  };
}

/** An index close stored at 00:00 UTC of its trading date. */
export function indexDailyClose(
  series: string,
  tsMs: number,
  value: number,
): DailyCloseObservation {
  return {
    kind: 'daily-close',
    tsMs: tsMs + US_CLOSE_OFFSET_MS,
    series,
    date: isoDate(tsMs),
    close: value,
  };
}

export function fedWatchObservation(r: FedWatchReading): FedWatchObservation {
  return {
    kind: 'fedwatch',
    tsMs: Date.parse(`${r.asOfDate}T00:00:00Z`) + US_CLOSE_OFFSET_MS,
    asOfDate: r.asOfDate,
    meetingDate: r.meetingDate,
    range: `${r.lowerBps}-${r.upperBps}`,
    probability: r.probability,
    basis: 'published',
    source: r.source,
  };
}
