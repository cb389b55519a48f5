/** Worker thread: runs a slice of Monte Carlo scenarios into shared outcome arrays. */
import { parentPort, workerData } from 'node:worker_threads';
import { runRange, type MonteCarloJob, type MonteCarloOutcomes } from './mc-run.js';

interface WorkerInput {
  readonly job: MonteCarloJob;
  readonly from: number;
  readonly to: number;
  readonly out: MonteCarloOutcomes;
}

const input = workerData as WorkerInput;
runRange(input.job, input.from, input.to, input.out, (done) => parentPort?.postMessage(done));
