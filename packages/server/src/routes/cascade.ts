/** POST /api/simulate (one cascade), /api/montecarlo and /api/stress (jobs). */
import {
  loadParsedScenario,
  MAX_SERIES_POINTS,
  positionBookStressMarket,
  positionRecordsSchema,
  readPositionBooks,
  repoRoot,
  runMonteCarloSummary,
  runStress,
  scenarioInputError,
  scenarioSchema,
  simulateOffThread,
  STRESS_TEMPLATE,
  stressTemplateRuns,
  toPositionSpec,
  type Scenario,
} from '@cascade/services';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Context } from 'hono';
import { z } from 'zod';
import type { ApiRouter } from '../api-router.js';
import type { ServerContext } from '../context.js';
import { JobInputError } from '../jobs/job-queue.js';
import { problem } from '../problems.js';
import { jobAcceptedSchema } from './jobs.js';

/** Posted scenarios resolve file references as if they sat in examples/scenarios/. */
const scenarioDir = (): string => join(repoRoot(), 'examples', 'scenarios');
const virtualFile = (): string => join(scenarioDir(), 'posted.json');
const MAX_RUNS = 20_000;

/** Referenced files must stay inside the repository's data/ or examples/ (no arbitrary reads). */
function checkFiles(scenario: Scenario, ctx: z.RefinementCtx, prefix: PropertyKey[]): void {
  const root = repoRoot();
  const allowed = [join(root, 'data') + sep, join(root, 'examples') + sep];
  const check = (file: string, path: PropertyKey[]) => {
    const target = resolve(scenarioDir(), file);
    if (!allowed.some((dir) => target.startsWith(dir)))
      ctx.addIssue({
        code: 'custom',
        path: [...prefix, ...path],
        message: `"${file}" is outside the repository's data/ and examples/ (relative to examples/scenarios/)`,
      });
  };
  if ('file' in scenario.book) check(scenario.book.file, ['book', 'file']);
  scenario.positions.forEach((p, k) => {
    if (p.kind === 'file') check(p.file, ['positions', k, 'file']);
  });
}

const postedScenario = scenarioSchema.superRefine((s, ctx) => {
  checkFiles(s, ctx, []);
});

/** A posted scenario, or the name of one in examples/scenarios/. */
const exampleName = z
  .string()
  .regex(/^[A-Za-z0-9._-]+$/)
  .describe('file name (without .json) of an example scenario in examples/scenarios/');

const scenarioOrExample = z.union([postedScenario, exampleName]);

const runsField = z.number().int().min(1).max(MAX_RUNS).optional();

const montecarloBody = z.strictObject({
  scenario: scenarioOrExample,
  runs: runsField.describe(
    `scenarios to run (default: the scenario's monteCarlo.runs; max ${MAX_RUNS})`,
  ),
});

const stressBody = z
  .strictObject({
    scenario: scenarioOrExample
      .optional()
      .describe(
        `market scenario or example name (default: the fitted position book at the end of asOf, with the order book, engine and Monte Carlo of ${STRESS_TEMPLATE})`,
      ),
    asOf: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional()
      .describe(
        'without scenario: the position book at the end of this UTC day (default: the last day with stored open interest)',
      ),
    positions: positionRecordsSchema.min(1),
    runs: runsField,
  })
  .refine((b) => b.scenario === undefined || b.asOf === undefined, {
    path: ['asOf'],
    message: 'applies to the position-book market only (not with scenario)',
  });

export const scenariosSchema = z.array(z.object({ name: z.string(), scenario: z.unknown() }));

function exampleScenario(name: string): Scenario | undefined {
  const file = join(scenarioDir(), `${name}.json`);
  if (relative(scenarioDir(), file).includes(sep)) return undefined;
  try {
    return scenarioSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}

type Resolved = { ok: true; scenario: Scenario } | { ok: false; error: string };

function resolveScenario(value: Scenario | string): Resolved {
  if (typeof value !== 'string') return { ok: true, scenario: value };
  const scenario = exampleScenario(value);
  return scenario === undefined
    ? { ok: false, error: `no example scenario "${value}" in examples/scenarios/` }
    : { ok: true, scenario };
}

export function cascadeRoutes(router: ApiRouter, context: ServerContext): void {
  scenarioRoutes(router, context);
  monteCarloRoutes(router, context);
}

/** The maps of the scenario's position-book sources, from the server's store. */
const booksOf = (context: ServerContext, scenario: Scenario) =>
  readPositionBooks(scenario, context.store, 'scenario');

function scenarioRoutes(router: ApiRouter, context: ServerContext): void {
  router.add({
    method: 'get',
    path: '/api/scenarios',
    tag: 'simulation',
    summary: 'the example scenarios (examples/scenarios/*.json), to start a simulation from',
    response: { kind: 'json', schema: scenariosSchema },
    handle: (_input, c) => {
      const names = readdirSync(scenarioDir())
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -5))
        .sort();
      return c.json(names.map((name) => ({ name, scenario: exampleScenario(name) ?? null })));
    },
  });

  router.add({
    method: 'post',
    path: '/api/simulate',
    tag: 'simulation',
    summary: 'one liquidation cascade: summary, price path, waterfall, insurance fund and ADL',
    description: `Body: a scenario (docs/scenario.md, like examples/scenarios/*.json; file references resolve from examples/scenarios/ and must stay inside data/ or examples/; "position-book" sources read the server's store). "summary" is the document of \`cascade simulate --json\`; "series" has one point per step (grouped to at most ${MAX_SERIES_POINTS}).`,
    body: postedScenario,
    response: {
      kind: 'json',
      schema: z.object({
        summary: z.looseObject({ scenario: z.string(), totalLiquidatedUsd: z.number() }),
        series: z.object({
          step: z.array(z.number()),
          priceUsd: z.array(z.number()),
          longLiquidatedUsd: z.array(z.number()),
          shortLiquidatedUsd: z.array(z.number()),
          liquidations: z.array(z.number()),
          insuranceFundUsd: z.array(z.number()),
          adlUsd: z.array(z.number()).describe('cumulative'),
        }),
      }),
    },
    handle: async ({ body }, c) => {
      let books;
      try {
        books = await booksOf(context, body);
      } catch (error) {
        const inputError = scenarioInputError(error);
        if (inputError === null) throw error;
        return problem(c, 400, inputError);
      }
      const outcome = await simulateOffThread(body, virtualFile(), books);
      return outcome.ok ? c.json(outcome.document) : problem(c, 400, outcome.inputError);
    },
  });
}

/** Submits `run` as a job of `runs` scenarios: 202 with the job id, or 429. */
function submitJob(
  c: Context,
  context: ServerContext,
  kind: 'montecarlo' | 'stress',
  runs: number,
  run: (report: (done: number, total: number) => void) => Promise<unknown>,
): Response {
  const job = context.jobs.submit(kind, runs, async (report) => {
    try {
      return await run((done, total) => {
        report({ done, total });
      });
    } catch (error) {
      const inputError = scenarioInputError(error);
      throw inputError === null ? error : new JobInputError(inputError);
    }
  });
  if (job === undefined) return problem(c, 429, 'too many jobs waiting: retry when one finishes');
  return c.json({ id: job.id, status: job.status, url: `/api/jobs/${job.id}` }, 202);
}

/**
 * Resolves the scenario, checks its Monte Carlo section and submits `run` as a job: 202 with the
 * job id, or the 400 / 404 that explains why not.
 */
function submitScenarioJob(
  c: Context,
  context: ServerContext,
  kind: 'montecarlo' | 'stress',
  requested: { scenario: Scenario | string; runs?: number | undefined },
  run: (
    scenario: Scenario,
    runs: number,
    report: (done: number, total: number) => void,
  ) => Promise<unknown>,
): Response {
  const resolved = resolveScenario(requested.scenario);
  if (!resolved.ok) return problem(c, 404, resolved.error);
  const { scenario } = resolved;
  if (scenario.monteCarlo === undefined)
    return problem(c, 400, 'invalid request', [
      { path: 'body.scenario.monteCarlo', message: `required for ${kind} jobs` },
    ]);
  const runs = requested.runs ?? scenario.monteCarlo.runs;
  return submitJob(c, context, kind, runs, (report) => run(scenario, runs, report));
}

function monteCarloRoutes(router: ApiRouter, context: ServerContext): void {
  router.add({
    method: 'post',
    path: '/api/montecarlo',
    tag: 'simulation',
    summary: 'liquidation-at-risk over many seeded cascades, as a job',
    description:
      'Body: { scenario (object or example name), runs? }. Answers 202 { id }; follow GET /api/jobs/{id}/events. The job result is the document of `cascade montecarlo --json`.',
    body: montecarloBody,
    response: { kind: 'json', schema: jobAcceptedSchema, status: 202 },
    otherStatuses: { 404: 'no such example scenario', 429: 'too many jobs waiting' },
    handle: ({ body }, c) =>
      submitScenarioJob(c, context, 'montecarlo', body, async (scenario, runs, report) => {
        const books = await booksOf(context, scenario);
        const loaded = loadParsedScenario(scenario, virtualFile(), [], books);
        return runMonteCarloSummary(loaded, runs, undefined, report);
      }),
  });

  router.add({
    method: 'post',
    path: '/api/stress',
    tag: 'simulation',
    summary: 'your positions in a simulated market: P(liquidation), expected loss, shock — a job',
    description:
      'Body: { positions (position records, docs/position-record.md), scenario? | asOf?, runs? }. Without a scenario the market is the fitted position book over the stored Binance BTC/USDT:USDT open interest at the end of asOf (default: the last stored day), as `cascade stress` without --scenario. Answers 202 { id }. The job result is the document of `cascade stress --json`.',
    body: stressBody,
    response: { kind: 'json', schema: jobAcceptedSchema, status: 202 },
    otherStatuses: { 404: 'no such example scenario', 429: 'too many jobs waiting' },
    handle: ({ body }, c) => {
      const specs = body.positions.map(toPositionSpec);
      if (body.scenario === undefined) {
        const runs = body.runs ?? stressTemplateRuns();
        return submitJob(c, context, 'stress', runs, async (report) => {
          const m = await positionBookStressMarket(context.store, body.asOf);
          return runStress(specs, m.scenario, m.file, runs, undefined, report, m.books);
        });
      }
      const requested = { scenario: body.scenario, runs: body.runs };
      return submitScenarioJob(c, context, 'stress', requested, async (scenario, runs, report) => {
        const books = await booksOf(context, scenario);
        return runStress(specs, scenario, virtualFile(), runs, undefined, report, books);
      });
    },
  });
}
