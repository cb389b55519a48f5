/**
 * Routes declared once with their zod schemas: the router validates every input against them
 * (400 with field paths on failure) and the OpenAPI document is generated from the same list.
 */
import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { issuesOf, problem, type Issue } from './problems.js';

export type AppEnv = Record<string, never>;

type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

/** What a route answers on success (the OpenAPI response). */
export type ResponseDoc =
  | { readonly kind: 'json'; readonly schema: z.ZodType; readonly status?: 200 | 202 }
  | { readonly kind: 'sse'; readonly events: string }
  | { readonly kind: 'html' };

export interface RouteDoc {
  readonly method: 'get' | 'post';
  /** Hono path syntax (`/api/jobs/:id`). */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly query?: z.ZodObject | undefined;
  readonly params?: z.ZodObject | undefined;
  readonly body?: z.ZodType | undefined;
  readonly response: ResponseDoc;
  /** Other statuses the route may answer besides 200 / 400 / 401 / 500 (e.g. 404, 501). */
  readonly otherStatuses?: Readonly<Partial<Record<404 | 409 | 429 | 501 | 503, string>>>;
}

export interface RouteInput<Q extends Schema, B extends Schema, P extends Schema> {
  readonly query: Out<Q>;
  readonly body: Out<B>;
  readonly params: Out<P>;
}

export interface RouteDef<
  Q extends z.ZodObject | undefined,
  B extends Schema,
  P extends z.ZodObject | undefined,
> extends RouteDoc {
  readonly query?: Q;
  readonly body?: B;
  readonly params?: P;
  readonly handle: (
    input: RouteInput<Q, B, P>,
    c: Context<{ Bindings: AppEnv }>,
  ) => Response | Promise<Response>;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

function parseWith(schema: Schema, location: string, raw: unknown): Parsed<unknown> {
  if (schema === undefined) return { ok: true, value: undefined };
  const result = schema.safeParse(raw);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, issues: issuesOf(location, result.error) };
}

async function readJson(c: Context): Promise<Parsed<unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json'))
    return {
      ok: false,
      issues: [{ path: 'body', message: 'Content-Type must be application/json' }],
    };
  try {
    return { ok: true, value: JSON.parse(await c.req.text()) as unknown };
  } catch (error) {
    return {
      ok: false,
      issues: [{ path: 'body', message: `not JSON: ${(error as Error).message}` }],
    };
  }
}

/** Registers routes on a Hono app and remembers their documentation. */
export class ApiRouter {
  readonly #app: Hono<{ Bindings: AppEnv }>;
  readonly #docs: RouteDoc[] = [];

  constructor(app: Hono<{ Bindings: AppEnv }>) {
    this.#app = app;
  }

  get docs(): readonly RouteDoc[] {
    return this.#docs;
  }

  add<
    Q extends z.ZodObject | undefined = undefined,
    B extends Schema = undefined,
    P extends z.ZodObject | undefined = undefined,
  >(def: RouteDef<Q, B, P>): void {
    this.#docs.push(def);
    this.#app.on(def.method.toUpperCase(), def.path, async (c) => {
      const body =
        def.body === undefined ? { ok: true as const, value: undefined } : await readJson(c);
      if (!body.ok) return problem(c, 400, 'invalid request body', body.issues);
      const parts = [
        parseWith(def.query, 'query', c.req.query()),
        parseWith(def.params, 'params', c.req.param()),
        parseWith(def.body, 'body', body.value),
      ] as const;
      const issues = parts.flatMap((part) => (part.ok ? [] : part.issues));
      if (issues.length > 0) return problem(c, 400, 'invalid request', issues);
      const [query, params, parsedBody] = parts.map((part) => (part.ok ? part.value : undefined));
      return def.handle({ query, body: parsedBody, params } as RouteInput<Q, B, P>, c);
    });
  }
}
