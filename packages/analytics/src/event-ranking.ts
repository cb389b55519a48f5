/**
 * Ranking a day against a catalog of past liquidation events: severity percentiles and the most
 * similar event (standardised distance over the metrics both days have).
 */

/** Metrics of one UTC day; null where the data does not exist (e.g. S&P on a weekend). */
export interface DayMetrics {
  readonly date: string;
  /** BTC daily low / open − 1 (≤ 0). */
  readonly btcDrawdown: number | null;
  /** BTC close / open − 1. */
  readonly btcReturn: number | null;
  /** Median of the alts' low / open − 1. */
  readonly altMedianDrawdown: number | null;
  /** Worst alt low / open − 1. */
  readonly altWorstDrawdown: number | null;
  /** S&P 500 close / previous close − 1; null when the day is not a trading day. */
  readonly spxReturn: number | null;
  /** Realized liquidations, USD, where known. */
  readonly liquidatedUsd: number | null;
}

export const RANKED_METRICS = [
  'btcDrawdown',
  'altMedianDrawdown',
  'altWorstDrawdown',
  'spxReturn',
  'liquidatedUsd',
] as const;
export type RankedMetric = (typeof RANKED_METRICS)[number];

/**
 * Severity percentile of `value` among `sample` (ignoring nulls): the share of the sample that is
 * no more severe. For drawdowns and returns lower is more severe; for liquidations higher is.
 */
export function severityPercentile(
  value: number | null,
  sample: readonly (number | null)[],
  higherIsWorse: boolean,
): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const xs = sample.filter((v): v is number => v !== null && Number.isFinite(v));
  if (xs.length === 0) return null;
  let below = 0;
  let ties = 0;
  for (const x of xs) {
    const milder = higherIsWorse ? x < value : x > value;
    if (milder) below++;
    else if (x === value) ties++;
  }
  return (below + ties / 2) / xs.length;
}

const SIMILARITY_FEATURES = [
  { key: 'btcDrawdown', log: false },
  { key: 'altMedianDrawdown', log: false },
  { key: 'spxReturn', log: false },
  { key: 'liquidatedUsd', log: true },
] as const;

function feature(m: DayMetrics, key: (typeof SIMILARITY_FEATURES)[number]['key'], log: boolean) {
  const v = m[key];
  if (v === null || !Number.isFinite(v)) return null;
  return log ? Math.log10(Math.max(v, 1)) : v;
}

export interface SimilarEvent {
  readonly date: string;
  /** Root-mean-square of standardised differences over the shared features. */
  readonly distance: number;
  readonly features: readonly string[];
}

/**
 * Catalog events ordered by similarity to `target`: RMS of differences scaled by each feature's
 * standard deviation across the catalog, over the features both days have (BTC drawdown must be
 * one of them).
 */
export function rankBySimilarity(
  target: DayMetrics,
  catalog: readonly DayMetrics[],
): SimilarEvent[] {
  const sd = new Map<string, number>();
  for (const { key, log } of SIMILARITY_FEATURES) {
    const xs = catalog.map((m) => feature(m, key, log)).filter((v): v is number => v !== null);
    const mean = xs.reduce((a, v) => a + v, 0) / Math.max(1, xs.length);
    const variance = xs.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(1, xs.length - 1);
    sd.set(key, Math.sqrt(variance) || 1);
  }
  const out: SimilarEvent[] = [];
  for (const event of catalog) {
    if (event.date === target.date) continue;
    let sum = 0;
    const used: string[] = [];
    for (const { key, log } of SIMILARITY_FEATURES) {
      const a = feature(target, key, log);
      const b = feature(event, key, log);
      if (a === null || b === null) continue;
      sum += ((a - b) / (sd.get(key) ?? 1)) ** 2;
      used.push(key);
    }
    if (!used.includes('btcDrawdown')) continue;
    out.push({ date: event.date, distance: Math.sqrt(sum / used.length), features: used });
  }
  return out.sort((x, y) => x.distance - y.distance);
}
