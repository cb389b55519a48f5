/**
 * BTC versus equity indices: alignment of a 24/7 UTC-day series with New York trading days,
 * divergence days, regime labels and the internal/external attribution of a move.
 */
import { simpleReturns, trailingZScores } from './stats.js';

export interface DailySeries {
  /** ISO dates, ascending, unique. */
  readonly dates: readonly string[];
  readonly close: Float64Array;
}

export interface AlignedPair {
  /** The equity index's trading days (New York dates). */
  readonly dates: readonly string[];
  /** BTC close sampled on those dates: the UTC-day close of the same calendar date. */
  readonly btcClose: Float64Array;
  readonly equityClose: Float64Array;
  /** Close-to-close returns between consecutive trading days (index 0 NaN). */
  readonly btcReturn: Float64Array;
  readonly equityReturn: Float64Array;
}

/**
 * Samples BTC on the equity calendar. The equity close of New York date D (16:00 ET) is paired
 * with the BTC close of UTC day D (00:00 UTC of D+1 = 19:00/20:00 ET on D): the nearest daily BTC
 * print after the cash close. BTC moves over weekends and holidays compound into the next
 * trading day's return, so both return series cover the same wall-clock span. Trading days with
 * no BTC bar are dropped.
 */
export function alignToTradingDays(btc: DailySeries, equity: DailySeries): AlignedPair {
  const btcIndex = new Map<string, number>();
  btc.dates.forEach((date, i) => btcIndex.set(date, i));
  const dates: string[] = [];
  const btcClose: number[] = [];
  const equityClose: number[] = [];
  equity.dates.forEach((date, i) => {
    const j = btcIndex.get(date);
    const e = equity.close[i];
    const b = j === undefined ? undefined : btc.close[j];
    if (b === undefined || e === undefined) return;
    dates.push(date);
    btcClose.push(b);
    equityClose.push(e);
  });
  const b = Float64Array.from(btcClose);
  const e = Float64Array.from(equityClose);
  return {
    dates,
    btcClose: b,
    equityClose: e,
    btcReturn: simpleReturns(b),
    equityReturn: simpleReturns(e),
  };
}

export type Regime =
  | 'crypto-specific sell-off'
  | 'crypto-specific rally'
  | 'risk-off'
  | 'risk-on'
  | 'macro rally'
  | 'macro sell-off'
  | 'quiet';

export interface RegimeThresholds {
  /** |z| at or above which a move counts as large (default 1). */
  readonly large: number;
  /** |z| below which a move counts as flat (default 0.5). */
  readonly flat: number;
}

export const DEFAULT_REGIME_THRESHOLDS: RegimeThresholds = { large: 1, flat: 0.5 };

/**
 * Regime of one day from the BTC and equity z-scores:
 * - risk-on / risk-off: both move the same way, both at least `flat`;
 * - crypto-specific sell-off / rally: BTC large, equities flat or the other way;
 * - macro rally / sell-off: equities large, BTC flat or the other way;
 * - quiet: anything else.
 */
export function classifyRegime(
  btcZ: number,
  equityZ: number,
  thresholds: RegimeThresholds = DEFAULT_REGIME_THRESHOLDS,
): Regime {
  const { large, flat } = thresholds;
  const sameWay = Math.sign(btcZ) === Math.sign(equityZ);
  const both = Math.abs(btcZ) >= flat && Math.abs(equityZ) >= flat;
  if (sameWay && both) return btcZ > 0 ? 'risk-on' : 'risk-off';
  if (Math.abs(btcZ) >= large && (!sameWay || Math.abs(equityZ) < flat)) {
    return btcZ < 0 ? 'crypto-specific sell-off' : 'crypto-specific rally';
  }
  if (Math.abs(equityZ) >= large && (!sameWay || Math.abs(btcZ) < flat)) {
    return equityZ > 0 ? 'macro rally' : 'macro sell-off';
  }
  return 'quiet';
}

export interface DivergenceOptions {
  /** Trailing window for the z-scores (default 90 trading days). */
  readonly zWindow: number;
  /** Minimum |z| of the BTC and of the equity move on a divergence day (default 1 and 0.5). */
  readonly btcZ: number;
  readonly equityZ: number;
}

export const DEFAULT_DIVERGENCE: DivergenceOptions = { zWindow: 90, btcZ: 1, equityZ: 0.5 };

export interface DayReading {
  readonly date: string;
  readonly btcReturn: number;
  readonly equityReturn: number;
  readonly btcZ: number;
  readonly equityZ: number;
  readonly regime: Regime;
  /** Opposite signs with both |z| beyond the thresholds. */
  readonly divergent: boolean;
}

/** Per-day z-scores, regimes and divergence flags of an aligned pair. */
export function readDays(
  pair: AlignedPair,
  options: DivergenceOptions = DEFAULT_DIVERGENCE,
): DayReading[] {
  const btcZ = trailingZScores(pair.btcReturn, options.zWindow);
  const equityZ = trailingZScores(pair.equityReturn, options.zWindow);
  const out: DayReading[] = [];
  pair.dates.forEach((date, i) => {
    const bz = btcZ[i] ?? Number.NaN;
    const ez = equityZ[i] ?? Number.NaN;
    if (Number.isNaN(bz) || Number.isNaN(ez)) return;
    const br = pair.btcReturn[i] ?? Number.NaN;
    const er = pair.equityReturn[i] ?? Number.NaN;
    out.push({
      date,
      btcReturn: br,
      equityReturn: er,
      btcZ: bz,
      equityZ: ez,
      regime: classifyRegime(bz, ez),
      divergent:
        Math.sign(br) * Math.sign(er) < 0 &&
        Math.abs(bz) >= options.btcZ &&
        Math.abs(ez) >= options.equityZ,
    });
  });
  return out;
}

export type Side = 'internal' | 'external';

/** One piece of evidence about what drove a BTC move. */
export interface Evidence {
  readonly factor: string;
  readonly side: Side;
  /** The observed value (units in `unit`), null when the data is missing. */
  readonly value: number | null;
  readonly unit: string;
  /** Whether it points to this side as the driver of the move (false when missing). */
  readonly supports: boolean;
  readonly note: string;
}

export interface AttributionInput {
  /** The BTC move being explained (fraction, e.g. −0.05). */
  readonly btcReturn: number;
  readonly btcZ: number;
  /** Internal (crypto market structure); null where no data. */
  readonly liquidationsUsd: number | null;
  /** Open-interest change over the move (fraction). */
  readonly openInterestChange: number | null;
  /** Change in the funding rate over the move (per 8 h, fraction, e.g. −0.0001). */
  readonly fundingChange: number | null;
  /** External (macro); null where no data. */
  readonly equityReturn: number | null;
  readonly equityZ: number | null;
  readonly twoYearChangeBp: number | null;
  /** VIX change in points. */
  readonly vixChange: number | null;
}

export interface Attribution {
  readonly verdict: 'internal' | 'external' | 'mixed' | 'undetermined';
  readonly internalScore: number;
  readonly externalScore: number;
  readonly evidence: readonly Evidence[];
}

const LIQUIDATION_LARGE_USD = 1e9;
const OI_DROP = -0.05;
const FUNDING_RESET = -0.00005;

/**
 * Attribution of a BTC move to crypto-internal deleveraging versus the macro backdrop. Each
 * factor supports its side only when it moved in the direction that explains the BTC move:
 * for a fall, internal = large liquidations, OI drop, funding reset; external = equities down
 * (z ≤ −0.5), 2-year yield up (hawkish repricing, ≥ +5 bp), VIX up (≥ +1.5 pt). For a rise the
 * external signs flip and internal uses OI build-up / funding up. Scores count supporting
 * factors; the verdict needs a margin of one.
 */
export function attributeMove(input: AttributionInput): Attribution {
  const down = input.btcReturn < 0;
  const sign = down ? -1 : 1;
  const evidence: Evidence[] = [
    {
      factor: 'liquidations',
      side: 'internal',
      value: input.liquidationsUsd,
      unit: 'USD',
      supports: input.liquidationsUsd !== null && input.liquidationsUsd >= LIQUIDATION_LARGE_USD,
      note: `≥ $${LIQUIDATION_LARGE_USD / 1e9}B liquidated in the window`,
    },
    {
      factor: 'open interest',
      side: 'internal',
      value: input.openInterestChange,
      unit: 'fraction',
      supports:
        input.openInterestChange !== null &&
        (down ? input.openInterestChange <= OI_DROP : input.openInterestChange >= -OI_DROP),
      note: down ? 'OI dropped ≥ 5% (forced deleveraging)' : 'OI rose ≥ 5% (leveraged buying)',
    },
    {
      factor: 'funding',
      side: 'internal',
      value: input.fundingChange,
      unit: 'per 8h',
      supports:
        input.fundingChange !== null &&
        (down ? input.fundingChange <= FUNDING_RESET : input.fundingChange >= -FUNDING_RESET),
      note: down ? 'funding reset lower by ≥ 0.5 bp / 8h' : 'funding up by ≥ 0.5 bp / 8h',
    },
    {
      factor: 'equities',
      side: 'external',
      value: input.equityReturn,
      unit: 'fraction',
      supports: input.equityZ !== null && sign * input.equityZ >= 0.5,
      note: `equities moved the same way (z ${input.equityZ === null ? 'n/a' : input.equityZ.toFixed(2)})`,
    },
    {
      factor: 'rates (2-year yield)',
      side: 'external',
      value: input.twoYearChangeBp,
      unit: 'bp',
      supports: input.twoYearChangeBp !== null && -sign * input.twoYearChangeBp >= 5,
      note: down ? '2-year yield up ≥ 5 bp (hawkish repricing)' : '2-year yield down ≥ 5 bp',
    },
    {
      factor: 'VIX',
      side: 'external',
      value: input.vixChange,
      unit: 'points',
      supports: input.vixChange !== null && -sign * input.vixChange >= 1.5,
      note: down ? 'VIX up ≥ 1.5 points' : 'VIX down ≥ 1.5 points',
    },
  ];
  const score = (side: Side) => evidence.filter((e) => e.side === side && e.supports).length;
  const internalScore = score('internal');
  const externalScore = score('external');
  const available = evidence.filter((e) => e.value !== null).length;
  let verdict: Attribution['verdict'] = 'mixed';
  if (available === 0 || internalScore + externalScore === 0) verdict = 'undetermined';
  else if (internalScore >= externalScore + 1) verdict = 'internal';
  else if (externalScore >= internalScore + 1) verdict = 'external';
  return { verdict, internalScore, externalScore, evidence };
}

export interface IntradaySeries {
  /** Bar open times, UTC epoch ms, ascending. */
  readonly openMs: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  /** Bar length in ms (e.g. 3,600,000 for 1h). */
  readonly barMs: number;
}

/** Index of the bar whose open time equals `ms` (binary search), or −1. */
function barAt(series: IntradaySeries, ms: number): number {
  let lo = 0;
  let hi = series.openMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((series.openMs[mid] ?? Infinity) < ms) lo = mid + 1;
    else hi = mid;
  }
  return series.openMs[lo] === ms ? lo : -1;
}

export interface WindowMove {
  readonly fromMs: number;
  readonly toMs: number;
  readonly from: number;
  readonly to: number;
  readonly return: number;
  /** Lowest low between the two instants relative to the start. */
  readonly drawdown: number;
}

/**
 * Move of an intraday series between two instants that fall on bar boundaries: the price at an
 * instant is the close of the bar that ends there. Undefined when a bar is missing.
 */
export function moveBetween(
  series: IntradaySeries,
  fromMs: number,
  toMs: number,
): WindowMove | undefined {
  const a = barAt(series, fromMs - series.barMs);
  const b = barAt(series, toMs - series.barMs);
  if (a < 0 || b < 0 || b <= a) return undefined;
  const from = series.close[a] ?? Number.NaN;
  const to = series.close[b] ?? Number.NaN;
  let low = Number.POSITIVE_INFINITY;
  for (let i = a + 1; i <= b; i++) low = Math.min(low, series.low[i] ?? Number.NaN);
  return { fromMs, toMs, from, to, return: to / from - 1, drawdown: low / from - 1 };
}
