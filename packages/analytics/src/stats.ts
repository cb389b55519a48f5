/**
 * Return and rolling-window statistics on Float64Array. Windows end at (and include) index i;
 * an output is NaN until a full window of finite values is available.
 */

/** Simple returns r[i] = x[i]/x[i−1] − 1; r[0] = NaN. */
export function simpleReturns(close: Float64Array): Float64Array {
  const out = new Float64Array(close.length);
  out[0] = Number.NaN;
  for (let i = 1; i < close.length; i++) out[i] = close[i]! / close[i - 1]! - 1;
  return out;
}

/** Differences d[i] = x[i] − x[i−1] (e.g. yield changes); d[0] = NaN. */
export function differences(series: Float64Array): Float64Array {
  const out = new Float64Array(series.length);
  out[0] = Number.NaN;
  for (let i = 1; i < series.length; i++) out[i] = series[i]! - series[i - 1]!;
  return out;
}

/**
 * Rolling Pearson correlation and beta of y on x in one O(n) sliding pass. Pairs with a NaN on
 * either side are skipped; a window needs at least `minValid` finite pairs (default: all of
 * them, so a NaN makes the windows containing it NaN).
 */
export function rollingPearsonBeta(
  x: Float64Array,
  y: Float64Array,
  window: number,
  correlation: Float64Array = new Float64Array(x.length),
  beta: Float64Array = new Float64Array(x.length),
  minValid: number = window,
): { readonly correlation: Float64Array; readonly beta: Float64Array } {
  const n = Math.min(x.length, y.length);
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    if (xi === xi && yi === yi) {
      sx += xi;
      sy += yi;
      sxx += xi * xi;
      syy += yi * yi;
      sxy += xi * yi;
    } else bad++;
    if (i >= window) {
      const xo = x[i - window]!;
      const yo = y[i - window]!;
      if (xo === xo && yo === yo) {
        sx -= xo;
        sy -= yo;
        sxx -= xo * xo;
        syy -= yo * yo;
        sxy -= xo * yo;
      } else bad--;
    }
    const valid = Math.min(i + 1, window) - bad;
    if (i < window - 1 || valid < minValid || valid < 2) {
      correlation[i] = Number.NaN;
      beta[i] = Number.NaN;
      continue;
    }
    const covariance = sxy - (sx * sy) / valid;
    const varX = sxx - (sx * sx) / valid;
    const varY = syy - (sy * sy) / valid;
    correlation[i] = covariance / Math.sqrt(varX * varY);
    beta[i] = covariance / varX;
  }
  return { correlation, beta };
}

/** First index in sorted[0..length) whose value is >= v. */
function lowerBound(sorted: Float64Array, length: number, v: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in sorted[0..length) whose value is > v. */
function upperBound(sorted: Float64Array, length: number, v: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sortedInsert(sorted: Float64Array, length: number, v: number): void {
  const at = upperBound(sorted, length, v);
  sorted.copyWithin(at + 1, at, length);
  sorted[at] = v;
}

function sortedRemove(sorted: Float64Array, length: number, v: number): void {
  const at = lowerBound(sorted, length, v);
  sorted.copyWithin(at, at + 1, length);
}

/** Average ranks (1-based, ties share the mean rank) of x[start..start+w) against `sorted`. */
function ranksFromSorted(
  x: Float64Array,
  start: number,
  sorted: Float64Array,
  out: Float64Array,
): void {
  const w = out.length;
  for (let k = 0; k < w; k++) {
    const v = x[start + k]!;
    out[k] = (lowerBound(sorted, w, v) + upperBound(sorted, w, v) - 1) / 2 + 1;
  }
}

/** Pearson correlation of two equal-length arrays (NaN if either is constant). */
export function pearson(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * Rolling Spearman rank correlation (Pearson of within-window average ranks). Each window's
 * values are kept sorted incrementally (one removal and one insertion per step); ranks come
 * from binary searches. A NaN on either side restarts the window.
 */
export function rollingSpearman(x: Float64Array, y: Float64Array, window: number): Float64Array {
  const n = Math.min(x.length, y.length);
  const out = new Float64Array(n).fill(Number.NaN);
  const sx = new Float64Array(window);
  const sy = new Float64Array(window);
  const rx = new Float64Array(window);
  const ry = new Float64Array(window);
  let count = 0;
  for (let end = 0; end < n; end++) {
    const xi = x[end]!;
    const yi = y[end]!;
    if (xi !== xi || yi !== yi) {
      count = 0;
      continue;
    }
    if (count === window) {
      sortedRemove(sx, count, x[end - window]!);
      sortedRemove(sy, count, y[end - window]!);
      count--;
    }
    sortedInsert(sx, count, xi);
    sortedInsert(sy, count, yi);
    count++;
    if (count < window) continue;
    ranksFromSorted(x, end - window + 1, sx, rx);
    ranksFromSorted(y, end - window + 1, sy, ry);
    out[end] = pearson(rx, ry);
  }
  return out;
}

/**
 * z-score of x[i] against the mean and sample standard deviation of the `window` values before
 * it (x[i−window..i−1]), so the day being scored does not dilute its own baseline.
 */
export function trailingZScores(x: Float64Array, window: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n).fill(Number.NaN);
  for (let i = window; i < n; i++) {
    let sum = 0;
    let sumSq = 0;
    let count = 0;
    for (let k = i - window; k < i; k++) {
      const v = x[k]!;
      if (v !== v) continue;
      sum += v;
      sumSq += v * v;
      count++;
    }
    if (count < Math.max(2, Math.floor(window * 0.8))) continue;
    const mean = sum / count;
    const variance = (sumSq - count * mean * mean) / (count - 1);
    out[i] = (x[i]! - mean) / Math.sqrt(variance);
  }
  return out;
}

/**
 * All-pairs rolling Pearson correlation of `assets` (each a return series of equal length) for
 * each window: one sliding pass per pair. Result[w][pair][i], pairs in (0,1), (0,2) … order.
 */
export function rollingCorrelationMatrix(
  assets: readonly Float64Array[],
  windows: readonly number[],
): Float64Array[][] {
  const n = assets[0]?.length ?? 0;
  const scratch = new Float64Array(n);
  return windows.map((window) => {
    const pairs: Float64Array[] = [];
    for (let a = 0; a < assets.length; a++) {
      for (let b = a + 1; b < assets.length; b++) {
        const correlation = new Float64Array(n);
        rollingPearsonBeta(assets[a]!, assets[b]!, window, correlation, scratch);
        pairs.push(correlation);
      }
    }
    return pairs;
  });
}
