/**
 * What the brief is written from: plain data gathered from the analyses (see data/). Every part
 * is optional; a missing part removes its section (or the brief says what is missing).
 * Each part names its source (table/query or computation), which becomes the facts' source.
 */

export interface HourBar {
  readonly tsMs: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

export interface PriceInput {
  readonly symbol: string;
  /** UTC day bar. */
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly previousClose: number | undefined;
  /** Hour of the day's low (from hourly bars when stored). */
  readonly lowAtMs: number | undefined;
  /** Hourly bars from the day before through the day (chart). */
  readonly hourly: readonly HourBar[];
  /** Close-to-close returns of the 30 days before (for a typical-move comparison). */
  readonly typicalAbsReturn: number | undefined;
  readonly source: string;
}

export interface LevelInput {
  readonly priceUsd: number;
  readonly side: 'support' | 'resistance';
  readonly strength: number;
  readonly pierceAtMs: number | undefined;
  readonly closeThroughAtMs: number | undefined;
  readonly retestAtMs: number | undefined;
  readonly reclaimed: boolean;
  /** The next level beyond the broken one in the direction of the move. */
  readonly nextPriceUsd: number | undefined;
  readonly source: string;
}

export interface LiquidationBucket {
  readonly tsMs: number;
  readonly longUsd: number;
  readonly shortUsd: number;
}

export interface RealizedLiquidations {
  /** `store`: hourly buckets summed from the store; `reported`: a published 24 h total. */
  readonly kind: 'store' | 'reported';
  readonly scope: string;
  readonly totalUsd: number;
  readonly longUsd: number | undefined;
  readonly shortUsd: number | undefined;
  readonly traders: number | undefined;
  /** Store days: the all-coin total the catalog reports for the day, when it has one. */
  readonly reportedTotalUsd?: number | undefined;
  readonly reportedSource?: string | undefined;
  /** Largest hour (store). */
  readonly peakHour: LiquidationBucket | undefined;
  readonly buckets: readonly LiquidationBucket[];
  readonly source: string;
}

export interface LiquidationCluster {
  readonly priceUsd: number;
  readonly notionalUsd: number;
  readonly side: 'long' | 'short';
}

export interface EstimatedLiquidations {
  /** Largest estimated clusters below and above the close. */
  readonly clusters: readonly LiquidationCluster[];
  readonly longBelowUsd: number;
  readonly shortAboveUsd: number;
  readonly bandFraction: number;
  readonly source: string;
}

export interface CascadeInput {
  readonly scenario: string;
  readonly scenarios: number;
  readonly shockUsd: number | undefined;
  readonly liquidatedP50Usd: number;
  readonly liquidatedP95Usd: number;
  readonly lowP50Usd: number;
  readonly lowP05Usd: number;
  readonly startPriceUsd: number;
  readonly source: string;
}

export interface IndexMove {
  readonly name: string;
  readonly close: number;
  readonly change: number;
}

export interface MacroInput {
  readonly tradingDate: string;
  readonly indices: readonly IndexMove[];
  readonly vix: { readonly close: number; readonly changePoints: number } | undefined;
  readonly twoYear: { readonly yieldPct: number; readonly change1dBp: number } | undefined;
  readonly effrPct: number | undefined;
  readonly targetRange: string | undefined;
  /** BTC and S&P 500 daily closes, for the normalised chart. */
  readonly btcVsSpx: readonly {
    readonly date: string;
    readonly btc: number;
    readonly spx: number;
  }[];
  readonly source: string;
}

export interface FedWatchReading {
  readonly asOfDate: string;
  readonly probability: number;
  readonly source: string;
}

export interface FedWatchInput {
  /** `futures`: computed from stored ZQ settles; `published`: news readings; `proxy`: 2-year. */
  readonly kind: 'futures' | 'published' | 'proxy';
  readonly meetingDate: string | undefined;
  /** Probability of a cut at that meeting (futures: computed; published: the date's median). */
  readonly cutProbability: number | undefined;
  readonly previousCutProbability: number | undefined;
  readonly previousDate: string | undefined;
  readonly readings: readonly FedWatchReading[];
  readonly source: string;
}

export interface DivergenceInput {
  readonly correlation30: number | undefined;
  readonly beta30: number | undefined;
  readonly btcZ: number;
  readonly equityZ: number;
  readonly regime: string;
  readonly divergent: boolean;
  readonly verdict: string;
  readonly internalScore: number;
  readonly externalScore: number;
  readonly evidence: readonly {
    readonly factor: string;
    readonly side: 'internal' | 'external';
    readonly supports: boolean;
    readonly note: string;
  }[];
  readonly source: string;
}

export interface HistoryInput {
  readonly eventCount: number;
  /** Share of catalog events no worse than the day (BTC drawdown). */
  readonly drawdownPercentileVsEvents: number | undefined;
  readonly liquidationPercentileVsEvents: number | undefined;
  readonly drawdownPercentileAllDays: number | undefined;
  readonly allDaysCount: number;
  readonly allDaysFrom: string;
  readonly mostSimilar:
    | {
        readonly date: string;
        readonly btcDrawdown: number | undefined;
        readonly liquidatedUsd: number | undefined;
        readonly notes: string | undefined;
      }
    | undefined;
  readonly largest: { readonly date: string; readonly liquidatedUsd: number } | undefined;
  readonly source: string;
}

export interface AltMove {
  readonly symbol: string;
  readonly change: number;
  readonly drawdown: number;
  readonly beta: number | undefined;
}

export interface ContagionInput {
  readonly alts: readonly AltMove[];
  readonly breadth: number;
  readonly btcChange: number;
  readonly source: string;
}

export interface LeverageDistance {
  readonly leverage: number;
  readonly liquidationPriceUsd: number;
  readonly distance: number;
}

export interface RiskInput {
  readonly venue: string;
  readonly entryPriceUsd: number;
  readonly longs: readonly LeverageDistance[];
  /** 99th percentile of the daily open→low drawdown since 2017. */
  readonly move99: number | undefined;
  readonly maxLeverage99: number | undefined;
  /** Sizing: account, risk share, stop. */
  readonly sizing:
    | {
        readonly accountUsd: number;
        readonly riskFraction: number;
        readonly stopUsd: number;
        readonly positionUsd: number;
      }
    | undefined;
  readonly fundingPer8h: number | undefined;
  readonly source: string;
}

export interface BriefInputs {
  readonly date: string;
  readonly symbol: string;
  readonly price: PriceInput | undefined;
  readonly level: LevelInput | undefined;
  readonly realized: RealizedLiquidations | undefined;
  readonly estimated: EstimatedLiquidations | undefined;
  readonly cascade: CascadeInput | undefined;
  readonly macro: MacroInput | undefined;
  readonly fedwatch: FedWatchInput | undefined;
  readonly divergence: DivergenceInput | undefined;
  readonly history: HistoryInput | undefined;
  readonly contagion: ContagionInput | undefined;
  readonly risk: RiskInput | undefined;
  /** What could not be loaded, in words (the brief lists it). */
  readonly missing: readonly string[];
}
