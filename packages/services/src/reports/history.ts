/** A day ranked against the catalog of past liquidation events; the most similar events. */
import {
  rankBySimilarity,
  RANKED_METRICS,
  severityPercentile,
  type DayMetrics,
  type RankedMetric,
} from '@cascade/analytics';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { CRYPTO_SYMBOLS, type HistoricalEvent, type Ohlc } from '../macro-data.js';
import { type MacroSource } from '../macro-source.js';
import { repoRoot } from '../repo-paths.js';

interface Series {
  readonly ohlc: Ohlc;
  readonly index: Map<string, number>;
}

const indexed = (ohlc: Ohlc): Series => ({
  ohlc,
  index: new Map(ohlc.dates.map((d, i) => [d, i])),
});

function drawdown(s: Series, date: string): number | null {
  const i = s.index.get(date);
  if (i === undefined) return null;
  return (s.ohlc.low[i] ?? Number.NaN) / (s.ohlc.open[i] ?? Number.NaN) - 1;
}

function dayMetrics(
  date: string,
  btc: Series,
  alts: readonly Series[],
  spx: Series,
  liquidatedUsd: number | null,
): DayMetrics {
  const i = btc.index.get(date);
  const altDd = alts
    .map((a) => drawdown(a, date))
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  const mid = altDd.length / 2;
  const median =
    altDd.length === 0
      ? null
      : altDd.length % 2
        ? (altDd[Math.floor(mid)] ?? null)
        : ((altDd[mid - 1] ?? 0) + (altDd[mid] ?? 0)) / 2;
  const j = spx.index.get(date);
  const spxReturn =
    j === undefined || j === 0
      ? null
      : (spx.ohlc.close[j] ?? Number.NaN) / (spx.ohlc.close[j - 1] ?? Number.NaN) - 1;
  return {
    date,
    btcDrawdown: drawdown(btc, date),
    btcReturn:
      i === undefined ? null : (btc.ohlc.close[i] ?? Number.NaN) / (btc.ohlc.open[i] ?? 1) - 1,
    altMedianDrawdown: median,
    altWorstDrawdown: altDd[0] ?? null,
    spxReturn,
    liquidatedUsd,
  };
}

const liqRow = z.object({
  ts: z.coerce.number().int(),
  longUsd: z.coerce.number().nonnegative(),
  shortUsd: z.coerce.number().nonnegative(),
});

/**
 * BTC liquidations per UTC day (USD, Binance+Bybit+OKX, Coinglass hourly file in
 * data/derivatives/); only days with all 24 hours.
 */
async function btcDailyLiquidations(): Promise<Map<string, { long: number; short: number }>> {
  const dir = join(repoRoot(), 'data', 'derivatives');
  const name = readdirSync(dir).find((n) =>
    n.startsWith('coinglass_BTC_aggregated_liquidations_1h_'),
  );
  const out = new Map<string, { long: number; short: number; hours: number }>();
  if (name === undefined) return new Map();
  const raw = await readFile(join(dir, name));
  const lines = gunzipSync(raw).toString('utf8').split(/\r?\n/).slice(1);
  lines.forEach((line, i) => {
    if (line.length === 0) return;
    const c = line.split(',');
    const r = liqRow.safeParse({ ts: c[0], longUsd: c[2], shortUsd: c[3] });
    if (!r.success) throw new Error(`${name} line ${i + 2}: ${r.error.issues[0]?.message ?? ''}`);
    const day = new Date(r.data.ts).toISOString().slice(0, 10);
    const acc = out.get(day) ?? { long: 0, short: 0, hours: 0 };
    acc.long += r.data.longUsd;
    acc.short += r.data.shortUsd;
    acc.hours += 1;
    out.set(day, acc);
  });
  return new Map(
    [...out]
      .filter(([, v]) => v.hours === 24)
      .map(([d, v]) => [d, { long: v.long, short: v.short }]),
  );
}

export interface HistoryReport {
  readonly date: string;
  readonly source: string;
  readonly day: DayMetrics;
  readonly catalogEvent: boolean;
  readonly percentileVsEvents: Record<RankedMetric, number | null>;
  readonly btcDrawdownPercentileAllDays: number | null;
  readonly allDaysCount: number;
  readonly allDaysFrom: string;
  readonly mostSimilar: { date: string; distance: number; features: readonly string[] }[];
  /** BTC-only liquidations that UTC day (Coinglass hourly, Binance+Bybit+OKX), when covered. */
  readonly btcLiquidations: { long: number; short: number } | null;
  readonly events: (DayMetrics & { confidence: string; window: string; source: string })[];
}

export async function buildHistoryReport(
  date: string,
  source: MacroSource,
): Promise<HistoryReport | undefined> {
  const btc = indexed(await source.cryptoDaily('BTC'));
  if (!btc.index.has(date)) return undefined;
  const alts: Series[] = [];
  for (const symbol of CRYPTO_SYMBOLS) {
    if (symbol !== 'BTC') alts.push(indexed(await source.cryptoDaily(symbol)));
  }
  const spx = indexed(await source.equity('GSPC'));
  const catalog: HistoricalEvent[] = await source.events();
  const events = catalog.map((e) => ({
    ...dayMetrics(e.date, btc, alts, spx, e.totalLiquidatedUsd),
    confidence: e.confidence,
    window: e.window,
    source: e.source,
  }));
  const known = catalog.find((e) => e.date === date);
  const day = dayMetrics(date, btc, alts, spx, known?.totalLiquidatedUsd ?? null);
  const others = events.filter((e) => e.date !== date);
  const percentileVsEvents = Object.fromEntries(
    RANKED_METRICS.map((key) => [
      key,
      severityPercentile(
        day[key],
        others.map((e) => e[key]),
        key === 'liquidatedUsd',
      ),
    ]),
  ) as Record<RankedMetric, number | null>;
  const all = btc.ohlc.dates.map((d) => drawdown(btc, d));
  return {
    date,
    source: source.label,
    day,
    catalogEvent: known !== undefined,
    percentileVsEvents,
    btcDrawdownPercentileAllDays: severityPercentile(day.btcDrawdown, all, false),
    allDaysCount: all.length,
    allDaysFrom: btc.ohlc.dates[0] ?? '',
    mostSimilar: rankBySimilarity(day, others).slice(0, 3),
    btcLiquidations: (await btcDailyLiquidations()).get(date) ?? null,
    events,
  };
}
