/** CLI plumbing of `montecarlo` and `stress`: the progress bar around the shared Monte Carlo run. */
import type { MonteCarloSpec } from '@cascade/core';
import {
  type LoadedScenario,
  type MonteCarloOutcomes,
  parsePositiveInt,
  runScenarioMonteCarlo,
  type Tracked,
} from '@cascade/services';
import { SingleBar } from 'cli-progress';

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

/** Runs the scenario's Monte Carlo on worker threads with a progress bar on stderr. */
export async function runMonteCarloWithProgress(
  loaded: LoadedScenario,
  spec: MonteCarloSpec,
  tracked: readonly Tracked[],
  threadsOption: string | undefined,
  label: string,
): Promise<{ out: MonteCarloOutcomes; threads: number; seconds: number }> {
  const bar = progressBar(spec.runs, label);
  try {
    return await runScenarioMonteCarlo(
      loaded,
      spec,
      tracked,
      parsePositiveInt(threadsOption, 'threads'),
      bar.update,
    );
  } finally {
    bar.stop();
  }
}
