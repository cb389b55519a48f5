/** Altcoin contagion: up/down betas to BTC, the BTC-pair decomposition, breadth and rankings. */

export interface UpDownBeta {
  /** OLS beta of alt on BTC returns over all days, over days BTC rose, over days BTC fell. */
  readonly beta: number;
  readonly upBeta: number;
  readonly downBeta: number;
  readonly correlation: number;
  readonly days: number;
  readonly upDays: number;
  readonly downDays: number;
}

function olsBeta(x: Float64Array, y: Float64Array, keep: (xi: number) => boolean) {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] ?? Number.NaN;
    const yi = y[i] ?? Number.NaN;
    if (Number.isNaN(xi) || Number.isNaN(yi) || !keep(xi)) continue;
    n++;
    sx += xi;
    sy += yi;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] ?? Number.NaN;
    const yi = y[i] ?? Number.NaN;
    if (Number.isNaN(xi) || Number.isNaN(yi) || !keep(xi)) continue;
    sxy += (xi - mx) * (yi - my);
    sxx += (xi - mx) * (xi - mx);
    syy += (yi - my) * (yi - my);
  }
  return { beta: sxy / sxx, correlation: sxy / Math.sqrt(sxx * syy), n };
}

/**
 * Betas of an alt's daily returns to BTC's over aligned days; days with a NaN on either side
 * are skipped. Up/down betas are the OLS slopes on the BTC-up and BTC-down subsets (a
 * conditional regression, the usual "upside/downside beta").
 */
export function upDownBeta(btc: Float64Array, alt: Float64Array): UpDownBeta {
  const all = olsBeta(btc, alt, () => true);
  const up = olsBeta(btc, alt, (x) => x > 0);
  const down = olsBeta(btc, alt, (x) => x < 0);
  return {
    beta: all.beta,
    upBeta: up.beta,
    downBeta: down.beta,
    correlation: all.correlation,
    days: all.n,
    upDays: up.n,
    downDays: down.n,
  };
}

export interface PairDecomposition {
  /** USD return of the alt. */
  readonly usd: number;
  /** BTC's USD return. */
  readonly btc: number;
  /** The alt/BTC pair return: (1 + usd)/(1 + btc) − 1. */
  readonly pair: number;
  /** usd − btc − pair = pair·btc: the cross term of (1 + pair)(1 + btc) − 1. */
  readonly cross: number;
}

/** USD return = (1 + r_alt/BTC)(1 + r_BTC) − 1, solved for the pair leg. */
export function decomposeBtcPair(altUsdReturn: number, btcUsdReturn: number): PairDecomposition {
  const pair = (1 + altUsdReturn) / (1 + btcUsdReturn) - 1;
  return { usd: altUsdReturn, btc: btcUsdReturn, pair, cross: pair * btcUsdReturn };
}

export interface AltMove {
  readonly symbol: string;
  /** Close-to-close USD return on the day. */
  readonly usdReturn: number;
  /** Intraday drawdown: low / previous close − 1. */
  readonly drawdown: number;
}

export interface ContagionDay {
  readonly btcReturn: number;
  readonly btcDrawdown: number;
  /** Share of alts whose USD return was below BTC's (fell more than BTC). */
  readonly breadth: number;
  /** Share of alts with a negative USD return. */
  readonly shareDown: number;
  readonly medianAltReturn: number;
  readonly medianPairReturn: number;
  /** Alts ranked by drawdown, worst first, with their pair decomposition. */
  readonly ranking: readonly (AltMove & { readonly rank: number; readonly pairReturn: number })[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Contagion statistics of one day from BTC's and each alt's move. */
export function contagionDay(
  btc: { readonly usdReturn: number; readonly drawdown: number },
  alts: readonly AltMove[],
): ContagionDay {
  const pairs = alts.map((a) => decomposeBtcPair(a.usdReturn, btc.usdReturn).pair);
  const fellMore = alts.filter((a) => a.usdReturn < btc.usdReturn).length;
  const down = alts.filter((a) => a.usdReturn < 0).length;
  const ranking = alts
    .map((a, i) => ({ ...a, pairReturn: pairs[i] ?? Number.NaN }))
    .sort((a, b) => a.drawdown - b.drawdown)
    .map((a, i) => ({ ...a, rank: i + 1 }));
  return {
    btcReturn: btc.usdReturn,
    btcDrawdown: btc.drawdown,
    breadth: alts.length === 0 ? Number.NaN : fellMore / alts.length,
    shareDown: alts.length === 0 ? Number.NaN : down / alts.length,
    medianAltReturn: median(alts.map((a) => a.usdReturn)),
    medianPairReturn: median(pairs),
    ranking,
  };
}
