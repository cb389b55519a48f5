/**
 * Support / resistance levels and their breaches.
 *
 * Candidates: swing pivots (fractal lows/highs), volume-profile high-volume nodes, and round
 * "psychological" numbers. Candidates within a relative tolerance are merged into one level whose
 * strength in [0, 1] is 0.4 · pivot score + 0.4 · volume score + 0.2 · round-number score.
 * Breaches of a support (resistance mirrored) are confirmed step by step: depth through (a low
 * below the zone), close through (a close below the zone), retest (a later high back into the
 * zone that closes below it again) or reclaim (a close back above the zone).
 */

export interface Bars {
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export interface LevelOptions {
  /** Bars each side of a swing pivot (default 6); the last bars need only `minRight` (default 2). */
  readonly pivotWidth?: number;
  readonly minRight?: number;
  /** Relative half-width of a level's zone and of merging (default 0.0015 = 0.15%). */
  readonly zone?: number;
  /** Volume-profile bucket, relative to the last close (default 0.002). */
  readonly profileBucket?: number;
  /** Only levels within this relative distance of the last close (default 0.15). */
  readonly range?: number;
  /** Round-number step in price units (default 1000; multiples of 5·step and 10·step score more). */
  readonly roundStep?: number;
}

export interface Level {
  readonly price: number;
  readonly kind: 'support' | 'resistance';
  readonly strength: number;
  readonly pivotTouches: number;
  /** Volume-profile share of the level's bucket relative to the largest node (0 if no HVN). */
  readonly volumeScore: number;
  readonly round: number | null;
  readonly sources: readonly ('pivot' | 'hvn' | 'round')[];
}

interface Candidate {
  price: number;
  pivot: number;
  volume: number;
  round: number | null;
  roundScore: number;
}

function pivots(b: Bars, k: number, minRight: number): number[] {
  const out: number[] = [];
  const n = b.ts.length;
  for (let i = k; i < n - minRight; i++) {
    const right = Math.min(k, n - 1 - i);
    let isLow = true;
    let isHigh = true;
    for (let j = i - k; j <= i + right; j++) {
      if (j === i) continue;
      // Strict on the left, so a flat run yields one pivot (its first bar) instead of many.
      const lj = b.low[j] ?? 0;
      const hj = b.high[j] ?? 0;
      if (j < i ? lj <= (b.low[i] ?? 0) : lj < (b.low[i] ?? 0)) isLow = false;
      if (j < i ? hj >= (b.high[i] ?? 0) : hj > (b.high[i] ?? 0)) isHigh = false;
    }
    if (isLow) out.push(b.low[i] ?? 0);
    if (isHigh) out.push(b.high[i] ?? 0);
  }
  return out;
}

/** Volume by price: each bar's volume spread uniformly over [low, high]. */
export function volumeProfile(
  b: Bars,
  bucket: number,
): { origin: number; bucket: number; volume: Float64Array } {
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (let i = 0; i < b.ts.length; i++) {
    lo = Math.min(lo, b.low[i] ?? lo);
    hi = Math.max(hi, b.high[i] ?? hi);
  }
  const origin = Math.floor(lo / bucket) * bucket;
  const volume = new Float64Array(Math.max(1, Math.ceil((hi - origin) / bucket) + 1));
  for (let i = 0; i < b.ts.length; i++) {
    const l = ((b.low[i] ?? 0) - origin) / bucket;
    const h = ((b.high[i] ?? 0) - origin) / bucket;
    const v = b.volume[i] ?? 0;
    const span = h - l;
    for (let k = Math.floor(l); k <= Math.floor(h) && k < volume.length; k++) {
      const share = span > 0 ? (Math.min(h, k + 1) - Math.max(l, k)) / span : 1;
      volume[k] = (volume[k] ?? 0) + v * share;
    }
  }
  return { origin, bucket, volume };
}

function highVolumeNodes(b: Bars, bucket: number): { price: number; score: number }[] {
  const p = volumeProfile(b, bucket);
  const v = p.volume;
  const max = v.reduce((a, x) => Math.max(a, x), 0);
  const sorted = Float64Array.from(v).sort();
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const out: { price: number; score: number }[] = [];
  for (let k = 1; k < v.length - 1; k++) {
    const x = v[k] ?? 0;
    if (x >= (v[k - 1] ?? 0) && x >= (v[k + 1] ?? 0) && x > 1.3 * median && max > 0) {
      out.push({ price: p.origin + (k + 0.5) * bucket, score: x / max });
    }
  }
  return out;
}

function roundScore(price: number, step: number): number {
  if (price % (10 * step) === 0) return 1;
  if (price % (5 * step) === 0) return 0.7;
  return 0.4;
}

/** Levels around the last close of `b` (the bars before the day being examined). */
export function detectLevels(b: Bars, o: LevelOptions = {}): Level[] {
  const n = b.ts.length;
  const last = b.close[n - 1] ?? Number.NaN;
  if (n < 3 || !Number.isFinite(last)) return [];
  const zone = o.zone ?? 0.0015;
  const range = o.range ?? 0.15;
  const step = o.roundStep ?? 1000;
  const cands: Candidate[] = [];
  for (const price of pivots(b, o.pivotWidth ?? 6, o.minRight ?? 2)) {
    cands.push({ price, pivot: 1, volume: 0, round: null, roundScore: 0 });
  }
  for (const node of highVolumeNodes(b, last * (o.profileBucket ?? 0.002))) {
    cands.push({ price: node.price, pivot: 0, volume: node.score, round: null, roundScore: 0 });
  }
  for (let r = Math.ceil((last * (1 - range)) / step) * step; r <= last * (1 + range); r += step) {
    cands.push({ price: r, pivot: 0, volume: 0, round: r, roundScore: roundScore(r, step) });
  }
  const near = cands.filter((c) => Math.abs(c.price / last - 1) <= range);
  near.sort((x, y) => x.price - y.price);
  const merged: Candidate[] = [];
  for (const c of near) {
    const prev = merged[merged.length - 1];
    if (prev && c.price <= prev.price * (1 + 2 * zone)) {
      const w = prev.pivot + prev.volume + prev.roundScore;
      const wc = c.pivot + c.volume + c.roundScore;
      // A round number anchors the level; otherwise the weighted mean of the members.
      prev.price =
        prev.round ?? c.round ?? (prev.price * w + c.price * wc) / Math.max(w + wc, 1e-12);
      prev.pivot += c.pivot;
      prev.volume = Math.max(prev.volume, c.volume);
      if (c.round !== null && prev.round === null) {
        prev.round = c.round;
        prev.roundScore = c.roundScore;
      }
    } else merged.push({ ...c });
  }
  const maxPivot = merged.reduce((a, c) => Math.max(a, c.pivot), 1);
  return merged.map((c) => {
    const sources: ('pivot' | 'hvn' | 'round')[] = [];
    if (c.pivot > 0) sources.push('pivot');
    if (c.volume > 0) sources.push('hvn');
    if (c.round !== null) sources.push('round');
    return {
      price: c.price,
      kind: c.price <= last ? 'support' : 'resistance',
      strength: 0.4 * (c.pivot / maxPivot) + 0.4 * c.volume + 0.2 * c.roundScore,
      pivotTouches: c.pivot,
      volumeScore: c.volume,
      round: c.round,
      sources,
    };
  });
}

export interface Breach {
  readonly level: number;
  readonly kind: 'support' | 'resistance';
  /** First bar whose low (high) went beyond the zone. */
  readonly depthThroughTs: number;
  /** First bar that closed beyond the zone, and its close; null if none. */
  readonly closeThroughTs: number | null;
  readonly closeThroughPrice: number | null;
  /** After the close through: a bar back into the zone that closed beyond it again. */
  readonly retestTs: number | null;
  readonly retestHigh: number | null;
  /** After the close through: two consecutive closes back on the level's side of the zone. */
  readonly reclaimTs: number | null;
  /** Furthest price beyond the level in the bars examined, and its relative distance. */
  readonly extremePrice: number;
  readonly extremeDistance: number;
  readonly status: 'wick' | 'closed-through' | 'confirmed-by-retest' | 'reclaimed';
}

/** Breaches of `level` in the bars `b` (the day examined, optionally with later bars). */
export function detectBreach(
  b: Bars,
  level: number,
  kind: 'support' | 'resistance',
  zone = 0.0015,
): Breach | null {
  const s = kind === 'support' ? 1 : -1;
  // Work on signed prices so that "below" means "beyond" for both kinds.
  const edge = s * level * (1 - s * zone);
  const back = s * level * (1 + s * zone);
  const beyondLow = (i: number) => (s === 1 ? (b.low[i] ?? 0) : -(b.high[i] ?? 0));
  const towardHigh = (i: number) => (s === 1 ? (b.high[i] ?? 0) : -(b.low[i] ?? 0));
  const close = (i: number) => s * (b.close[i] ?? 0);
  const n = b.ts.length;
  let depth = -1;
  for (let i = 0; i < n && depth < 0; i++) if (beyondLow(i) < edge) depth = i;
  if (depth < 0) return null;
  let closeIdx = -1;
  for (let i = depth; i < n && closeIdx < 0; i++) if (close(i) < edge) closeIdx = i;
  let retest = -1;
  let reclaim = -1;
  for (let i = closeIdx + 1; closeIdx >= 0 && i < n && reclaim < 0; i++) {
    // Reclaim: two consecutive closes back beyond the zone on the level's side.
    if (close(i) > back && i + 1 < n && close(i + 1) > back) reclaim = i;
    else if (retest < 0 && towardHigh(i) >= edge && close(i) < back) retest = i;
  }
  let extreme = Number.POSITIVE_INFINITY;
  for (let i = depth; i < n; i++) extreme = Math.min(extreme, beyondLow(i));
  const extremePrice = s * extreme;
  const at = (i: number) => (i < 0 ? null : (b.ts[i] ?? null));
  return {
    level,
    kind,
    depthThroughTs: b.ts[depth] ?? 0,
    closeThroughTs: at(closeIdx),
    closeThroughPrice: closeIdx < 0 ? null : (b.close[closeIdx] ?? null),
    retestTs: at(retest),
    retestHigh: retest < 0 ? null : s === 1 ? (b.high[retest] ?? null) : (b.low[retest] ?? null),
    reclaimTs: at(reclaim),
    extremePrice,
    extremeDistance: extremePrice / level - 1,
    status:
      closeIdx < 0
        ? 'wick'
        : reclaim >= 0
          ? 'reclaimed'
          : retest >= 0
            ? 'confirmed-by-retest'
            : 'closed-through',
  };
}
