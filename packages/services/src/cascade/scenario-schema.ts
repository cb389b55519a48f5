/**
 * The cascade scenario file (docs/scenario.md): book, positions, shock, engine parameters, seed,
 * and optionally the Monte Carlo distributions and the reported figures to compare with.
 */
import { isIsoDate } from '@cascade/analytics';
import { VENUES } from '@cascade/core';
import { z } from 'zod';

const positive = z.number().positive();
const nonNegative = z.number().nonnegative();

export const distributionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), value: z.number() }),
  z.object({ kind: z.literal('uniform'), min: z.number(), max: z.number() }),
  z.object({ kind: z.literal('lognormal'), median: positive, sigma: nonNegative }),
  z.object({ kind: z.literal('choice'), values: z.array(z.number()).min(1) }),
]);

const depthCurve = z.object({ depthUsdWithin1Pct: positive, kappa: positive });

export const bookSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('parametric'),
    depthUsdWithin1Pct: positive,
    kappa: positive,
    levels: z.number().int().min(4).max(2_000_000),
    rangePct: positive.max(99),
    askToBidRatio: positive.optional(),
  }),
  z.object({
    kind: z.literal('binance-depth-snapshot'),
    file: z.string(),
    tickSize: positive,
    levels: z.number().int().min(4).max(2_000_000),
    tail: depthCurve.optional(),
  }),
  z.object({
    kind: z.literal('tardis-book-snapshot-25'),
    file: z.string(),
    row: z.number().int().nonnegative().default(0),
    tickSize: positive,
    levels: z.number().int().min(4).max(2_000_000),
    tail: depthCurve.optional(),
  }),
  z.object({
    kind: z.literal('binance-book-depth'),
    file: z.string(),
    /** Snapshot time as written in the file, e.g. "2025-10-10 21:15:03"; the nearest is used. */
    timestamp: z.string(),
    levels: z.number().int().min(4).max(2_000_000),
    rangePct: positive.max(99),
    /** Multiply the fitted depth (e.g. to stand for several venues). */
    depthMultiplier: positive.default(1),
    /**
     * A frozen snapshot (bands repeating earlier values, a vendor defect) is never fitted:
     * "nearest-clean" uses the nearest clean snapshot and says so, "refuse" fails.
     */
    frozen: z.enum(['nearest-clean', 'refuse']).default('nearest-clean'),
  }),
]);

const weighted = z.record(z.string(), nonNegative);

const generatorSchema = z.object({
  kind: z.literal('generate'),
  venue: z.enum(VENUES),
  symbol: z.string(),
  openInterestUsd: positive,
  longShare: z.number().min(0).max(1),
  /** Leverage → weight, e.g. { "5": 15, "10": 30, "25": 25, "50": 20, "100": 10 }. */
  leverageMix: weighted,
  entryPrices: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('range'),
      fromPct: z.number(),
      toPct: z.number(),
      points: z.number().int().min(1).max(10_000),
    }),
    z.object({
      kind: z.literal('list'),
      prices: z.array(z.object({ priceUsd: positive, weight: nonNegative })).min(1),
    }),
  ]),
  count: z.number().int().min(1).max(20_000_000),
  sizeSigma: nonNegative.optional(),
});

const positionsFileSchema = z.object({ kind: z.literal('file'), file: z.string() });

const isoDay = z.string().refine(isIsoDate, 'expected a calendar day YYYY-MM-DD');

/**
 * Positions drawn from the fitted liquidation model's position book (docs/heatmap.md) at the
 * end of `asOf` (UTC), run over the stored candles and open interest of `venue` `symbol`.
 */
export const positionBookSourceSchema = z.object({
  kind: z.literal('position-book'),
  venue: z.enum(VENUES),
  symbol: z.string(),
  /** The book's state at the end of this UTC day. */
  asOf: isoDay,
  /** Days of open interest the book is built from, up to the end of `asOf`. */
  lookbackDays: z.number().int().min(1).max(365).default(30),
  /** Liquidation-price bucket of the map the positions are drawn from (USD). */
  bucketUsd: positive.default(100),
  count: z.number().int().min(1).max(20_000_000),
  sizeSigma: nonNegative.optional(),
  /** Scale the book's total live notional to this figure (default: the book's own). */
  openInterestUsd: positive.optional(),
});

export const shockSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('market-sell'), usd: positive }),
  z.object({ kind: z.literal('market-buy'), usd: positive }),
  z.object({ kind: z.literal('target-price'), priceUsd: positive }),
  z.object({ kind: z.literal('price-path'), pricesUsd: z.array(positive).min(1) }),
]);

export const scenarioSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  seed: z.number().int().default(1),
  startPriceUsd: positive,
  book: bookSchema,
  positions: z
    .array(z.union([generatorSchema, positionsFileSchema, positionBookSourceSchema]))
    .min(1),
  shock: shockSchema,
  /** Written by `cascade scenario --date` (the data it was built from); absent = hand-written. */
  builtFrom: z
    .object({
      kind: z.literal('built-from-data'),
      date: z.string(),
      tables: z.array(z.string()).readonly(),
    })
    .optional(),
  engine: z
    .object({
      insuranceFundUsd: nonNegative.default(0),
      withdrawal: z.number().min(1).default(1),
      resilience: z.number().min(0).max(1).default(0),
      latencySteps: z.number().int().min(0).default(0),
      markSmoothing: z.number().min(0).max(0.999).default(0),
      stepSeconds: positive.default(1),
      maxSteps: z.number().int().min(1).max(10_000_000).default(100_000),
      adlRefreshSeconds: positive.default(10),
      /** Stabilising demand D, USD per second at a move of `demandRefMovePct` (0 = off). */
      demandUsdPerSecond: nonNegative.default(0),
      /** γ: the flow is D·(move/d0)^γ. */
      demandExponent: z.number().min(0).max(10).default(1),
      /** d0, percent of the start price. */
      demandRefMovePct: positive.default(1),
      /** Simulated seconds the demand flow lasts after the shock. */
      demandHorizonSeconds: positive.default(3600),
      /** Share of the shorts crossing their take-profit level that buy back (0 = off). */
      shortCoverShare: z.number().min(0).max(1).default(0),
      /** Take-profit level of short covering, percent below the entry. */
      shortCoverProfitPct: z.number().min(0).max(99).default(0),
      /** The fund's unwinding orders: limit, percent from the mark per step (100 = market). */
      fundUnwindSlippagePct: positive.max(100).default(1),
    })
    .prefault({}),
  monteCarlo: z
    .object({
      runs: z.number().int().min(1).default(1000),
      shockUsd: distributionSchema,
      withdrawal: distributionSchema,
    })
    .optional(),
  reported: z
    .object({
      liquidatedUsd: positive.optional(),
      minPriceUsd: positive.optional(),
      source: z.string(),
    })
    .optional(),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type BookSpec = z.infer<typeof bookSchema>;
export type PositionBookSource = z.infer<typeof positionBookSourceSchema>;
