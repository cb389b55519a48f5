/**
 * The dashboard's built files (packages/dashboard/dist), served as-is; the single page answers
 * every non-file path. Missing build → 503 page naming the command that builds it.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MiddlewareHandler } from 'hono';

/** packages/dashboard/dist next to this package (from src/ or dist/ alike). */
export function defaultDashboardDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dashboard', 'dist');
}

const NOT_BUILT = (dir: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cascade: dashboard not built</title></head>
<body><h1>The dashboard is not built</h1>
<p>No <code>index.html</code> in <code>${dir.replace(/[<>&"]/g, '')}</code>.</p>
<p>Build it with <code>npm run build -w packages/dashboard</code> (<code>npm ci</code> does this on a
fresh clone), then reload. The API is up: <a href="/api/health">/api/health</a>,
<a href="/api/openapi.json">/api/openapi.json</a>.</p></body></html>
`;

export function dashboardFiles(dir: string): MiddlewareHandler {
  let files: MiddlewareHandler | undefined;
  let page: MiddlewareHandler | undefined;
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    if (!existsSync(join(dir, 'index.html'))) return c.html(NOT_BUILT(dir), 503);
    files ??= serveStatic({ root: dir });
    page ??= serveStatic({ root: dir, path: 'index.html' });
    const last = c.req.path.split('/').pop() ?? '';
    // A path with an extension is a file (404 when absent); anything else is the single page.
    return last.includes('.') ? files(c, next) : page(c, next);
  };
}
