/**
 * The API documents the dashboard reads (the fields it uses). They mirror `cascade <cmd> --json`
 * and the server's zod schemas (docs/api.md).
 */
export interface SeriesRange {
  readonly fromMs: number;
  readonly toMs: number;
  readonly count: number;
}

export interface Meta {
  readonly defaultDate: string;
  readonly defaultSymbol: string;
  readonly candles: readonly (SeriesRange & {
    exchange: string;
    symbol: string;
    timeframe: string;
  })[];
  readonly liquidationBuckets: readonly (SeriesRange & {
    source: string;
    symbol: string;
    intervalMs: number;
  })[];
  readonly macroSeries: readonly (SeriesRange & { seriesId: string })[];
  /** Stored USD open interest (absent from older servers). */
  readonly openInterest?: readonly (SeriesRange & { exchange: string; symbol: string })[];
}

export interface Candle {
  readonly tsMs: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volumeBase: number;
}

export interface Candles {
  readonly symbol: string;
  readonly timeframe: string;
  readonly candles: readonly Candle[];
}

export interface Level {
  readonly price: number;
  readonly kind: 'support' | 'resistance';
  readonly strength: number;
  readonly sources: readonly string[];
}

export interface Breach {
  readonly level: number;
  readonly kind: 'support' | 'resistance';
  readonly status: string;
  readonly closeThroughTs: number | null;
  readonly extremePrice: number | null;
}

export interface LevelsReport {
  readonly symbol: string;
  readonly date: string;
  readonly lastCloseBefore: number;
  readonly levels: readonly Level[];
  readonly breaches: readonly Breach[];
}

export interface HistoryEvent {
  readonly date: string;
  readonly btcDrawdown: number | null;
  readonly btcReturn: number | null;
  readonly altMedianDrawdown: number | null;
  readonly spxReturn: number | null;
  readonly liquidatedUsd: number | null;
  readonly window?: string;
}

export interface HistoryReport {
  readonly date: string;
  readonly day: HistoryEvent;
  readonly catalogEvent: boolean;
  readonly btcDrawdownPercentileAllDays: number | null;
  readonly allDaysCount: number;
  readonly mostSimilar: readonly { date: string; distance: number }[];
  readonly events: readonly HistoryEvent[];
}

export interface CorrelationRow {
  readonly index: string;
  readonly window: number;
  readonly pearson: number | null;
  readonly beta: number | null;
}

export interface DivergenceReport {
  readonly today: {
    btcReturn: number;
    equityReturn: number;
    regime: string;
    divergent: boolean;
  } | null;
  readonly correlations: readonly CorrelationRow[];
  readonly attribution: {
    verdict: string;
    evidence: readonly { factor: string; side: string; note: string }[];
  } | null;
}

export interface FedWatchMeeting {
  readonly meetingDate: string;
  readonly probabilities: Readonly<Record<string, number>>;
}

export interface FedWatchReport {
  readonly asOf: string;
  readonly meetings: readonly FedWatchMeeting[];
  readonly proxy: { label: string; targetRange: string | null } | null;
  readonly published: readonly {
    asOfDate: string;
    meetingDate: string;
    probabilities: Readonly<Record<string, number>>;
    source: string;
  }[];
}

export interface ContagionAlt {
  readonly symbol: string;
  readonly drawdownRank: number;
  readonly usdReturn: number;
  readonly drawdown: number;
  readonly beta: number | null;
  readonly expectedFromBeta: number | null;
}

export interface ContagionReport {
  readonly date: string;
  readonly totalLiquidatedUsd: number | null;
  readonly breadth: number;
  readonly medianAltReturn: number;
  readonly alts: readonly ContagionAlt[];
  readonly comparison: { rankByMedianAltReturn: number; of: number } | null;
}

/** Where the open interest under an estimate came from (`openInterest` of /api/heatmap). */
export interface OpenInterestCoverage {
  readonly source: 'hourly' | 'daily-carried-forward' | 'mixed';
  readonly extendedFromMs: number | null;
  /** One line for people; null when every candle has hourly open interest. */
  readonly note: string | null;
}

export interface HeatmapReport {
  readonly note: string;
  readonly openInterest?: OpenInterestCoverage;
  readonly grid?: {
    prices: readonly number[];
    rows: readonly { ts: number; values: readonly number[] }[];
  };
  readonly candles: readonly {
    ts: number;
    estimatedLongLiquidatedUsd: number;
    estimatedShortLiquidatedUsd: number;
  }[];
}

export interface SimulationResult {
  readonly scenario: string;
  readonly totalLiquidatedUsd: number;
  readonly longLiquidatedUsd: number;
  readonly shortLiquidatedUsd: number;
  readonly liquidations: number;
  readonly startPrice: number;
  readonly minPrice: number;
  readonly finalPrice: number;
  readonly amplification: number;
  readonly insuranceFundStartUsd: number;
  readonly insuranceFundEndUsd: number;
  readonly insuranceFundMinUsd: number;
  readonly fundTakeoverUsd: number;
  readonly adlUsd: number;
  readonly unresolvedUsd: number;
  readonly steps: number;
  readonly positions: number;
  readonly book: string;
  readonly positionsFrom?: readonly PositionsFrom[];
}

/** A position-book source of a simulated market (`positionsFrom` of the CLI documents). */
export interface PositionsFrom {
  readonly asOf: string;
  /** The liquidation model's label: version and training window. */
  readonly model: string;
  readonly positions: number;
  readonly bookLongUsd: number;
  readonly bookShortUsd: number;
  /** Set when the book did not run on hourly open interest throughout. */
  readonly openInterestNote?: string | null;
}

/** POST /api/simulate: the `cascade simulate --json` summary and per-step columns. */
export interface SimulateResponse {
  readonly summary: SimulationResult;
  readonly series: {
    readonly step: readonly number[];
    readonly priceUsd: readonly number[];
    readonly longLiquidatedUsd: readonly number[];
    readonly shortLiquidatedUsd: readonly number[];
    readonly liquidations: readonly number[];
    readonly insuranceFundUsd: readonly number[];
    /** Cumulative. */
    readonly adlUsd: readonly number[];
  };
}

export interface Quantiles {
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface MonteCarloResult {
  readonly positionsFrom?: readonly PositionsFrom[];
  readonly runs: number;
  readonly threads: number;
  readonly seconds: number;
  readonly liquidatedUsd: Quantiles;
  readonly longLiquidatedUsd: Quantiles;
  readonly drawdownPct: Quantiles;
  readonly insuranceFundLossUsd: Quantiles;
  readonly adlUsd: Quantiles;
}

export interface StressPosition {
  readonly input: number;
  readonly venue: string;
  readonly symbol: string;
  readonly side: string;
  readonly liquidationPrice: number | null;
  readonly collateralUsd: number | null;
  readonly probabilityOfLiquidation: number | null;
  readonly expectedLossUsd: number | null;
  readonly liquidatingShockUsd: number | null;
  readonly note: string | null;
}

export interface StressResult {
  readonly runs: number;
  readonly positions: readonly StressPosition[];
}

export interface LiqPriceRow {
  readonly liquidationPrice: number | null;
  readonly bankruptcyPrice: number | null;
  readonly maintenanceMargin: number;
  readonly mmr: number;
}

/** GET /api/event/summary: headline numbers; a null part means the store has no data for it. */
export interface EventSummary {
  readonly date: string;
  readonly symbol: string;
  readonly price: {
    readonly close: number;
    /** Percent units. */
    readonly changePct: number;
    readonly drawdownPct: number;
  } | null;
  readonly brokenLevel: {
    readonly priceUsd: number;
    readonly kind: string;
    readonly atMs: number;
  } | null;
  readonly liquidations: {
    readonly totalUsd: number;
    readonly longShare: number;
    readonly scope: string;
  } | null;
  readonly equities: { readonly spxChangePct: number; readonly nasdaqChangePct: number } | null;
  readonly fedwatch: {
    readonly meeting: string;
    readonly probabilities: Readonly<Record<string, number>>;
  } | null;
}
