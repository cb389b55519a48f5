/**
 * The market `cascade stress` (and POST /api/stress) puts a user's positions into when no
 * scenario is given: the other positions drawn from the fitted liquidation model's position
 * book at the end of a day, with the order book, engine and Monte Carlo distributions of the
 * calibrated example examples/scenarios/2025-11-21.json.
 */
import { join } from 'node:path';
import type { HeatmapStore } from '../heatmap-input.js';
import { repoRoot } from '../repo-paths.js';
import { DataFormatError } from './book-files.js';
import { readScenarioFile } from './load-scenario.js';
import { readPositionBooks, type BookRead } from './position-book-source.js';
import { positionBookSourceSchema, type Scenario } from './scenario-schema.js';
import { typicalValue } from './stress.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The example whose order book, engine and Monte Carlo sections the default market uses. */
export const STRESS_TEMPLATE = join('examples', 'scenarios', '2025-11-21.json');

/** The default market's instrument and draw. */
export const STRESS_MARKET = {
  venue: 'binance',
  symbol: 'BTC/USDT:USDT',
  count: 20_000,
  sizeSigma: 1,
} as const;

/** Name under which the default market appears in messages (it has no file of its own). */
export const STRESS_MARKET_FILE = 'default stress market';

/**
 * The last UTC day whose final hour has stored open interest for the default instrument (a day
 * still filling is skipped). DataFormatError when none is stored.
 */
export async function latestOpenInterestDay(store: HeatmapStore): Promise<string> {
  const rows = await store.select('open_interest', {
    exchange: STRESS_MARKET.venue,
    symbol: STRESS_MARKET.symbol,
  });
  const stored = rows.filter((r) => r.openInterestUsd !== null);
  const last = stored[stored.length - 1];
  if (last === undefined)
    throw new DataFormatError(
      `${STRESS_MARKET_FILE}: no open interest stored for ${STRESS_MARKET.venue} ${STRESS_MARKET.symbol} (load the embedded dataset with \`cascade data init\`, or give --scenario FILE)`,
    );
  return new Date(last.tsMs + HOUR_MS - DAY_MS).toISOString().slice(0, 10);
}

/** The default market's Monte Carlo runs (the template's). */
export function stressTemplateRuns(): number {
  return readScenarioFile(join(repoRoot(), STRESS_TEMPLATE)).monteCarlo?.runs ?? 1000;
}

/**
 * The default stress market at the end of `asOf` (default: latestOpenInterestDay): positions from
 * the fitted position book, start price = the book's last close, everything else from
 * STRESS_TEMPLATE. Returns the scenario and the book it was drawn from.
 */
export async function positionBookStressMarket(
  store: HeatmapStore,
  asOf: string | undefined,
): Promise<{ scenario: Scenario; file: string; books: BookRead[] }> {
  const day = asOf ?? (await latestOpenInterestDay(store));
  const { reported: _reported, ...template } = readScenarioFile(join(repoRoot(), STRESS_TEMPLATE));
  const source = positionBookSourceSchema.safeParse({
    kind: 'position-book',
    ...STRESS_MARKET,
    asOf: day,
  });
  if (!source.success)
    throw new DataFormatError(`--as-of: "${day}" ${source.error.issues[0]?.message ?? 'invalid'}`);
  const draft: Scenario = {
    ...template,
    name: `${STRESS_MARKET.venue} ${STRESS_MARKET.symbol} fitted position book at the end of ${day}`,
    description: `Positions from the fitted liquidation model's position book; order book, engine and Monte Carlo from ${STRESS_TEMPLATE}.`,
    positions: [source.data],
    // Not used by the stress test (it draws shocks from monteCarlo); the typical one, for reuse.
    shock: {
      kind: 'market-sell',
      usd: template.monteCarlo ? typicalValue(template.monteCarlo.shockUsd) : 2e8,
    },
  };
  const books = await readPositionBooks(draft, store, STRESS_MARKET_FILE);
  const startPriceUsd = books[0]?.lastCloseUsd ?? Number.NaN;
  return { scenario: { ...draft, startPriceUsd }, file: STRESS_MARKET_FILE, books };
}
