/**
 * Seeded pseudo-random numbers (mulberry32). Core never reads Math.random: callers pass a seed
 * and get the same stream on every machine.
 */
export type Rng = () => number;

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw (Box–Muller). */
export function normal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Draw from a distribution described as data (used for Monte Carlo scenario parameters). */
export type Distribution =
  | { readonly kind: 'fixed'; readonly value: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'lognormal'; readonly median: number; readonly sigma: number }
  | { readonly kind: 'choice'; readonly values: readonly number[] };

export function draw(rng: Rng, d: Distribution): number {
  switch (d.kind) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return d.min + (d.max - d.min) * rng();
    case 'lognormal':
      return d.median * Math.exp(d.sigma * normal(rng));
    case 'choice':
      return (
        d.values[Math.min(d.values.length - 1, Math.floor(rng() * d.values.length))] ?? Number.NaN
      );
  }
}
