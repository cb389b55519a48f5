/**
 * Liquidation heatmap by the open-interest-delta method (ESTIMATES, not observed positions).
 *
 * Per candle, in this order:
 *  1. consume: estimated long levels at or above the candle's low and short levels at or below its
 *     high are liquidated (the bucket that holds the low/high is consumed by its overlapping
 *     fraction, positions spread uniformly inside a bucket). With the invariants the model keeps
 *     (long levels sit below the price, short levels above) this is the "liquidation price inside
 *     [low, high]" rule, and it also catches gaps between candles;
 *  2. when open interest rose, open the increase at the entry price (close, or typical price),
 *     split long/short by the taker-buy ratio when given, else by candle direction
 *     (`0.5 ± directionBias`), over the leverage mix; each leverage bucket's liquidation price is
 *     `entry · ratio`, the ratio coming from a venue margin model (tiers included) — the caller
 *     computes the ratios, see `liquidationRatios` in the CLI;
 *  3. when open interest fell, remove `max(0, −ΔOI − liquidatedThisCandle)` proportionally from
 *     every live level (liquidations already took their part of the drop; realized liquidations
 *     when the caller knows them, else the consumed estimate);
 *  4. optional decay: every live level is multiplied by `decayPerCandle`.
 *
 * Proportional removal and decay are a lazy global scale (O(1) per candle); consumption walks only
 * the buckets between the previous extreme live level and the candle's range.
 */

export interface LeverageBucket {
  readonly leverage: number;
  /** Share of new notional at this leverage (weights are normalised to sum 1). */
  readonly weight: number;
  /** Liquidation price / entry price of a long at this leverage (< 1). */
  readonly longRatio: number;
  /** Liquidation price / entry price of a short at this leverage (> 1). */
  readonly shortRatio: number;
}

export interface HeatmapCandles {
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  /** Open interest in USD at the candle's close. */
  readonly openInterest: Float64Array;
  /** Taker buy volume / total taker volume in [0, 1], per candle; NaN where unknown. */
  readonly takerBuyRatio?: Float64Array;
  /**
   * Realized liquidations (USD, long + short, on the open interest's venues) per candle; NaN where
   * unknown. When known they take their part of an open-interest fall first, in place of the
   * book's own estimate, and only the rest is treated as closes.
   */
  readonly realizedLiquidatedUsd?: Float64Array;
}

export interface HeatmapOptions {
  readonly leverages: readonly LeverageBucket[];
  /** Price bucket size in quote units (e.g. 100 USD). */
  readonly bucketSize: number;
  /** Long share of new OI from candle direction when no taker ratio: 0.5 ± bias (default 0.2). */
  readonly directionBias?: number;
  /** Multiplier applied to every live level each candle (default 1: no decay). */
  readonly decayPerCandle?: number;
  /** Entry price of new positions (default 'close'). */
  readonly entry?: 'close' | 'typical';
  /** Place the first candle's whole open interest at its close (default true). */
  readonly seedInitialOpenInterest?: boolean;
  /** Record a price × time snapshot every N candles (0 = none, default 0). */
  readonly snapshotEvery?: number;
}

export interface LiquidationMap {
  /** Lower edge of bucket 0; bucket b covers [priceOrigin + b·bucketSize, + bucketSize). */
  readonly priceOrigin: number;
  readonly bucketSize: number;
  readonly buckets: number;
  readonly leverages: readonly number[];
  /** Estimated live long notional (USD), [bucket · leverages.length + k]. */
  readonly long: Float64Array;
  /** Estimated live short notional (USD), same layout. */
  readonly short: Float64Array;
}

export interface HeatmapResult {
  /** Estimated long notional liquidated per candle (USD). */
  readonly estimatedLongLiquidatedUsd: Float64Array;
  readonly estimatedShortLiquidatedUsd: Float64Array;
  /** The final estimated liquidation map. */
  readonly map: LiquidationMap;
  /**
   * Snapshot candle indices (0, N, 2N, …; state after that candle) and their grid:
   * [snapshot · buckets + b] = live long + short notional (USD) in bucket b.
   */
  readonly snapshotIndex: Int32Array;
  readonly grid: Float64Array;
}

const RESCALE_BELOW = 1e-150;

interface State {
  readonly nLev: number;
  readonly long: Float64Array;
  readonly short: Float64Array;
  scale: number;
  /** Highest bucket that may hold long levels; lowest that may hold short levels. */
  longTop: number;
  shortBottom: number;
  /** Sum of stored (unscaled) values. */
  liveStored: number;
}

function priceSpan(c: HeatmapCandles, levs: readonly LeverageBucket[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (let i = 0; i < c.low.length; i++) {
    if (c.low[i]! < lo) lo = c.low[i]!;
    if (c.high[i]! > hi) hi = c.high[i]!;
  }
  let minRatio = 1;
  let maxRatio = 1;
  for (const l of levs) {
    minRatio = Math.min(minRatio, l.longRatio);
    maxRatio = Math.max(maxRatio, l.shortRatio);
  }
  return [lo * minRatio, hi * maxRatio];
}

/** Liquidates long levels at or above `price` (fraction of the boundary bucket). */
function consumeLongs(s: State, pos: number, out: { v: number }): void {
  const b0 = Math.floor(pos);
  if (b0 > s.longTop) return;
  let sum = 0;
  const n = s.nLev;
  const start = Math.max(b0, 0);
  for (let b = s.longTop; b >= start; b--) {
    const frac = b === b0 ? 1 - (pos - b0) : 1;
    for (let k = 0; k < n; k++) {
      const v = s.long[b * n + k]! * frac;
      sum += v;
      s.long[b * n + k] = s.long[b * n + k]! - v;
    }
  }
  s.longTop = b0;
  s.liveStored -= sum;
  out.v += sum * s.scale;
}

/** Liquidates short levels at or below `price` (fraction of the boundary bucket). */
function consumeShorts(s: State, pos: number, buckets: number, out: { v: number }): void {
  const b0 = Math.floor(pos);
  if (b0 < s.shortBottom) return;
  let sum = 0;
  const n = s.nLev;
  const end = Math.min(b0, buckets - 1);
  for (let b = s.shortBottom; b <= end; b++) {
    const frac = b === b0 ? pos - b0 : 1;
    for (let k = 0; k < n; k++) {
      const v = s.short[b * n + k]! * frac;
      sum += v;
      s.short[b * n + k] = s.short[b * n + k]! - v;
    }
  }
  s.shortBottom = b0;
  s.liveStored -= sum;
  out.v += sum * s.scale;
}

function rescale(s: State): void {
  for (let i = 0; i < s.long.length; i++) {
    s.long[i] = s.long[i]! * s.scale;
    s.short[i] = s.short[i]! * s.scale;
  }
  s.liveStored *= s.scale;
  s.scale = 1;
}

function validate(c: HeatmapCandles, o: HeatmapOptions): void {
  const n = c.ts.length;
  for (const a of [c.open, c.high, c.low, c.close, c.openInterest]) {
    if (a.length !== n) throw new RangeError('heatmap: candle columns differ in length');
  }
  if (!(o.bucketSize > 0)) throw new RangeError('heatmap: bucketSize must be > 0');
  if (o.leverages.length === 0) throw new RangeError('heatmap: no leverage buckets');
  for (const l of o.leverages) {
    if (!(l.weight >= 0) || !(l.longRatio > 0 && l.longRatio < 1) || !(l.shortRatio > 1)) {
      throw new RangeError(`heatmap: invalid leverage bucket ${l.leverage}`);
    }
  }
}

/** Runs the OI-delta estimator over the candles. All outputs are estimates. */
export function liquidationHeatmap(c: HeatmapCandles, o: HeatmapOptions): HeatmapResult {
  validate(c, o);
  const n = c.ts.length;
  const levs = o.leverages;
  const nLev = levs.length;
  const totalW = levs.reduce((a, l) => a + l.weight, 0);
  const w = levs.map((l) => (totalW > 0 ? l.weight / totalW : 1 / nLev));
  const bias = o.directionBias ?? 0.2;
  const decay = o.decayPerCandle ?? 1;
  const typical = o.entry === 'typical';
  const every = o.snapshotEvery ?? 0;
  const [lo, hi] = n > 0 ? priceSpan(c, levs) : [0, 0];
  const bs = o.bucketSize;
  const origin = Math.floor(lo / bs) * bs;
  const buckets = Math.max(1, Math.ceil((hi - origin) / bs) + 1);
  const s: State = {
    nLev,
    long: new Float64Array(buckets * nLev),
    short: new Float64Array(buckets * nLev),
    scale: 1,
    longTop: -1,
    shortBottom: buckets,
    liveStored: 0,
  };
  const estLong = new Float64Array(n);
  const estShort = new Float64Array(n);
  const snaps = every > 0 ? Math.ceil(n / every) : 0;
  const snapshotIndex = new Int32Array(snaps);
  const grid = new Float64Array(snaps * buckets);
  const acc = { v: 0 };
  for (let i = 0; i < n; i++) {
    const open = c.open[i]!;
    const close = c.close[i]!;
    const longShare = sideShare(c.takerBuyRatio?.[i] ?? Number.NaN, open, close, bias);
    const entry = typical ? (c.high[i]! + c.low[i]! + close) / 3 : close;
    if (i === 0) {
      if (o.seedInitialOpenInterest ?? true)
        placeNew(s, levs, w, origin, bs, entry, c.openInterest[0]!, 0.5);
      if (every > 0) writeSnapshot(s, grid, 0, buckets);
      continue;
    }
    acc.v = 0;
    consumeLongs(s, (c.low[i]! - origin) / bs, acc);
    estLong[i] = acc.v;
    acc.v = 0;
    consumeShorts(s, (c.high[i]! - origin) / bs, buckets, acc);
    estShort[i] = acc.v;
    const dOi = c.openInterest[i]! - c.openInterest[i - 1]!;
    if (dOi > 0) placeNew(s, levs, w, origin, bs, entry, dOi, longShare);
    else if (dOi < 0) {
      const realized = c.realizedLiquidatedUsd?.[i] ?? Number.NaN;
      removeClosed(s, -dOi - (realized >= 0 ? realized : estLong[i]! + estShort[i]!));
    }
    s.scale *= decay;
    if (s.scale < RESCALE_BELOW) rescale(s);
    if (every > 0 && i % every === 0) {
      writeSnapshot(s, grid, (i / every) | 0, buckets);
      snapshotIndex[(i / every) | 0] = i;
    }
  }
  rescale(s);
  return {
    estimatedLongLiquidatedUsd: estLong,
    estimatedShortLiquidatedUsd: estShort,
    map: {
      priceOrigin: origin,
      bucketSize: bs,
      buckets,
      leverages: levs.map((l) => l.leverage),
      long: s.long,
      short: s.short,
    },
    snapshotIndex,
    grid,
  };
}

/** Long share of new open interest: the taker-buy ratio when known, else candle direction. */
function sideShare(ratio: number, open: number, close: number, bias: number): number {
  if (ratio >= 0 && ratio <= 1) return ratio;
  return close > open ? 0.5 + bias : close < open ? 0.5 - bias : 0.5;
}

/** Removes `amount` USD proportionally from every live level. */
function removeClosed(s: State, amount: number): void {
  const live = s.liveStored * s.scale;
  if (live > 0 && amount > 0) s.scale *= Math.max(0, 1 - amount / live);
}

function placeNew(
  s: State,
  levs: readonly LeverageBucket[],
  w: readonly number[],
  origin: number,
  bs: number,
  entry: number,
  notional: number,
  longShare: number,
): void {
  const nLev = s.nLev;
  const stored = notional / s.scale;
  for (let k = 0; k < nLev; k++) {
    const lev = levs[k]!;
    const bl = Math.floor((entry * lev.longRatio - origin) / bs);
    const bsh = Math.floor((entry * lev.shortRatio - origin) / bs);
    const vl = stored * w[k]! * longShare;
    const vs = stored * w[k]! * (1 - longShare);
    s.long[bl * nLev + k] = s.long[bl * nLev + k]! + vl;
    s.short[bsh * nLev + k] = s.short[bsh * nLev + k]! + vs;
    if (bl > s.longTop) s.longTop = bl;
    if (bsh < s.shortBottom) s.shortBottom = bsh;
    s.liveStored += vl + vs;
  }
}

function writeSnapshot(s: State, grid: Float64Array, snap: number, buckets: number): void {
  const n = s.nLev;
  const base = snap * buckets;
  for (let b = 0; b < buckets; b++) {
    let v = 0;
    for (let k = 0; k < n; k++) v += s.long[b * n + k]! + s.short[b * n + k]!;
    grid[base + b] = v * s.scale;
  }
}

/** Cumulative map: long notional liquidated if price falls to each bucket, short if it rises. */
export function cumulativeLiquidationMap(map: LiquidationMap): {
  readonly price: Float64Array;
  readonly longByBucket: Float64Array;
  readonly shortByBucket: Float64Array;
  readonly cumulativeLongBelow: Float64Array;
  readonly cumulativeShortAbove: Float64Array;
} {
  const nb = map.buckets;
  const n = map.leverages.length;
  const price = new Float64Array(nb);
  const longB = new Float64Array(nb);
  const shortB = new Float64Array(nb);
  for (let b = 0; b < nb; b++) {
    price[b] = map.priceOrigin + b * map.bucketSize;
    for (let k = 0; k < n; k++) {
      longB[b] = longB[b]! + map.long[b * n + k]!;
      shortB[b] = shortB[b]! + map.short[b * n + k]!;
    }
  }
  const cumLong = new Float64Array(nb);
  const cumShort = new Float64Array(nb);
  let run = 0;
  for (let b = nb - 1; b >= 0; b--) {
    run += longB[b]!;
    cumLong[b] = run;
  }
  run = 0;
  for (let b = 0; b < nb; b++) {
    run += shortB[b]!;
    cumShort[b] = run;
  }
  return {
    price,
    longByBucket: longB,
    shortByBucket: shortB,
    cumulativeLongBelow: cumLong,
    cumulativeShortAbove: cumShort,
  };
}
