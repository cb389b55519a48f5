/**
 * Gathers the brief's inputs from the store (or the embedded files) through the services
 * reports. Each part is loaded on its own; a part that fails or has no data is recorded in
 * `missing` and its section is left out.
 */
import type { MarketStore } from '@cascade/adapters';
import type { MacroSource } from '@cascade/services';
import type { BriefInputs } from '../inputs.js';
import { loadCascade } from './cascade-part.js';
import { loadHeatmapEstimate } from './heatmap-part.js';
import { loadCatalog } from './catalog.js';
import { loadContagion, loadDivergence, loadFedWatch, loadHistory, loadMacro } from './macro-parts.js';
import { loadLevel, loadPrice, loadRealized } from './market-parts.js';
import { loadRisk } from './risk-part.js';

export interface GatherOptions {
  readonly date: string;
  readonly symbol: string;
  readonly source: MacroSource;
  /** The market store, for the hourly liquidation buckets (optional). */
  readonly store?: MarketStore | undefined;
  /** Monte Carlo scenarios (default 200); 0 skips the simulator. */
  readonly scenarios?: number;
  /** Where simulation results are cached between runs (optional). */
  readonly cacheDir?: string | undefined;
}

async function attempt<T>(what: string, missing: string[], problems: string[], load: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    const value = await load();
    if (value === undefined) missing.push(what);
    return value;
  } catch (error) {
    missing.push(what);
    problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** The inputs, and the errors behind any part that failed (for logs, not for the text). */
export async function gatherInputs(o: GatherOptions): Promise<{ inputs: BriefInputs; problems: string[] }> {
  const missing: string[] = [];
  const problems: string[] = [];
  const { date, source } = o;
  const catalog = await loadCatalog();
  const price = await attempt('BTC price bars', missing, problems, () => loadPrice(source, date));
  const level = await attempt('a level broken that day', missing, problems, () => loadLevel(date, price?.close));
  const realized = await attempt('realized liquidations', missing, problems, () => loadRealized(o.store, catalog, date));
  const runs = o.scenarios ?? 200;
  const sim =
    price === undefined || runs === 0
      ? undefined
      : await attempt('a calibrated cascade scenario', missing, problems, () => loadCascade(date, price.close, runs, o.cacheDir));
  const estimated =
    sim?.estimated ??
    (price === undefined ? undefined : await loadHeatmapEstimate(o.store, date, price.close).catch(() => undefined));
  const macro = await attempt('equity and rates data', missing, problems, () => loadMacro(source, date));
  const fedwatch = await attempt('FedWatch probabilities', missing, problems, () => loadFedWatch(source, date));
  const divergence = await attempt('the divergence analysis', missing, problems, () => loadDivergence(source, date));
  const history = await attempt('the historical ranking', missing, problems, () => loadHistory(source, date, catalog));
  const contagion = await attempt('altcoin prices', missing, problems, () => loadContagion(source, date));
  const risk =
    price === undefined
      ? undefined
      : await attempt('risk numbers', missing, problems, () => loadRisk(source, date, price.close, level?.nextPriceUsd === undefined ? undefined : level.nextPriceUsd * 0.995));
  const inputs: BriefInputs = {
    date,
    symbol: o.symbol,
    price,
    level,
    realized,
    estimated,
    cascade: sim?.cascade,
    macro,
    fedwatch,
    divergence,
    history,
    contagion,
    risk,
    missing,
  };
  return { inputs, problems };
}
