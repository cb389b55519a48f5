/** Small deterministic markets for cascade tests. */
import type { VenueId } from '../../margin/types.js';
import { parametricBook } from '../book-builders.js';
import type { EngineParams, Shock } from '../engine-types.js';
import { DEFAULT_ENGINE } from '../engine-types.js';
import { generatePositions } from '../generate-positions.js';
import type { OrderBook } from '../order-book.js';
import { buildPositionBook, type PositionBook } from '../position-book.js';
import { createRng } from '../rng.js';

export interface TestMarketSpec {
  readonly seed: number;
  readonly count: number;
  readonly openInterestUsd: number;
  readonly depthUsdWithin1Pct: number;
  readonly longShare: number;
}

const SYMBOL: Readonly<Partial<Record<VenueId, string>>> = {
  binance: 'BTCUSDT',
  bybit: 'BTCUSDT',
  hyperliquid: 'BTC/USDC:USDC',
  dydx: 'BTC-USD',
};

export const MIX = [
  { value: 5, weight: 15 },
  { value: 10, weight: 30 },
  { value: 25, weight: 25 },
  { value: 50, weight: 20 },
  { value: 100, weight: 10 },
];

export function testMarket(spec: TestMarketSpec): {
  positions: PositionBook;
  book: OrderBook;
  midPriceUsd: number;
} {
  const midPriceUsd = 86_000;
  const rng = createRng(spec.seed);
  const venues = Object.keys(SYMBOL) as VenueId[];
  const specs = venues.flatMap((venue) =>
    generatePositions(
      {
        venue,
        symbol: SYMBOL[venue] ?? 'BTCUSDT',
        openInterestUsd: spec.openInterestUsd / venues.length,
        longShare: spec.longShare,
        leverageMix: MIX,
        entryPrices: [
          { value: midPriceUsd * 1.04, weight: 1 },
          { value: midPriceUsd * 1.02, weight: 2 },
          { value: midPriceUsd, weight: 3 },
          { value: midPriceUsd * 0.98, weight: 1 },
        ],
        count: Math.max(2, Math.round(spec.count / venues.length)),
        sizeSigma: 1,
      },
      rng,
    ),
  );
  const { book: positions, rejected } = buildPositionBook(specs, { markPriceUsd: midPriceUsd });
  const problem = [...rejected.values()].flat().find((p) => p.field !== 'entryPrice');
  if (problem) throw new Error(`rejected test positions: ${JSON.stringify(problem)}`);
  const book = parametricBook({
    midPriceUsd,
    depthUsdWithin1Pct: spec.depthUsdWithin1Pct,
    kappa: 1.13,
    levels: 4000,
    rangePct: 40,
  });
  return { positions, book, midPriceUsd };
}

export function engineParams(shock: Shock, overrides: Partial<EngineParams> = {}): EngineParams {
  return {
    ...DEFAULT_ENGINE,
    insuranceFundUsd: 5e6,
    withdrawal: 3,
    resilience: 0.05,
    shock,
    ...overrides,
  };
}
