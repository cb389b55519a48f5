/**
 * Fitting the stabilising demand flow on history before a day (docs/cascade-simulator.md,
 * "Stabilising flow"). The engine's demand is `D·(move/d0)^γ` USD per second of market buying
 * while the price is below its start. Its parameters are chosen so that, on the scenario's own
 * book, the share of a sell-off the simulated market retraces matches how much of their drop
 * the large down hours of the 90 days before the day retraced by their close.
 *
 * Procedure: select the hours whose open → low drop is at least the `dropQuantile` quantile of
 * the window's hourly drops; each realized hour gives r = (close − low) ÷ (open − low), capped at
 * 1. For a candidate (D, γ) the engine walks the withdrawn book down by the hour's drop (an
 * empty position book: the flow alone) and runs the demand for an hour; the simulated r is read
 * at the times after the low that the arcsine law gives for the time of a Brownian path's
 * minimum (Lévy) — the realized low falls anywhere in its hour, often near an end. Loss: the mean
 * squared difference between the realized and simulated quantile functions at q = 0.05 … 0.95
 * (a quantile / 2-Wasserstein distance), within each tercile of the drops (so γ, the flow's
 * growth with the move, is fitted on how the retrace changes with the drop), averaged over the
 * terciles. D is searched on a log grid per γ, then refined by golden-section search in log D
 * around the best grid point.
 *
 * Pure: no I/O, no clock; the same candles give the same fit.
 */
import { parametricBook } from './book-builders.js';
import { runCascade } from './engine.js';
import { DEFAULT_ENGINE, type EngineParams } from './engine-types.js';
import { quantile } from './monte-carlo.js';
import type { OrderBook } from './order-book.js';
import type { PositionBook, SideBook } from './position-book.js';

export interface HourlyBar {
  /** Open time, ms since the epoch (UTC). */
  readonly tsMs: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

export interface StabilisingFitOptions {
  /** The day the fit is for (ms, start of day D): only bars that closed before it are used. */
  readonly beforeMs: number;
  /** Days of bars before `beforeMs` (default 90). */
  readonly lookbackDays?: number;
  /** The scenario's book: USD depth within 1% (B) and κ, and its withdrawal W. */
  readonly depthUsdWithin1Pct: number;
  readonly kappa: number;
  readonly withdrawal: number;
  /** Resilience per second (the scenario's `resilience` when its step is 1 s). */
  readonly resiliencePerSecond: number;
  /** Hours whose drop is at least this quantile of the window's hourly drops (default 0.9). */
  readonly dropQuantile?: number;
  /** …and at least this drop in percent (default 0.3). */
  readonly minDropPct?: number;
  /** Seconds the simulated flow runs after the drop (default 3600: one bar). */
  readonly horizonSeconds?: number;
  /** Step of the fitting simulations (default 10 s; resilience is converted to it). */
  readonly stepSeconds?: number;
  /** Exponents γ tried (default 0, 0.5, 1, 1.5, 2). */
  readonly exponents?: readonly number[];
}

export interface StabilisingFlowFit {
  /** Engine parameters to put in a scenario's `engine` block. */
  readonly demandUsdPerSecond: number;
  readonly demandExponent: number;
  readonly demandRefMovePct: number;
  readonly demandHorizonSeconds: number;
  /** D ÷ B: the flow per second as a share of the book's 1% depth (transfers to other books). */
  readonly demandDepthSharePerSecond: number;
  /** First bar used (open time) and the end of the last one (ms, exclusive). */
  readonly trainedFromMs: number;
  readonly trainedToMs: number;
  readonly bars: number;
  /** Hours selected (drop ≥ threshold) and the threshold in percent. */
  readonly hours: number;
  readonly dropThresholdPct: number;
  /** Loss at the fit and with no demand (D = 0). */
  readonly loss: number;
  readonly lossWithoutDemand: number;
  /** Retrace quantiles at q = 0.1, 0.25, 0.5, 0.75, 0.9: realized and simulated at the fit. */
  readonly realizedRetrace: readonly number[];
  readonly simulatedRetrace: readonly number[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const LOSS_QUANTILES = Array.from({ length: 19 }, (_, k) => 0.05 * (k + 1));
const REPORT_QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9];
/** Times after the low at which a simulated retrace is read (arcsine-law quantiles). */
const ARCSINE_POINTS = 12;
/** Drops simulated per candidate (log-spaced); hours in between are interpolated. */
const DROP_GRID = 8;
/** Fitting books: half-width and levels (window slides onto the tail beyond it). */
const FIT_RANGE_PCT = 20;
const FIT_LEVELS = 4000;

function emptySide(): SideBook {
  return {
    count: 0,
    size: new Float64Array(0),
    entryPrice: new Float64Array(0),
    liquidationPrice: new Float64Array(0),
    bankruptcyPrice: new Float64Array(0),
    collateralUsd: new Float64Array(0),
    mmr: new Float64Array(0),
    venue: new Uint8Array(0),
    id: new Int32Array(0),
  };
}

/** A market with no positions: the book and the flow alone. */
export const emptyPositionBook = (): PositionBook => ({ longs: emptySide(), shorts: emptySide() });

interface Selection {
  readonly bars: readonly HourlyBar[];
  readonly drops: readonly number[];
  readonly retraces: readonly number[];
  readonly threshold: number;
}

function selectHours(candles: readonly HourlyBar[], options: StabilisingFitOptions): Selection {
  const lookback = (options.lookbackDays ?? 90) * DAY_MS;
  const bars = candles
    .filter(
      (c) =>
        c.tsMs >= options.beforeMs - lookback &&
        c.tsMs + HOUR_MS <= options.beforeMs &&
        c.open > 0 &&
        c.low > 0 &&
        c.low <= c.open,
    )
    .sort((a, b) => a.tsMs - b.tsMs);
  const allDrops = bars.map((c) => ((c.open - c.low) / c.open) * 100).sort((a, b) => a - b);
  const threshold = Math.max(
    options.minDropPct ?? 0.3,
    quantile(allDrops, options.dropQuantile ?? 0.9),
  );
  const drops: number[] = [];
  const retraces: number[] = [];
  for (const c of bars) {
    const drop = ((c.open - c.low) / c.open) * 100;
    if (!(drop >= threshold)) continue;
    drops.push(drop);
    retraces.push(Math.min(1, Math.max(0, (c.close - c.low) / (c.open - c.low))));
  }
  return { bars, drops, retraces, threshold };
}

interface Simulator {
  /** Retraces of a drop at the arcsine times after the low. */
  readonly retraceCurve: (dropPct: number, demand: number, gamma: number) => Float64Array;
}

function simulator(options: StabilisingFitOptions): Simulator {
  const mid = 100_000;
  const template: OrderBook = parametricBook({
    midPriceUsd: mid,
    depthUsdWithin1Pct: options.depthUsdWithin1Pct,
    kappa: options.kappa,
    levels: FIT_LEVELS,
    rangePct: FIT_RANGE_PCT,
  });
  const positions = emptyPositionBook();
  const stepSeconds = options.stepSeconds ?? 10;
  const horizon = options.horizonSeconds ?? 3600;
  const resilience = 1 - Math.pow(1 - Math.min(1, options.resiliencePerSecond), stepSeconds);
  const steps = Math.ceil(horizon / stepSeconds);
  const readAt = Array.from({ length: ARCSINE_POINTS }, (_, j) => {
    const u = (j + 0.5) / ARCSINE_POINTS;
    return Math.min(steps, Math.round((horizon * Math.sin((Math.PI * u) / 2) ** 2) / stepSeconds));
  });
  return {
    retraceCurve(dropPct, demand, gamma) {
      const params: EngineParams = {
        ...DEFAULT_ENGINE,
        shock: { kind: 'target-price', priceUsd: mid * (1 - dropPct / 100) },
        insuranceFundUsd: 0,
        withdrawal: options.withdrawal,
        resilience,
        stepSeconds,
        maxSteps: steps,
        demandUsdPerSecond: demand,
        demandExponent: gamma,
        demandRefMovePct: 1,
        demandHorizonSeconds: horizon,
        recordEvents: false,
      };
      const path = runCascade(positions, template, params).result.pricePath;
      const start = mid;
      const out = new Float64Array(ARCSINE_POINTS);
      readAt.forEach((k, j) => {
        let low = start;
        for (let i = 0; i <= k && i < path.length; i++) low = Math.min(low, path[i] ?? low);
        const at = path[Math.min(k, path.length - 1)] ?? start;
        out[j] = start > low ? Math.min(1, Math.max(0, (at - low) / (start - low))) : 0;
      });
      return out;
    },
  };
}

/** Terciles of the selected drops: the loss compares retraces within each (γ shows there). */
const DROP_BINS = 3;

/** Bin of each drop (0 … DROP_BINS − 1) by the terciles of `drops`. */
function binsOf(drops: readonly number[]): number[] {
  const sorted = [...drops].sort((a, b) => a - b);
  const edges = Array.from({ length: DROP_BINS - 1 }, (_, k) =>
    quantile(sorted, (k + 1) / DROP_BINS),
  );
  return drops.map((d) => edges.filter((e) => d > e).length);
}

/**
 * Simulated retraces of every selected hour at the arcsine times, grouped by drop bin and
 * sorted (drops interpolated on a log grid of simulated drops).
 */
function simulatedRetraces(
  sim: Simulator,
  drops: readonly number[],
  bins: readonly number[],
  demand: number,
  gamma: number,
): number[][] {
  const lo = Math.min(...drops);
  const hi = Math.max(...drops);
  const grid = Array.from({ length: DROP_GRID }, (_, k) =>
    hi > lo ? lo * Math.pow(hi / lo, k / (DROP_GRID - 1)) : lo,
  );
  const curves = grid.map((d) => sim.retraceCurve(d, demand, gamma));
  const values: number[][] = Array.from({ length: DROP_BINS }, () => []);
  drops.forEach((drop, h) => {
    let k = 0;
    while (k < DROP_GRID - 2 && (grid[k + 1] ?? Infinity) < drop) k++;
    const a = grid[k] ?? lo;
    const b = grid[k + 1] ?? a;
    const w = b > a ? Math.min(1, Math.max(0, Math.log(drop / a) / Math.log(b / a))) : 0;
    const ca = curves[k] ?? new Float64Array(ARCSINE_POINTS);
    const cb = curves[k + 1] ?? ca;
    const into = values[bins[h] ?? 0] ?? [];
    for (let j = 0; j < ARCSINE_POINTS; j++) into.push((ca[j] ?? 0) * (1 - w) + (cb[j] ?? 0) * w);
  });
  return values.map((v) => v.sort((x, y) => x - y));
}

/** Mean over drop bins of the mean squared quantile difference at q = 0.05 … 0.95. */
function quantileLoss(realized: readonly number[][], simulated: readonly number[][]): number {
  let sum = 0;
  let count = 0;
  realized.forEach((r, k) => {
    const s = simulated[k] ?? [];
    if (r.length === 0 || s.length === 0) return;
    for (const q of LOSS_QUANTILES) {
      const d = quantile(r, q) - quantile(s, q);
      sum += d * d;
      count++;
    }
  });
  return count > 0 ? sum / count : Number.NaN;
}

const pooled = (groups: readonly number[][]): number[] => groups.flat().sort((a, b) => a - b);

/**
 * Fits the demand flow D·(move/1%)^γ on the hourly bars before `options.beforeMs` (see the
 * module comment). Throws when fewer than 10 hours pass the drop threshold.
 */
export function fitStabilisingFlow(
  candles: readonly HourlyBar[],
  options: StabilisingFitOptions,
): StabilisingFlowFit {
  const selection = selectHours(candles, options);
  const { drops, bars } = selection;
  if (drops.length < 10)
    throw new RangeError(
      `fitStabilisingFlow: ${drops.length} hours with a drop ≥ ${selection.threshold.toFixed(2)}% before ${new Date(options.beforeMs).toISOString()} (need ≥ 10)`,
    );
  const bins = binsOf(drops);
  const realized: number[][] = Array.from({ length: DROP_BINS }, () => []);
  selection.retraces.forEach((r, h) => realized[bins[h] ?? 0]?.push(r));
  realized.forEach((r) => r.sort((a, b) => a - b));
  const sim = simulator(options);
  const depth = options.depthUsdWithin1Pct;
  const lossOf = (share: number, gamma: number): number =>
    quantileLoss(realized, simulatedRetraces(sim, drops, bins, share * depth, gamma));
  const exponents = options.exponents ?? [0, 0.5, 1, 1.5, 2, 2.5, 3];
  // Grid: D ÷ B from 1e-6 to 1e-1 per second, four points a decade.
  let best = { share: 0, gamma: exponents[0] ?? 1, loss: Infinity };
  for (const gamma of exponents) {
    for (let e = -24; e <= -4; e++) {
      const share = Math.pow(10, e / 4);
      const loss = lossOf(share, gamma);
      if (loss < best.loss) best = { share, gamma, loss };
    }
  }
  // Golden-section refinement in log10(share) over ±1 grid step.
  let a = Math.log10(best.share) - 0.25;
  let b = Math.log10(best.share) + 0.25;
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = lossOf(10 ** c, best.gamma);
  let fd = lossOf(10 ** d, best.gamma);
  for (let k = 0; k < 12; k++) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = lossOf(10 ** c, best.gamma);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = lossOf(10 ** d, best.gamma);
    }
  }
  const refined = fc <= fd ? { x: c, loss: fc } : { x: d, loss: fd };
  if (refined.loss < best.loss) best = { ...best, share: 10 ** refined.x, loss: refined.loss };
  const simulated = pooled(simulatedRetraces(sim, drops, bins, best.share * depth, best.gamma));
  const realizedAll = pooled(realized);
  const first = bars[0] ?? { tsMs: options.beforeMs };
  const last = bars[bars.length - 1] ?? first;
  return {
    demandUsdPerSecond: best.share * depth,
    demandExponent: best.gamma,
    demandRefMovePct: 1,
    demandHorizonSeconds: options.horizonSeconds ?? 3600,
    demandDepthSharePerSecond: best.share,
    trainedFromMs: first.tsMs,
    trainedToMs: last.tsMs + HOUR_MS,
    bars: bars.length,
    hours: drops.length,
    dropThresholdPct: selection.threshold,
    loss: best.loss,
    lossWithoutDemand: quantileLoss(realized, simulatedRetraces(sim, drops, bins, 0, 1)),
    realizedRetrace: REPORT_QUANTILES.map((q) => quantile(realizedAll, q)),
    simulatedRetrace: REPORT_QUANTILES.map((q) => quantile(simulated, q)),
  };
}
