/** The OpenAPI 3.1 document, generated from the routes' zod schemas (zod's JSON Schema output). */
import { z } from 'zod';
import type { ResponseDoc, RouteDoc } from './api-router.js';
import { errorSchema } from './problems.js';

type Json = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
};

const errorContent = (description: string): Json => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function parameters(route: RouteDoc): Json[] {
  const out: Json[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (schema === undefined) continue;
    for (const [name, field] of Object.entries(schema.shape)) {
      const fieldSchema = field as z.ZodType;
      const description = fieldSchema.description;
      out.push({
        name,
        in: where,
        required: where === 'path' || !fieldSchema.safeParse(undefined).success,
        schema: jsonSchema(fieldSchema, 'input'),
        ...(description === undefined ? {} : { description }),
      });
    }
  }
  return out;
}

function success(response: ResponseDoc): [string, Json] {
  switch (response.kind) {
    case 'json':
      return [
        String(response.status ?? 200),
        {
          description: response.schema.description ?? 'OK',
          content: { 'application/json': { schema: jsonSchema(response.schema, 'output') } },
        },
      ];
    case 'sse':
      return [
        '200',
        {
          description: `Server-sent events: ${response.events}`,
          content: { 'text/event-stream': { schema: { type: 'string' } } },
        },
      ];
    case 'html':
      return [
        '200',
        { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } },
      ];
  }
}

function operation(route: RouteDoc): Json {
  const [status, ok] = success(route.response);
  const responses: Json = {
    [status]: ok,
    '400': errorContent('invalid input: `issues` names each field (query.x, body[i].y)'),
    '401': errorContent('missing or wrong bearer token (only when CASCADE_TOKEN is set)'),
    '500': errorContent('internal error (details are logged, never returned)'),
  };
  for (const [code, description] of Object.entries(route.otherStatuses ?? {}))
    responses[code] = errorContent(description);
  const body =
    route.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
          },
        };
  return {
    operationId: `${route.method}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    tags: [route.tag],
    parameters: parameters(route),
    ...body,
    responses,
  };
}

/** `/api/jobs/:id` → `/api/jobs/{id}`. */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

export function openApiDocument(routes: readonly RouteDoc[], version: string): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const key = openApiPath(route.path);
    paths[key] = { ...paths[key], [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cascade API',
      version,
      description:
        'Liquidation-driven market events: market data, analyses, simulations. Every JSON document matches the `cascade <command> --json` output where a command exists. See docs/api.md.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    security: [{}, { bearer: [] }, { session: [] }],
    paths,
    components: {
      schemas: { Error: jsonSchema(errorSchema, 'output') },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'Required on every request when the server runs with CASCADE_TOKEN (or the session cookie).',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'cascade_session',
          description:
            'Set by the browser sign-in (POST /login with the token) when the server runs with CASCADE_TOKEN.',
        },
      },
    },
  };
}
