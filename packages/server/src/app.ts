/** The Hono application: middleware (security, limits, errors) and every route. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { ApiRouter, type AppEnv, type RouteDoc } from './api-router.js';
import { InFlight } from './in-flight.js';
import type { ServerContext } from './context.js';
import { dashboardFiles } from './dashboard-files.js';
import { openApiDocument } from './openapi.js';
import { problem } from './problems.js';
import { jobRoutes } from './routes/jobs.js';
import { liveRoutes } from './routes/live.js';
import { liqPriceRoutes } from './routes/positions.js';
import { cascadeRoutes } from './routes/cascade.js';
import { analysesOf, analysisRoutes } from './routes/analyses.js';
import { briefRoutes } from './routes/brief.js';
import { eventRoutes } from './routes/event.js';
import { heatmapRoutes } from './routes/heatmap.js';
import { ReportCache } from './report-cache.js';
import { marketRoutes } from './routes/market.js';
import { macroRoutes } from './routes/macro.js';
import { loginRoutes, loopbackHostsOnly, requireToken, securityHeaders } from './security.js';

export const DEFAULT_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

export interface AppOptions {
  /**
   * When set, every request must carry `Authorization: Bearer <token>` or the session cookie of
   * the browser sign-in (/login).
   */
  readonly token?: string | undefined;
  /** Serve only loopback Host headers (the listener is on a loopback address). */
  readonly loopbackOnly: boolean;
  readonly dashboardDir: string;
  readonly bodyLimitBytes?: number;
}

export interface CascadeApp {
  readonly app: Hono<{ Bindings: AppEnv }>;
  readonly routes: readonly RouteDoc[];
  /** Handlers still running (a shutdown waits for them before the store closes). */
  readonly inFlight: InFlight;
}

export function createApp(context: ServerContext, options: AppOptions): CascadeApp {
  const app = new Hono<{ Bindings: AppEnv }>();
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;

  app.onError((error, c) => {
    context.logger.error({ err: error, method: c.req.method, path: c.req.path }, 'request failed');
    return problem(c, 500, 'internal error');
  });
  app.notFound((c) => problem(c, 404, `no route ${c.req.method} ${c.req.path}`));

  const inFlight = new InFlight();
  app.use(async (_c, next) => {
    inFlight.begin();
    try {
      await next();
    } finally {
      inFlight.end();
    }
  });
  app.use(securityHeaders());
  if (options.loopbackOnly) app.use(loopbackHostsOnly());
  if (options.token !== undefined) {
    app.use(requireToken(options.token));
    loginRoutes(app, options.token);
  }
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    context.logger.debug(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: performance.now() - started,
      },
      'request',
    );
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: limit,
      onError: (c) => problem(c, 413, `request body larger than ${limit} bytes`),
    }),
  );

  const router = new ApiRouter(app);
  marketRoutes(router, context);
  macroRoutes(router, context);
  jobRoutes(router, context);
  liveRoutes(router, context);
  liqPriceRoutes(router);
  cascadeRoutes(router, context);
  const analyses = analysesOf(context, new ReportCache());
  analysisRoutes(router, analyses);
  eventRoutes(router, context, analyses);
  heatmapRoutes(router, context, analyses);
  briefRoutes(router, context, analyses);
  router.add({
    method: 'get',
    path: '/api/openapi.json',
    tag: 'server',
    summary: 'this OpenAPI 3.1 document (generated from the zod schemas)',
    response: { kind: 'json', schema: z.looseObject({ openapi: z.string() }) },
    handle: (_input, c) => c.json(openApiDocument(router.docs, context.version)),
  });

  app.all('/api/*', (c) => problem(c, 404, `no route ${c.req.method} ${c.req.path}`));
  app.use('*', dashboardFiles(options.dashboardDir));
  return { app, routes: router.docs, inFlight };
}
