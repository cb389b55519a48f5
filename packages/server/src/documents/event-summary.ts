/**
 * The event view's headline numbers for one day, each part from the store or a services report,
 * each naming its source; a part without data is null.
 */
import type { DuckDbMarketStore } from '@cascade/adapters';
import {
  buildFedWatchReport,
  buildHistoryReport,
  buildLevelsReport,
  fedWatchJson,
  type MacroSource,
} from '@cascade/services';

const DAY_MS = 86_400_000;
const pct = (to: number, from: number): number => (to / from - 1) * 100;

async function dailyBar(store: DuckDbMarketStore, exchange: string, symbol: string, date: string) {
  const dayMs = Date.parse(`${date}T00:00:00Z`);
  const bars = await store.candles({
    exchange,
    symbol,
    timeframe: '1d',
    fromMs: dayMs - 7 * DAY_MS,
    toMs: dayMs,
  });
  const at = bars.findIndex((b) => b.tsMs === dayMs);
  return at < 0 ? null : { bar: bars[at], previous: at > 0 ? bars[at - 1] : undefined };
}

async function price(store: DuckDbMarketStore, base: string, date: string) {
  const found = await dailyBar(store, 'binance', `${base}/USDT`, date);
  if (found?.bar === undefined) return null;
  const { open, high, low, close } = found.bar;
  return {
    open,
    high,
    low,
    close,
    changePct: pct(close, open),
    drawdownPct: pct(low, open),
    source: `binance ${base}/USDT 1d (UTC day)`,
  };
}

async function equities(store: DuckDbMarketStore, date: string) {
  const move = async (ticker: string) => {
    const found = await dailyBar(store, 'yahoo', ticker, date);
    return found?.bar === undefined || found.previous === undefined
      ? null
      : pct(found.bar.close, found.previous.close);
  };
  const [spx, nasdaq] = await Promise.all([move('^GSPC'), move('^IXIC')]);
  if (spx === null && nasdaq === null) return null;
  return {
    spxChangePct: spx,
    nasdaqChangePct: nasdaq,
    source: 'yahoo ^GSPC / ^IXIC daily close vs previous close',
  };
}

async function liquidations(store: DuckDbMarketStore, base: string, date: string) {
  const fromMs = Date.parse(`${date}T00:00:00Z`);
  const buckets = await store.select('liquidation_buckets', {
    symbol: base,
    fromMs,
    toMs: fromMs + DAY_MS - 1,
  });
  const hours = buckets.reduce((n, b) => n + b.intervalMs / 3_600_000, 0);
  if (hours >= 24) {
    const longUsd = buckets.reduce((s, b) => s + b.longUsd, 0);
    const shortUsd = buckets.reduce((s, b) => s + b.shortUsd, 0);
    const total = longUsd + shortUsd;
    return {
      longUsd,
      shortUsd,
      totalUsd: total,
      longShare: total > 0 ? longUsd / total : null,
      scope: `${base} only`,
      source: `${buckets[0]?.source ?? 'buckets'} ${base} liquidation buckets (store)`,
    };
  }
  const event = (await store.select('event_catalog')).find((e) => e.date === date);
  if (event?.totalLiquidatedUsd == null) return null;
  const share = event.longSharePct === null ? null : event.longSharePct / 100;
  return {
    longUsd: share === null ? null : event.totalLiquidatedUsd * share,
    shortUsd: share === null ? null : event.totalLiquidatedUsd * (1 - share),
    totalUsd: event.totalLiquidatedUsd,
    longShare: share,
    scope: `all coins, ${event.windowLabel}`,
    source: `event catalog (${event.confidence}): ${event.source}`,
  };
}

async function brokenLevel(base: string, date: string) {
  const levels = await buildLevelsReport(base, date);
  if ('error' in levels) return null;
  const strongest = [...levels.breaches].sort((a, b) => b.strength - a.strength)[0];
  if (strongest === undefined) return null;
  return {
    priceUsd: strongest.level,
    kind: strongest.kind,
    strength: strongest.strength,
    atMs: strongest.depthThroughTs,
    closedThroughAtMs: strongest.closeThroughTs,
    source: `cascade levels (${levels.file})`,
  };
}

async function fedwatch(date: string, source: MacroSource) {
  const reading = await buildFedWatchReport(date, source);
  if (reading === undefined) return null;
  const json = fedWatchJson(reading);
  const next = json.meetings[0];
  if (next !== undefined)
    return {
      meeting: next.date,
      probabilities: next.probabilities,
      asOf: json.asOf,
      source: 'cascade fedwatch (fed funds futures, CME method)',
    };
  // No futures that day: the newest published FedWatch reading on or before it, if any.
  const published = ('published' in json ? json.published : [])
    .filter((p) => p.asOfDate <= date)
    .sort((a, b) => a.asOfDate.localeCompare(b.asOfDate))
    .at(-1);
  if (published === undefined)
    return {
      meeting: null,
      probabilities: null,
      asOf: date,
      source: 'no futures or published reading',
    };
  return {
    meeting: published.meetingDate,
    probabilities: published.probabilities,
    asOf: published.asOfDate,
    source: `published CME FedWatch reading, as reported: ${published.source}`,
  };
}

async function history(date: string, source: MacroSource) {
  const report = await buildHistoryReport(date, source);
  if (report === undefined) return null;
  return {
    btcDrawdownPercentileAllDays: report.btcDrawdownPercentileAllDays,
    percentileVsEvents: report.percentileVsEvents,
    mostSimilar: report.mostSimilar.slice(0, 3).map((m) => m.date),
    source: 'cascade history',
  };
}

export async function eventSummary(
  store: DuckDbMarketStore,
  source: MacroSource,
  date: string,
  base: string,
) {
  const [p, level, liq, eq, fed, hist] = await Promise.all([
    price(store, base, date),
    brokenLevel(base, date),
    liquidations(store, base, date),
    equities(store, date),
    fedwatch(date, source),
    history(date, source),
  ]);
  return {
    date,
    symbol: base,
    price: p,
    brokenLevel: level,
    liquidations: liq,
    equities: eq,
    fedwatch: fed,
    history: hist,
  };
}
