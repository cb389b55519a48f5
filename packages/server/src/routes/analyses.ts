/**
 * The analyses of one day: each endpoint returns the document of the matching
 * `cascade <command> --json` (same @cascade/services builder), cached for a minute.
 */
import {
  buildContagionReport,
  buildDivergenceReport,
  buildFedWatchReport,
  buildHistoryReport,
  buildLevelsReport,
  contagionJson,
  fedWatchJson,
  storeSource,
  type MacroSource,
} from '@cascade/services';
import type { Context } from 'hono';
import { z } from 'zod';
import type { ApiRouter } from '../api-router.js';
import type { ServerContext } from '../context.js';
import { DEFAULT_DATE, isoDate } from '../params.js';
import { problem } from '../problems.js';
import type { ReportCache } from '../report-cache.js';

export const dateQuery = z.strictObject({ date: isoDate.default(DEFAULT_DATE) });

export const baseSymbol = z
  .string()
  .regex(/^[A-Z0-9]{2,10}$/, 'a base asset in capitals: BTC, ETH, SOL, ...')
  .describe('base asset: BTC, ETH, SOL, ...');

const report = z.looseObject({}).describe('the document of the matching CLI command with --json');

export interface Analyses {
  readonly source: MacroSource;
  readonly cache: ReportCache;
}

/** The macro source over the server's open store (never closed by the routes). */
export function analysesOf(context: ServerContext, cache: ReportCache): Analyses {
  return { source: storeSource(context.store, `market store ${context.store.path}`), cache };
}

/** Registers GET `path?date=` returning `build(date)`, 404 with `missing(date)` when undefined. */
function datedRoute(
  router: ApiRouter,
  analyses: Analyses,
  spec: {
    path: string;
    summary: string;
    command: string;
    build: (date: string, source: MacroSource) => Promise<unknown>;
    missing: (date: string) => string;
  },
): void {
  router.add({
    method: 'get',
    path: spec.path,
    tag: 'analyses',
    summary: spec.summary,
    description: `Same document as \`${spec.command} --json\`.`,
    query: dateQuery,
    response: { kind: 'json', schema: report },
    otherStatuses: { 404: 'no data for the day' },
    handle: async ({ query }, c) => {
      const value = await analyses.cache.get(`${spec.path}|${query.date}`, () =>
        spec.build(query.date, analyses.source),
      );
      return value === undefined ? problem(c, 404, spec.missing(query.date)) : c.json(value);
    },
  });
}

const jsonOr404 = (c: Context, value: unknown, missing: string): Response =>
  value === undefined ? problem(c, 404, missing) : c.json(value);

export function analysisRoutes(router: ApiRouter, analyses: Analyses): void {
  datedRoute(router, analyses, {
    path: '/api/history',
    summary: 'rank a day against the past liquidation events; most similar events',
    command: 'cascade history --date D',
    build: buildHistoryReport,
    missing: (date) => `no BTC daily bar for ${date}`,
  });
  datedRoute(router, analyses, {
    path: '/api/divergence',
    summary: 'BTC vs equities: alignment, correlation/beta, divergence days, attribution',
    command: 'cascade divergence --date D',
    build: buildDivergenceReport,
    missing: (date) => `no aligned BTC and S&P 500 data with 90 days of history at ${date}`,
  });
  datedRoute(router, analyses, {
    path: '/api/fedwatch',
    summary: 'FOMC outcome probabilities from fed funds futures (or the labelled rates proxy)',
    command: 'cascade fedwatch --date D',
    build: async (date, source) => {
      const reading = await buildFedWatchReport(date, source);
      return reading === undefined ? undefined : fedWatchJson(reading);
    },
    missing: (date) => `no futures, 2-year yield or EFFR data on or before ${date}`,
  });
  datedRoute(router, analyses, {
    path: '/api/contagion',
    summary: 'altcoin contagion on a day: betas, BTC-pair split, breadth, past events',
    command: 'cascade contagion --date D',
    build: async (date, source) => {
      const built = await buildContagionReport(date, source);
      return built === undefined ? undefined : contagionJson(built);
    },
    missing: (date) => `no BTC bars for ${date}`,
  });

  router.add({
    method: 'get',
    path: '/api/levels',
    tag: 'analyses',
    summary: 'support/resistance levels with strength, and their breaches on the day',
    description: 'Same document as `cascade levels --symbol BASE/USDT --date D --json`.',
    query: z.strictObject({
      symbol: baseSymbol.default('BTC'),
      date: isoDate.default(DEFAULT_DATE),
    }),
    response: { kind: 'json', schema: report },
    otherStatuses: { 404: 'no bars that day' },
    handle: async ({ query }, c) => {
      const built = await analyses.cache.get(`levels|${query.symbol}|${query.date}`, () =>
        buildLevelsReport(query.symbol, query.date),
      );
      if ('error' in built)
        return built.missing ? problem(c, 404, built.error) : problem(c, 400, built.error);
      return jsonOr404(c, built, '');
    },
  });
}
