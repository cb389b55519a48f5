import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CascadeApp } from './app.js';
import type { ServerContext } from './context.js';
import { openApiPath } from './openapi.js';
import { local, testApp, testContext } from './testing/test-context.js';

let context: ServerContext;
let api: CascadeApp;
let doc: { paths: Record<string, Record<string, unknown>> };
beforeAll(async () => {
  context = await testContext();
  api = testApp(context);
  const response = await api.app.request('/api/openapi.json', local());
  expect(response.status).toBe(200);
  doc = (await response.json()) as typeof doc;
});
afterAll(() => context.store.close());

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document (official JSON schema)', async () => {
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    // The validator does reject a broken document (this test can fail).
    const { info: _dropped, ...broken } = doc as unknown as Record<string, unknown>;
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('documents every route the app serves under /api, and nothing else', () => {
    const served = api.app.routes
      .filter((route) => route.path.startsWith('/api/') && !route.path.includes('*'))
      .map((route) => `${route.method.toLowerCase()} ${openApiPath(route.path)}`);
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect(new Set(served).size).toBeGreaterThanOrEqual(8);
    // Each route is registered once (a second registration would never be reached).
    expect(new Set(served).size).toBe(served.length);
    expect([...new Set(served)].sort()).toEqual(documented.sort());
  });

  it('describes query parameters and request bodies from the zod schemas', () => {
    const candles = doc.paths['/api/candles']?.['get'] as {
      parameters: { name: string; in: string; required: boolean }[];
    };
    expect(candles.parameters.map((p) => p.name).sort()).toEqual(
      ['exchange', 'format', 'from', 'symbol', 'timeframe', 'to'].sort(),
    );
    expect(candles.parameters.every((p) => p.in === 'query' && !p.required)).toBe(true);
    const liq = doc.paths['/api/liq-price']?.['post'] as {
      requestBody: { content: Record<string, { schema: { type: string; items: unknown } }> };
    };
    const schema = liq.requestBody.content['application/json']?.schema;
    expect(schema?.type).toBe('array');
    expect(JSON.stringify(schema?.items)).toContain('entryPrice');
    const job = doc.paths['/api/jobs/{id}']?.['get'] as { parameters: { in: string }[] };
    expect(job.parameters[0]?.in).toBe('path');
  });
});
