/** GET /api/brief: the market brief of a day (the `cascade brief --format json|html` documents). */
import { briefJson, generateBrief, memoizeSource } from '@cascade/brief';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { ApiRouter } from '../api-router.js';
import type { ServerContext } from '../context.js';
import { DEFAULT_DATE, isoDate } from '../params.js';
import { problem } from '../problems.js';
import type { Analyses } from './analyses.js';

/** The brief page carries its own inline styles and SVG charts: allow those, nothing else. */
const BRIEF_HTML_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

export function briefRoutes(router: ApiRouter, context: ServerContext, analyses: Analyses): void {
  const source = memoizeSource(analyses.source);
  const cacheDir = context.store.path.startsWith(':')
    ? undefined
    : join(dirname(context.store.path), 'cache');
  router.add({
    method: 'get',
    path: '/api/brief',
    tag: 'brief',
    summary: 'the market brief of a day: SEO metadata, article, facts table, charts',
    description:
      'format=json: the document of `cascade brief --format json`; format=html: the standalone page with its SVG charts (no scripts; may be framed by the dashboard). Deterministic text (no LLM polishing from the server). Cached 60 s.',
    query: z.strictObject({
      date: isoDate.default(DEFAULT_DATE),
      symbol: z.literal('BTC').default('BTC').describe('only BTC is supported'),
      format: z.enum(['json', 'html']).default('json'),
    }),
    response: { kind: 'json', schema: z.looseObject({ title: z.string(), wordCount: z.number() }) },
    otherStatuses: { 404: 'no BTC price stored for the day' },
    handle: async ({ query }, c) => {
      const brief = await analyses.cache.get(`brief|${query.date}`, () =>
        generateBrief({ date: query.date, symbol: 'BTC', source, store: context.store, cacheDir }),
      );
      if (brief.wordCount === 0 || !brief.facts.some((f) => f.id === 'price.close'))
        return problem(c, 404, `no BTC price stored for ${query.date}`);
      if (query.format === 'json') return c.json(briefJson(brief));
      c.header('Content-Security-Policy', BRIEF_HTML_CSP);
      c.header('X-Frame-Options', 'SAMEORIGIN');
      return c.html(brief.html);
    },
  });
}
