/** Derivative-free minimisation (Nelder–Mead with the standard coefficients). */

export interface NelderMeadResult {
  readonly x: readonly number[];
  readonly value: number;
  readonly evaluations: number;
}

export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: {
    readonly step?: number;
    readonly maxEvaluations?: number;
    readonly tolerance?: number;
  } = {},
): NelderMeadResult {
  const dim = start.length;
  const step = options.step ?? 0.5;
  const maxEvaluations = options.maxEvaluations ?? 200 * dim;
  const tolerance = options.tolerance ?? 1e-6;
  let evaluations = 0;
  const value = (x: readonly number[]): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + step : v)))].map(
    (x) => ({ x, v: value(x) }),
  );
  const along = (a: readonly number[], b: readonly number[], t: number): number[] =>
    a.map((ai, i) => ai + t * (b[i]! - ai));
  while (evaluations < maxEvaluations) {
    simplex.sort((p, q) => p.v - q.v);
    const best = simplex[0]!;
    const worst = simplex[dim]!;
    if (Math.abs(worst.v - best.v) <= tolerance * (Math.abs(best.v) + tolerance)) break;
    const centroid = start.map(
      (_, j) => simplex.slice(0, dim).reduce((s, p) => s + p.x[j]!, 0) / dim,
    );
    const reflected = along(centroid, worst.x, -1);
    const rv = value(reflected);
    if (rv < best.v) {
      const expanded = along(centroid, worst.x, -2);
      const ev = value(expanded);
      simplex[dim] = ev < rv ? { x: expanded, v: ev } : { x: reflected, v: rv };
    } else if (rv < simplex[dim - 1]!.v) {
      simplex[dim] = { x: reflected, v: rv };
    } else {
      const contracted =
        rv < worst.v ? along(centroid, reflected, 0.5) : along(centroid, worst.x, 0.5);
      const cv = value(contracted);
      if (cv < Math.min(rv, worst.v)) simplex[dim] = { x: contracted, v: cv };
      else
        simplex = simplex
          .map((p, i) => (i === 0 ? p : { x: along(best.x, p.x, 0.5), v: 0 }))
          .map((p, i) => (i === 0 ? p : { x: p.x, v: value(p.x) }));
    }
  }
  simplex.sort((p, q) => p.v - q.v);
  return { x: simplex[0]!.x, value: simplex[0]!.v, evaluations };
}
