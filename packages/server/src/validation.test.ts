import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CascadeApp } from './app.js';
import type { ServerContext } from './context.js';
import { binanceLong, local, testApp, testContext } from './testing/test-context.js';

let context: ServerContext;
let api: CascadeApp;
beforeAll(async () => {
  context = await testContext();
  api = testApp(context, { bodyLimitBytes: 64 * 1024 });
});
afterAll(() => context.store.close());

const get = (path: string) => api.app.request(path, local());
const post = (path: string, body: string, type = 'application/json') =>
  api.app.request(path, local({ method: 'POST', body, headers: { 'content-type': type } }));

interface ErrorBody {
  error: string;
  issues?: { path: string; message: string }[];
}
const paths = async (response: Response): Promise<string[]> =>
  ((await response.json()) as ErrorBody).issues?.map((issue) => issue.path) ?? [];

const position = binanceLong(91_000, 20);

describe('input validation: 400 with the field path of every problem', () => {
  it('names each bad query parameter, and rejects unknown ones', async () => {
    const response = await get('/api/candles?from=yesterday&timeframe=1x&limit=5');
    expect(response.status).toBe(400);
    expect(await paths(response)).toEqual(
      expect.arrayContaining(['query.from', 'query.timeframe', 'query']),
    );
  });

  it('checks that the range is ordered', async () => {
    const response = await get('/api/candles?from=2025-11-22&to=2025-11-21');
    expect(response.status).toBe(400);
    expect(await paths(response)).toEqual(['query.from']);
  });

  it('names the record index and field of a posted position', async () => {
    const response = await post(
      '/api/liq-price',
      JSON.stringify([position, { ...position, entryPrice: -1, side: 'up' }]),
    );
    expect(response.status).toBe(400);
    expect((await paths(response)).sort()).toEqual(['body[1].entryPrice', 'body[1].side']);
  });

  it('rejects a body that is not JSON, or not declared as JSON', async () => {
    const broken = await post('/api/liq-price', '[{"exchange":');
    expect(broken.status).toBe(400);
    expect(await paths(broken)).toEqual(['body']);
    const text = await post('/api/liq-price', JSON.stringify([position]), 'text/plain');
    expect(text.status).toBe(400);
    expect(await paths(text)).toEqual(['body']);
  });

  it('validates path parameters', async () => {
    const response = await get('/api/jobs/not-a-uuid');
    expect(response.status).toBe(400);
    expect(await paths(response)).toEqual(['params.id']);
  });

  it('answers a valid request', async () => {
    const response = await post('/api/liq-price', JSON.stringify([position]));
    expect(response.status).toBe(200);
    const [row] = (await response.json()) as { liquidationPrice: number }[];
    expect(row?.liquidationPrice).toBeGreaterThan(80_000);
    expect(row?.liquidationPrice).toBeLessThan(91_000);
  });
});

describe('limits and errors', () => {
  it('refuses a body over the limit with 413 before parsing it', async () => {
    const big = JSON.stringify(Array.from({ length: 2_000 }, () => position));
    expect(big.length).toBeGreaterThan(64 * 1024);
    const response = await post('/api/liq-price', big);
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorBody).error).toMatch(/larger than 65536 bytes/);
  });

  it('answers 404 as JSON for unknown API routes', async () => {
    const response = await get('/api/nope');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('never leaks a stack trace: a failing handler is a generic 500', async () => {
    const broken = await testContext();
    await broken.store.close(); // every query now throws inside DuckDB
    const response = await testApp(broken).app.request('/api/meta', local());
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: 'internal error' });
    expect(text).not.toMatch(/\bat\s|duckdb|Error:/i);
  });
});
