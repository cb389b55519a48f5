/**
 * Small dense least squares and a two-parameter Poisson calibration, enough for the liquidation
 * forecast: a dozen columns, a few thousand rows. Row-major design matrices in one Float64Array.
 */

/** Solves the symmetric positive-definite system `a · x = b` (a: k×k row-major) by Cholesky. */
export function choleskySolve(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j]!;
      for (let m = 0; m < j; m++) s -= l[i * k + m]! * l[j * k + m]!;
      if (i === j) {
        if (!(s > 0)) throw new RangeError('least squares: the design matrix is singular');
        l[i * k + i] = Math.sqrt(s);
      } else l[i * k + j] = s / l[j * k + j]!;
    }
  }
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i]!;
    for (let m = 0; m < i; m++) s -= l[i * k + m]! * y[m]!;
    y[i] = s / l[i * k + i]!;
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let m = i + 1; m < k; m++) s -= l[m * k + i]! * x[m]!;
    x[i] = s / l[i * k + i]!;
  }
  return x;
}

/**
 * Ordinary least squares of `y` on the k columns of `x` (rows where `use[i]` is 1), with a tiny
 * ridge (1e-9 · trace / k) that only matters for an exactly collinear column.
 */
export function leastSquares(
  x: Float64Array,
  y: Float64Array,
  k: number,
  use: Uint8Array,
): Float64Array {
  const xtx = new Float64Array(k * k);
  const xty = new Float64Array(k);
  for (let i = 0; i < y.length; i++) {
    if (use[i] !== 1) continue;
    const row = i * k;
    const yi = y[i]!;
    for (let p = 0; p < k; p++) {
      const xp = x[row + p]!;
      xty[p] = xty[p]! + xp * yi;
      for (let q = 0; q <= p; q++) xtx[p * k + q] = xtx[p * k + q]! + xp * x[row + q]!;
    }
  }
  let trace = 0;
  for (let p = 0; p < k; p++) {
    for (let q = 0; q < p; q++) xtx[q * k + p] = xtx[p * k + q]!;
    trace += xtx[p * k + p]!;
  }
  for (let p = 0; p < k; p++) xtx[p * k + p] = xtx[p * k + p]! + (1e-9 * trace) / k;
  return choleskySolve(xtx, xty, k);
}

/** `x · beta` for every row. */
export function linearPredict(x: Float64Array, beta: Float64Array, k: number): Float64Array {
  const n = x.length / k;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += x[i * k + p]! * beta[p]!;
    out[i] = s;
  }
  return out;
}

export interface PoissonCalibration {
  readonly intercept: number;
  readonly slope: number;
}

/**
 * Fits E[y | s] = exp(intercept + slope · s) by Poisson pseudo-maximum likelihood (IRLS) on the
 * rows where `use[i]` is 1. With an intercept its fitted values add up to Σy on those rows, which
 * is what makes summed forecasts land on realized totals; a slope below 1 shrinks the extremes a
 * log-scale regression over-predicts.
 */
export function fitPoissonCalibration(
  s: Float64Array,
  y: Float64Array,
  use: Uint8Array,
): PoissonCalibration {
  let n = 0;
  let ms = 0;
  let my = 0;
  for (let i = 0; i < s.length; i++) {
    if (use[i] !== 1) continue;
    n++;
    ms += s[i]!;
    my += y[i]!;
  }
  ms /= n;
  my /= n;
  if (!(my > 0)) throw new RangeError('calibration: the target is zero on every training row');
  let b0 = 0;
  let b1 = 0;
  for (let iter = 0; iter < 100; iter++) {
    let a00 = 0;
    let a01 = 0;
    let a11 = 0;
    let g0 = 0;
    let g1 = 0;
    for (let i = 0; i < s.length; i++) {
      if (use[i] !== 1) continue;
      const c = s[i]! - ms;
      const mu = Math.exp(b0 + b1 * c);
      const r = y[i]! / my - mu;
      a00 += mu;
      a01 += mu * c;
      a11 += mu * c * c;
      g0 += r;
      g1 += r * c;
    }
    const det = a00 * a11 - a01 * a01;
    const d0 = (a11 * g0 - a01 * g1) / det;
    const d1 = (a00 * g1 - a01 * g0) / det;
    b0 += d0;
    b1 += d1;
    if (Math.abs(d0) + Math.abs(d1) < 1e-12) break;
  }
  return { intercept: b0 + Math.log(my) - b1 * ms, slope: b1 };
}
