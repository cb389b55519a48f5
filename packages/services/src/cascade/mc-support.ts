/** Monte Carlo plumbing shared by the CLI and the server: specs, worker location, the run itself. */
import type { MonteCarloSpec } from '@cascade/core';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { DataFormatError } from './book-files.js';
import type { LoadedScenario } from './load-scenario.js';
import { runMonteCarlo, type BaseParams, type MonteCarloOutcomes, type Tracked } from './mc-run.js';

/** The compiled worker, next to this module in dist (absent when running from sources). */
export function workerUrl(): URL | null {
  const url = new URL('./mc-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
}

function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

export function monteCarloSpecOf(loaded: LoadedScenario, runs: number | undefined): MonteCarloSpec {
  const mc = loaded.scenario.monteCarlo;
  if (mc === undefined)
    throw new DataFormatError(`${loaded.file}: field "monteCarlo": required for Monte Carlo runs`);
  return {
    seed: loaded.scenario.seed,
    runs: runs ?? mc.runs,
    shockUsd: mc.shockUsd,
    withdrawal: mc.withdrawal,
  };
}

export function baseParamsOf(loaded: LoadedScenario): BaseParams {
  const { withdrawal: _withdrawal, ...engine } = loaded.scenario.engine;
  // Runs of many scenarios report totals only: no need to run the retrace to its horizon.
  return { ...engine, demandAfterQuiet: false };
}

export function parsePositiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new DataFormatError(`--${name}: expected a positive integer, got "${value}"`);
  return n;
}

/**
 * Runs the scenario's Monte Carlo on `threads` worker threads (in this thread when running from
 * sources, where no compiled worker exists). `onProgress` receives the number of scenarios done.
 */
export async function runScenarioMonteCarlo(
  loaded: LoadedScenario,
  spec: MonteCarloSpec,
  tracked: readonly Tracked[],
  threads: number | undefined,
  onProgress: (done: number) => void = () => undefined,
): Promise<{ out: MonteCarloOutcomes; threads: number; seconds: number }> {
  const url = workerUrl();
  const used = url ? (threads ?? defaultThreads()) : 1;
  const started = performance.now();
  const job = {
    positions: loaded.positions,
    book: loaded.book,
    base: baseParamsOf(loaded),
    spec,
    tracked,
  };
  const out = await runMonteCarlo(job, used, url ?? new URL('about:blank'), onProgress);
  return { out, threads: used, seconds: (performance.now() - started) / 1000 };
}
