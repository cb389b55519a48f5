import { describe, expect, it } from 'vitest';
import { JobInputError, JobQueue, type JobView } from './job-queue.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('JobQueue', () => {
  it('runs jobs one at a time in order and reports every progress step to subscribers', async () => {
    const queue = new JobQueue();
    const order: string[] = [];
    const first = queue.submit('a', 3, async (report) => {
      order.push('a start');
      for (let done = 1; done <= 3; done++) {
        await tick();
        report({ done, total: 3 });
      }
      order.push('a end');
      return 'A';
    });
    const second = queue.submit('b', 1, () => {
      order.push('b start');
      return Promise.resolve('B');
    });
    const seen: JobView[] = [];
    queue.subscribe(first?.id ?? '', (job) => seen.push(job));
    await queue.idle();
    expect(order).toEqual(['a start', 'a end', 'b start']);
    expect(seen.map((j) => `${j.status}:${j.progress.done}`)).toEqual([
      'running:0',
      'running:1',
      'running:2',
      'running:3',
      'done:3',
    ]);
    expect(queue.get(first?.id ?? '')?.result).toBe('A');
    expect(queue.get(second?.id ?? '')?.result).toBe('B');
  });

  it('shows input errors to the client and hides internal ones (logged instead)', async () => {
    const logged: unknown[] = [];
    const queue = new JobQueue({ onFailure: (_id, error) => logged.push(error) });
    const bad = queue.submit('x', 1, () => Promise.reject(new JobInputError('field "runs": bad')));
    const broken = queue.submit('y', 1, () => Promise.reject(new Error('secret /etc/path')));
    await queue.idle();
    expect(queue.get(bad?.id ?? '')).toMatchObject({
      status: 'failed',
      error: 'field "runs": bad',
    });
    expect(queue.get(broken?.id ?? '')).toMatchObject({
      status: 'failed',
      error: 'internal error',
    });
    expect(logged).toHaveLength(1);
  });

  it('refuses jobs beyond the waiting cap and forgets the oldest finished ones', async () => {
    const queue = new JobQueue({ maxQueued: 2, keepFinished: 1 });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = queue.submit('r', 1, () => gate);
    await tick();
    const waiting = [
      queue.submit('w', 1, () => Promise.resolve(1)),
      queue.submit('w', 1, () => Promise.resolve(2)),
    ];
    expect(waiting.every((job) => job !== undefined)).toBe(true);
    expect(queue.submit('w', 1, () => Promise.resolve(3))).toBeUndefined();
    release();
    await queue.idle();
    queue.submit('later', 1, () => Promise.resolve(4));
    await queue.idle();
    expect(queue.get(running?.id ?? '')).toBeUndefined();
  });
});
