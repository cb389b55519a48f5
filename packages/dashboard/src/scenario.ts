/**
 * A cascade scenario (docs/scenario.md) from the simulator's inputs. The start price is the day's
 * first open. Positions are either drawn on the server from the fitted liquidation model's book
 * at the end of the day before (the `position-book` source, over the server's stored Binance
 * BTC/USDT:USDT open interest), or generated here over the leverage mix with entries at the 1h
 * closes of the 72 hours before the day weighted by quote volume — the method of
 * examples/scenarios/2025-11-21.json, on the chosen date.
 */
import { VENUES } from '@cascade/core';
import { describeFailure } from './api.js';
import { getCandles } from './event-data.js';
import type { Candle, Meta } from './types.js';

/** Open-interest split of the example scenario (Binance 30, Bybit 15, Hyperliquid 8, dYdX 1 of $54B). */
export const VENUE_SPLIT: Readonly<Record<string, number>> = {
  binance: 30,
  bybit: 15,
  hyperliquid: 8,
  dydx: 1,
};
export const VENUE_CHOICES = ['all (example split)', ...VENUES] as const;

export interface SimulatorInputs {
  readonly date: string;
  readonly shockKind: 'market-sell' | 'market-buy' | 'target-price';
  readonly shockValue: number;
  readonly depthUsdWithin1Pct: number;
  readonly kappa: number;
  readonly withdrawal: number;
  readonly resilience: number;
  readonly insuranceFundUsd: number;
  readonly openInterestUsd: number;
  readonly longShare: number;
  readonly leverageMix: Readonly<Record<string, number>>;
  readonly venue: string;
  readonly positions: number;
  /** Draw the positions from the fitted position book (server) instead of the mix. */
  readonly positionBook: boolean;
}

/** The instrument whose stored open interest the fitted position book is run over. */
export const POSITION_BOOK = { venue: 'binance', symbol: 'BTC/USDT:USDT' } as const;

const DAY_MS = 86_400_000;

/** The book's day for a simulation of `date`: its state as `date` opens (the day before). */
export function bookAsOf(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
}

/** Whether the server's stored open interest of the book's instrument covers the day `asOf`. */
export function hasOpenInterest(meta: Meta | null, asOf: string): boolean {
  const dayStart = Date.parse(`${asOf}T00:00:00Z`);
  return (meta?.openInterest ?? []).some(
    (r) =>
      r.exchange === POSITION_BOOK.venue &&
      r.symbol === POSITION_BOOK.symbol &&
      r.fromMs < dayStart + DAY_MS &&
      r.toMs >= dayStart,
  );
}

/**
 * The calibrated 2025-11-21 example's market (examples/scenarios/2025-11-21.json) with a $200M
 * market sell (the median shock of its Monte Carlo section).
 */
export const DEFAULT_INPUTS: Omit<SimulatorInputs, 'date'> = {
  shockKind: 'market-sell',
  shockValue: 200_000_000,
  depthUsdWithin1Pct: 488_000_000,
  kappa: 1.13,
  withdrawal: 3.4,
  resilience: 0.05,
  insuranceFundUsd: 1_000_000_000,
  openInterestUsd: 54_000_000_000,
  longShare: 0.6,
  leverageMix: { '2': 2.77, '5': 3.7, '10': 0.7, '20': 0.3, '40': 0.16 },
  venue: VENUE_CHOICES[0],
  positions: 20_000,
  positionBook: false,
};

export interface MarketAnchor {
  readonly startPriceUsd: number;
  readonly entries: readonly { priceUsd: number; weight: number }[];
}

export type Anchor =
  | { readonly ok: true; readonly value: MarketAnchor }
  | { readonly ok: false; readonly error: string };

/** From hourly candles covering [date − 72 h, date + 1 h). */
export function anchorFrom(
  candles: readonly (Candle & { volumeQuote?: number | null })[],
  date: string,
): Anchor {
  const dayStartMs = Date.parse(`${date}T00:00:00Z`);
  const before = candles.filter(
    (bar) => bar.tsMs < dayStartMs && bar.tsMs >= dayStartMs - 72 * 3_600_000,
  );
  const first = candles.find((bar) => bar.tsMs >= dayStartMs);
  if (first === undefined || before.length === 0) {
    return { ok: false, error: `no hourly candles stored around ${date} to anchor the scenario` };
  }
  const entries = before.map((bar) => ({
    priceUsd: bar.close,
    weight: Math.max(1e-9, (bar.volumeQuote ?? bar.volumeBase * bar.close) / 1e6),
  }));
  return { ok: true, value: { startPriceUsd: first.open, entries } };
}

const HOUR_MS = 3_600_000;

export async function loadAnchor(date: string): Promise<Anchor> {
  const dayStart = Date.parse(`${date}T00:00:00Z`);
  const candles = await getCandles({
    symbol: 'BTC/USDT',
    timeframe: '1h',
    from: dayStart - 72 * HOUR_MS,
    to: dayStart,
  });
  return candles.ok
    ? anchorFrom(candles.value.candles, date)
    : { ok: false, error: describeFailure(candles) };
}

function shock(inputs: SimulatorInputs): Record<string, unknown> {
  return inputs.shockKind === 'target-price'
    ? { kind: 'target-price', priceUsd: inputs.shockValue }
    : { kind: inputs.shockKind, usd: inputs.shockValue };
}

function generators(inputs: SimulatorInputs, anchor: MarketAnchor): Record<string, unknown>[] {
  const split = inputs.venue === VENUE_CHOICES[0] ? VENUE_SPLIT : { [inputs.venue]: 1 };
  const total = Object.values(split).reduce((a, b) => a + b, 0);
  return Object.entries(split).map(([venue, weight]) => ({
    kind: 'generate',
    venue,
    symbol: 'BTCUSDT',
    openInterestUsd: (inputs.openInterestUsd * weight) / total,
    longShare: inputs.longShare,
    leverageMix: inputs.leverageMix,
    entryPrices: { kind: 'list', prices: anchor.entries },
    count: Math.max(1, Math.round((inputs.positions * weight) / total)),
    sizeSigma: 1,
  }));
}

export function buildScenario(
  inputs: SimulatorInputs,
  anchor: MarketAnchor,
): Record<string, unknown> {
  const market = inputs.positionBook ? 'the fitted position book' : inputs.venue;
  return {
    name: `dashboard: ${inputs.date} ${inputs.shockKind} on ${market}`,
    seed: 1121,
    startPriceUsd: anchor.startPriceUsd,
    book: {
      kind: 'parametric',
      depthUsdWithin1Pct: inputs.depthUsdWithin1Pct,
      kappa: inputs.kappa,
      levels: 20000,
      rangePct: 40,
    },
    positions: inputs.positionBook
      ? [
          {
            kind: 'position-book',
            ...POSITION_BOOK,
            asOf: bookAsOf(inputs.date),
            count: inputs.positions,
            sizeSigma: 1,
          },
        ]
      : generators(inputs, anchor),
    shock: shock(inputs),
    engine: {
      insuranceFundUsd: inputs.insuranceFundUsd,
      withdrawal: inputs.withdrawal,
      resilience: inputs.resilience,
    },
    monteCarlo: {
      runs: 200,
      shockUsd: { kind: 'lognormal', median: 2e8, sigma: 1 },
      withdrawal: { kind: 'lognormal', median: inputs.withdrawal, sigma: 0.8 },
    },
  };
}
