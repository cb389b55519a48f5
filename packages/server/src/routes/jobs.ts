/** GET /api/jobs/:id and its SSE progress stream. */
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { ApiRouter } from '../api-router.js';
import type { ServerContext } from '../context.js';
import type { JobView } from '../jobs/job-queue.js';
import { problem } from '../problems.js';

export const jobSchema = z.object({
  id: z.string(),
  kind: z.string().describe('montecarlo | stress'),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  progress: z.object({ done: z.number(), total: z.number() }),
  createdMs: z.number(),
  finishedMs: z.number().nullable(),
  result: z.unknown().describe('the same document as the CLI command with --json, once done'),
  error: z.string().nullable(),
});

export const jobAcceptedSchema = z.object({ id: z.string(), status: z.string(), url: z.string() });

const jobParams = z.strictObject({ id: z.uuid() });

const finished = (job: JobView): boolean => job.status === 'done' || job.status === 'failed';

export function jobRoutes(router: ApiRouter, context: ServerContext): void {
  router.add({
    method: 'get',
    path: '/api/jobs/:id',
    tag: 'jobs',
    summary: 'a job: status, progress and (when done) its result',
    params: jobParams,
    response: { kind: 'json', schema: jobSchema },
    otherStatuses: { 404: 'no such job (unknown, or dropped after 100 newer jobs finished)' },
    handle: ({ params }, c) => {
      const job = context.jobs.get(params.id);
      return job === undefined ? problem(c, 404, `no job ${params.id}`) : c.json(job);
    },
  });

  router.add({
    method: 'get',
    path: '/api/jobs/:id/events',
    tag: 'jobs',
    summary: 'job progress as server-sent events; ends with the finished job',
    params: jobParams,
    response: {
      kind: 'sse',
      events:
        '`progress` {id,status,progress} on every change (at most one per 100 ms), then `done` with the whole job (status done or failed, result or error)',
    },
    otherStatuses: { 404: 'no such job' },
    handle: ({ params }, c) => {
      if (context.jobs.get(params.id) === undefined) return problem(c, 404, `no job ${params.id}`);
      return streamSSE(c, async (stream) => {
        let resolveDone: () => void = () => undefined;
        const done = new Promise<void>((resolve) => (resolveDone = resolve));
        let lastSentMs = 0;
        let eventId = 0;
        const unsubscribe = context.jobs.subscribe(params.id, (job) => {
          eventId += 1;
          if (finished(job)) {
            void stream
              .writeSSE({ event: 'done', id: String(eventId), data: JSON.stringify(job) })
              .then(resolveDone);
            return;
          }
          const now = Date.now();
          if (now - lastSentMs < 100 && job.status === 'running' && job.progress.done > 0) return;
          lastSentMs = now;
          const { id, status, progress } = job;
          void stream.writeSSE({
            event: 'progress',
            id: String(eventId),
            data: JSON.stringify({ id, status, progress }),
          });
        });
        stream.onAbort(() => {
          unsubscribe?.();
          resolveDone();
        });
        await done;
        unsubscribe?.();
      });
    },
  });
}
