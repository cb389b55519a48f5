/** Worker thread of POST /api/simulate: runs one scenario and posts the outcome back. */
import type { BookRead } from './position-book-source.js';
import type { Scenario } from './scenario-schema.js';
import { parentPort, workerData } from 'node:worker_threads';
import { runSimulation } from './simulate-run.js';

const { scenario, file, books } = workerData as {
  scenario: Scenario;
  file: string;
  books: readonly BookRead[];
};
parentPort?.postMessage(runSimulation(scenario, file, books));
