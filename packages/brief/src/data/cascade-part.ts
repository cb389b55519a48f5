/** The cascade simulator on the day's calibrated scenario: Monte Carlo quantiles and the book. */
import { summarizeQuantiles } from '@cascade/core';
import { loadScenario, monteCarloSpecOf, repoRoot, runScenarioMonteCarlo } from '@cascade/services';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { CascadeInput, EstimatedLiquidations, LiquidationCluster } from '../inputs.js';
import { ResultMemo } from './memo-source.js';

/** Scenarios per brief: enough for stable medians, fast enough for the 2 s budget. */
export const BRIEF_SCENARIOS = 200;
const BAND = 0.1;
const CLUSTER_BUCKET_USD = 500;

/** examples/scenarios/DATE.json, else the first DATE-*.json (e.g. 2025-10-10-binance.json). */
export function scenarioFileFor(date: string): string | undefined {
  const dir = join(repoRoot(), 'examples', 'scenarios');
  if (!existsSync(dir)) return undefined;
  const names = readdirSync(dir).sort();
  const name = names.find((n) => n === `${date}.json`) ?? names.find((n) => n.startsWith(`${date}-`) && n.endsWith('.json'));
  return name === undefined ? undefined : join(dir, name);
}

function clustersOf(
  prices: Float64Array,
  sizes: Float64Array,
  count: number,
  side: 'long' | 'short',
  inBand: (p: number) => boolean,
): { clusters: LiquidationCluster[]; totalUsd: number } {
  const buckets = new Map<number, number>();
  let totalUsd = 0;
  for (let i = 0; i < count; i += 1) {
    const p = prices[i] ?? Number.NaN;
    if (!inBand(p)) continue;
    const usd = (sizes[i] ?? 0) * p;
    totalUsd += usd;
    const key = Math.round(p / CLUSTER_BUCKET_USD) * CLUSTER_BUCKET_USD;
    buckets.set(key, (buckets.get(key) ?? 0) + usd);
  }
  const clusters = [...buckets].map(([priceUsd, notionalUsd]) => ({ priceUsd, notionalUsd, side }));
  return { clusters, totalUsd };
}

export interface CascadeParts {
  readonly cascade: CascadeInput;
  readonly estimated: EstimatedLiquidations;
}

const SIMULATIONS = new ResultMemo<CascadeParts>(8);

const usd = z.number();
const cachedSchema = z.object({
  cascade: z.object({
    scenario: z.string(),
    scenarios: z.number().int().positive(),
    shockUsd: usd.optional(),
    liquidatedP50Usd: usd,
    liquidatedP95Usd: usd,
    lowP50Usd: usd,
    lowP05Usd: usd,
    startPriceUsd: usd,
    source: z.string(),
  }),
  estimated: z.object({
    clusters: z.array(z.object({ priceUsd: usd, notionalUsd: usd, side: z.enum(['long', 'short']) })),
    longBelowUsd: usd,
    shortAboveUsd: usd,
    bandFraction: z.number(),
    source: z.string(),
  }),
});
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Bump when the cached result's meaning changes. */
const CACHE_VERSION = 1;

/**
 * The day's simulation, computed once per scenario content, run count and close: from this
 * process's memo, else from `cacheDir` (JSON written by an earlier run), else simulated.
 * Seeded runs are deterministic, so a cached result is the result.
 */
export async function loadCascade(
  date: string,
  closeUsd: number,
  runs = BRIEF_SCENARIOS,
  cacheDir?: string,
): Promise<CascadeParts | undefined> {
  const file = scenarioFileFor(date);
  if (file === undefined) return undefined;
  const hash = createHash('sha256')
    .update(`${CACHE_VERSION}|${runs}|${closeUsd}|`)
    .update(readFileSync(file))
    .digest('hex')
    .slice(0, 16);
  return SIMULATIONS.get(hash, async () => {
    const cached = cacheDir === undefined ? undefined : join(cacheDir, `brief-cascade-${date}-${hash}.json`);
    if (cached !== undefined && existsSync(cached)) {
      // A cache file that does not parse is ignored and rewritten.
      const parsed = cachedSchema.safeParse(parseJson(await readFile(cached, 'utf8')));
      if (parsed.success) {
        const { cascade, estimated } = parsed.data;
        return { cascade: { ...cascade, shockUsd: cascade.shockUsd }, estimated };
      }
    }
    const parts = await simulate(file, closeUsd, runs);
    if (cached !== undefined && cacheDir !== undefined) {
      await mkdir(cacheDir, { recursive: true });
      await writeFile(cached, JSON.stringify(parts));
    }
    return parts;
  });
}

async function simulate(file: string, closeUsd: number, runs: number): Promise<CascadeParts> {
  const loaded = loadScenario(file);
  const spec = monteCarloSpecOf(loaded, runs);
  const { out } = await runScenarioMonteCarlo(loaded, spec, [], undefined);
  const start = loaded.scenario.startPriceUsd;
  const liq = summarizeQuantiles(out.liquidatedUsd);
  const drawdowns = Float64Array.from(out.drawdownPct).sort();
  const q = (p: number) => drawdowns[Math.min(drawdowns.length - 1, Math.floor(p * drawdowns.length))] ?? 0;
  const shock = summarizeQuantiles(out.shockUsd);
  const { longs, shorts } = loaded.positions;
  const below = clustersOf(longs.liquidationPrice, longs.size, longs.count, 'long', (p) => p < closeUsd && p >= closeUsd * (1 - BAND));
  const above = clustersOf(shorts.liquidationPrice, shorts.size, shorts.count, 'short', (p) => p > closeUsd && p <= closeUsd * (1 + BAND));
  const source = `simulator: examples/scenarios/${basename(file)}`;
  return {
    cascade: {
      scenario: basename(file, '.json'),
      scenarios: runs,
      shockUsd: shock.p50,
      liquidatedP50Usd: liq.p50,
      liquidatedP95Usd: liq.p95,
      lowP50Usd: start * (1 - q(0.5) / 100),
      lowP05Usd: start * (1 - q(0.95) / 100),
      startPriceUsd: start,
      source: `cascade Monte Carlo (${source}, seed ${loaded.scenario.seed})`,
    },
    estimated: {
      clusters: [...below.clusters, ...above.clusters].sort((a, b) => b.notionalUsd - a.notionalUsd).slice(0, 6),
      longBelowUsd: below.totalUsd,
      shortAboveUsd: above.totalUsd,
      bandFraction: BAND,
      source: `${source}: liquidation prices of the calibrated position book (estimate)`,
    },
  };
}
