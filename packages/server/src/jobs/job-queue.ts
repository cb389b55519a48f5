/**
 * Long runs (Monte Carlo, stress) as jobs: queued, run one at a time (they use every core),
 * progress observable by subscribers (the SSE endpoint), results kept for the newest jobs.
 */
import { randomUUID } from 'node:crypto';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobProgress {
  readonly done: number;
  readonly total: number;
}

export interface JobView {
  readonly id: string;
  readonly kind: string;
  readonly status: JobStatus;
  readonly progress: JobProgress;
  readonly createdMs: number;
  readonly finishedMs: number | null;
  readonly result: unknown;
  readonly error: string | null;
}

export type JobRun = (report: (progress: JobProgress) => void) => Promise<unknown>;

type Listener = (job: JobView) => void;

interface Job {
  view: JobView;
  readonly run: JobRun;
  readonly listeners: Set<Listener>;
}

/** A failure a job may show its client (bad scenario, etc.); anything else is "internal error". */
export class JobInputError extends Error {}

export interface JobQueueOptions {
  /** Finished jobs kept for GET /api/jobs/:id (oldest dropped first). */
  readonly keepFinished?: number;
  /** Jobs waiting to run at most; `submit` refuses more. */
  readonly maxQueued?: number;
  readonly onFailure?: (id: string, error: unknown) => void;
  readonly now?: () => number;
}

export class JobQueue {
  readonly #jobs = new Map<string, Job>();
  readonly #pending: Job[] = [];
  readonly #keep: number;
  readonly #maxQueued: number;
  readonly #onFailure: (id: string, error: unknown) => void;
  readonly #now: () => number;
  #running = false;

  constructor(options: JobQueueOptions = {}) {
    this.#keep = options.keepFinished ?? 100;
    this.#maxQueued = options.maxQueued ?? 20;
    this.#onFailure = options.onFailure ?? (() => undefined);
    this.#now = options.now ?? Date.now;
  }

  /** Queues a job, or returns undefined when `maxQueued` jobs are already waiting. */
  submit(kind: string, total: number, run: JobRun): JobView | undefined {
    if (this.#pending.length >= this.#maxQueued) return undefined;
    const view: JobView = {
      id: randomUUID(),
      kind,
      status: 'queued',
      progress: { done: 0, total },
      createdMs: this.#now(),
      finishedMs: null,
      result: null,
      error: null,
    };
    const job: Job = { view, run, listeners: new Set() };
    this.#jobs.set(view.id, job);
    this.#pending.push(job);
    this.#prune();
    void this.#drain();
    return view;
  }

  get(id: string): JobView | undefined {
    return this.#jobs.get(id)?.view;
  }

  /** Calls `listener` with the job now and on every change; returns the unsubscribe function. */
  subscribe(id: string, listener: Listener): (() => void) | undefined {
    const job = this.#jobs.get(id);
    if (job === undefined) return undefined;
    job.listeners.add(listener);
    listener(job.view);
    return () => job.listeners.delete(listener);
  }

  /** Resolves when no job is queued or running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running || this.#pending.length > 0)
      await new Promise((resolve) => setTimeout(resolve, 10));
  }

  #update(job: Job, patch: Partial<JobView>): void {
    job.view = { ...job.view, ...patch };
    for (const listener of job.listeners) listener(job.view);
  }

  async #drain(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      for (let job = this.#pending.shift(); job !== undefined; job = this.#pending.shift())
        await this.#runOne(job);
    } finally {
      this.#running = false;
    }
  }

  async #runOne(job: Job): Promise<void> {
    this.#update(job, { status: 'running' });
    try {
      const result = await job.run((progress) => {
        this.#update(job, { progress });
      });
      const { total } = job.view.progress;
      this.#update(job, {
        status: 'done',
        progress: { done: total, total },
        result,
        finishedMs: this.#now(),
      });
    } catch (error) {
      if (!(error instanceof JobInputError)) this.#onFailure(job.view.id, error);
      const message = error instanceof JobInputError ? error.message : 'internal error';
      this.#update(job, { status: 'failed', error: message, finishedMs: this.#now() });
    }
    job.listeners.clear();
  }

  #prune(): void {
    const finished = [...this.#jobs.values()].filter((job) => job.view.finishedMs !== null);
    for (const job of finished.slice(0, Math.max(0, finished.length - this.#keep)))
      this.#jobs.delete(job.view.id);
  }
}
