/** Worker thread: runs a slice of Monte Carlo scenarios into shared outcome arrays. */
import { parentPort, workerData } from 'node:worker_threads';
import { runQueue, type MonteCarloJob, type MonteCarloOutcomes } from './mc-run.js';

interface WorkerInput {
  readonly job: MonteCarloJob;
  /** Shared next-scenario counter. */
  readonly counter: Int32Array;
  readonly out: MonteCarloOutcomes;
}

const input = workerData as WorkerInput;
runQueue(input.job, input.counter, input.out, (done) => parentPort?.postMessage(done));
