/** Shared plumbing of `montecarlo` and `stress`: options, progress bar, worker location. */
import type { MonteCarloSpec } from '@cascade/core';
import { SingleBar } from 'cli-progress';
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

export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/** A progress bar on stderr when it is a terminal; silent otherwise. */
export function progressBar(
  total: number,
  label: string,
): { update: (done: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total} scenarios {eta_formatted}`,
    hideCursor: true,
    stream: process.stderr,
  });
  bar.start(total, 0);
  return {
    update: (done) => {
      bar.update(done);
    },
    stop: () => {
      bar.stop();
    },
  };
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
  return engine;
}

export function parsePositiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new DataFormatError(`--${name}: expected a positive integer, got "${value}"`);
  return n;
}

/**
 * Runs the scenario's Monte Carlo on worker threads (in this thread when running from sources,
 * where no compiled worker exists), with a progress bar on stderr.
 */
export async function runMonteCarloWithProgress(
  loaded: LoadedScenario,
  spec: MonteCarloSpec,
  tracked: readonly Tracked[],
  threadsOption: string | undefined,
  label: string,
): Promise<{ out: MonteCarloOutcomes; threads: number; seconds: number }> {
  const url = workerUrl();
  const threads = url ? (parsePositiveInt(threadsOption, 'threads') ?? defaultThreads()) : 1;
  const bar = progressBar(spec.runs, label);
  const started = performance.now();
  const job = {
    positions: loaded.positions,
    book: loaded.book,
    base: baseParamsOf(loaded),
    spec,
    tracked,
  };
  const out = await runMonteCarlo(job, threads, url ?? new URL('about:blank'), bar.update);
  bar.stop();
  return { out, threads, seconds: (performance.now() - started) / 1000 };
}
