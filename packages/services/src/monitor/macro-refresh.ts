import {
  fetchFredSeries,
  fetchYahooDaily,
  type DuckDbMarketStore,
  type MacroFetchOptions,
} from '@cascade/adapters';
import type { RuleSpec } from '@cascade/analytics';

const DAY_MS = 86_400_000;
const MONTH_CODES = 'FGHJKMNQUVXZ';

/** Yahoo symbols of the 30-day fed funds futures for the 12 months from `nowMs`. */
export function zqContracts(nowMs: number): string[] {
  const now = new Date(nowMs);
  return Array.from({ length: 12 }, (_, k) => {
    const month = (now.getUTCMonth() + k) % 12;
    const year = now.getUTCFullYear() + Math.floor((now.getUTCMonth() + k) / 12);
    return `ZQ${MONTH_CODES[month] ?? 'F'}${String(year % 100).padStart(2, '0')}.CBT`;
  });
}

/**
 * Live macro polling: refreshes the store with the last 10 days of what the macro rules read —
 * ZQ futures and FRED DFF/DFEDTARL for fedwatch-shift, Yahoo index closes for correlation-regime.
 * Each download that fails is reported and the others go on.
 */
export async function refreshMacroStore(
  store: DuckDbMarketStore,
  rules: readonly RuleSpec[],
  nowMs: number,
  onNotice: (message: string) => void,
  options: Partial<MacroFetchOptions> = {},
): Promise<number> {
  const fetchOptions: MacroFetchOptions = {
    ...options,
    sinceMs: nowMs - 10 * DAY_MS,
    untilMs: nowMs,
  };
  const jobs: { what: string; run: () => Promise<number> }[] = [];
  if (rules.some((r) => r.type === 'fedwatch-shift')) {
    for (const symbol of zqContracts(nowMs))
      jobs.push({
        what: `yahoo ${symbol}`,
        run: () => fetchYahooDaily(store, symbol, fetchOptions),
      });
    for (const id of ['DFF', 'DFEDTARL'])
      jobs.push({ what: `FRED ${id}`, run: () => fetchFredSeries(store, id, fetchOptions) });
  }
  const indices = new Set(
    rules.flatMap((r) =>
      r.type === 'correlation-regime' ? r.series.filter((s) => s.startsWith('^')) : [],
    ),
  );
  for (const symbol of indices)
    jobs.push({ what: `yahoo ${symbol}`, run: () => fetchYahooDaily(store, symbol, fetchOptions) });
  let rows = 0;
  for (const job of jobs) {
    try {
      rows += await job.run();
    } catch (error) {
      onNotice(`${job.what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return rows;
}
