// Closing the server while a request is still being computed: close() waits for the handler, so
// the store can be closed after it without the handler failing on a closed connection.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerContext } from './context.js';
import { startServer } from './serve.js';
import { datasetContext } from './testing/test-context.js';

let context: ServerContext;
beforeAll(async () => {
  context = await datasetContext();
}, 60_000);
afterAll(() => context.store.close());

describe('shutdown', () => {
  it('waits for running handlers before returning; none fails on a closed store', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const server = await startServer({ store: context.store, port: 0, logger });
    // The brief of a day is seconds of work (a Monte Carlo among it) on a cold cache.
    const request = fetch(`${server.url}/api/brief?date=2025-11-21`).catch(() => 'cut');
    for (let i = 0; i < 200 && server.app.inFlight.running === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(server.app.inFlight.running).toBe(1);
    await server.close();
    expect(server.app.inFlight.running).toBe(0);
    expect(await request).toBe('cut'); // the connection was cut; the handler still finished
    expect(lines).toEqual([]);
  }, 60_000);
});
