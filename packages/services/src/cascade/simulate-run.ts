/**
 * One cascade for POST /api/simulate, on a worker thread when the compiled worker exists (the
 * server's event loop keeps answering while a large scenario runs), in this thread otherwise.
 */
import { runCascade } from '@cascade/core';
import { DataFormatError } from './book-files.js';
import { engineParamsOf, loadParsedScenario } from './load-scenario.js';
import type { BookRead } from './position-book-source.js';
import type { Scenario } from './scenario-schema.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { downsampleSeries } from './downsample.js';
import { simulationSeries, simulationSummary } from './simulation-documents.js';

export const MAX_SERIES_POINTS = 2_000;

export type SimulationOutcome =
  | { readonly ok: true; readonly document: unknown }
  | { readonly ok: false; readonly inputError: string };

/**
 * The message a client may see for a failure caused by its scenario (bad data in a referenced
 * file, a referenced file that does not exist), or null for anything else.
 */
export function scenarioInputError(error: unknown): string | null {
  if (error instanceof DataFormatError) return error.message;
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (code === 'ENOENT' || code === 'EISDIR')
    return 'a file the scenario references does not exist (paths resolve from examples/scenarios/)';
  return null;
}

/**
 * Loads the scenario's market (file references relative to `file`; position-book sources from
 * `books`, read from the store beforehand) and runs it.
 */
export function runSimulation(
  scenario: Scenario,
  file: string,
  books: readonly BookRead[] = [],
): SimulationOutcome {
  let loaded;
  try {
    loaded = loadParsedScenario(scenario, file, [], books);
  } catch (error) {
    const inputError = scenarioInputError(error);
    if (inputError === null) throw error;
    return { ok: false, inputError };
  }
  const run = runCascade(loaded.positions, loaded.book, engineParamsOf(loaded.scenario));
  return {
    ok: true,
    document: {
      summary: simulationSummary(loaded, run),
      series: downsampleSeries(simulationSeries(run), MAX_SERIES_POINTS),
    },
  };
}

function workerUrl(): URL | null {
  const url = new URL('./simulate-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
}

export function simulateOffThread(
  scenario: Scenario,
  file: string,
  books: readonly BookRead[] = [],
): Promise<SimulationOutcome> {
  const url = workerUrl();
  if (url === null) return Promise.resolve(runSimulation(scenario, file, books));
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: { scenario, file, books } });
    worker.once('message', (outcome: SimulationOutcome) => {
      resolve(outcome);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`simulation worker exited with ${code}`));
    });
  });
}
