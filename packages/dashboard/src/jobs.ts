/**
 * Long runs (Monte Carlo, stress) are server jobs: POST answers 202 with the job id, progress
 * arrives as server-sent events (`progress`, then `done` with the whole job).
 */
import { apiUrl, describeFailure, postJson } from './api.js';

export interface JobProgress {
  readonly done: number;
  readonly total: number;
}

export interface FinishedJob<T> {
  readonly id: string;
  readonly status: 'done' | 'failed';
  readonly result: T | null;
  readonly error: string | null;
}

export type JobOutcome<T> =
  | { readonly ok: true; readonly job: FinishedJob<T> }
  | { readonly ok: false; readonly error: string };

export async function runJob<T>(
  path: string,
  body: unknown,
  onProgress: (progress: JobProgress) => void,
): Promise<JobOutcome<T>> {
  const accepted = await postJson<{ id: string }>(path, body);
  if (!accepted.ok) return { ok: false, error: describeFailure(accepted) };
  const { id } = accepted.value;
  return new Promise((resolve) => {
    const source = new EventSource(apiUrl(`/api/jobs/${encodeURIComponent(id)}/events`));
    source.addEventListener('progress', (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as { progress: JobProgress };
      onProgress(data.progress);
    });
    source.addEventListener('done', (event) => {
      source.close();
      const job = JSON.parse((event as MessageEvent<string>).data) as FinishedJob<T>;
      resolve(
        job.status === 'done' ? { ok: true, job } : { ok: false, error: job.error ?? 'job failed' },
      );
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED)
        resolve({ ok: false, error: `job ${id}: event stream closed` });
    });
  });
}
