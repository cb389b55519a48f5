/** Price, level and realized-liquidation inputs from the market store / embedded data. */
import type { MarketStore } from '@cascade/adapters';
import { buildLevelsReport, type MacroSource } from '@cascade/services';
import { ResultMemo } from './memo-source.js';
import type { CatalogEvent } from './catalog.js';
import type { HourBar, LevelInput, LiquidationBucket, PriceInput, RealizedLiquidations } from '../inputs.js';

const DAY_MS = 86_400_000;

export async function loadPrice(source: MacroSource, date: string): Promise<PriceInput | undefined> {
  const daily = await source.cryptoDaily('BTC');
  const i = daily.dates.indexOf(date);
  if (i < 0) return undefined;
  const at = (a: Float64Array | readonly number[], k: number) => a[k] ?? Number.NaN;
  const returns: number[] = [];
  for (let k = Math.max(1, i - 30); k < i; k += 1) returns.push(Math.abs(at(daily.close, k) / at(daily.close, k - 1) - 1));
  const dayStart = Date.parse(`${date}T00:00:00Z`);
  const series = await source.btcHourly();
  const hourly: HourBar[] = [];
  for (let k = 0; k < series.openMs.length; k += 1) {
    const ts = series.openMs[k] ?? 0;
    if (ts < dayStart - DAY_MS || ts >= dayStart + DAY_MS) continue;
    const close = at(series.close, k);
    const low = at(series.low, k);
    const open = k > 0 ? at(series.close, k - 1) : close;
    hourly.push({ tsMs: ts, open, high: Math.max(open, close), low, close });
  }
  const today = hourly.filter((b) => b.tsMs >= dayStart);
  const lowBar = today.reduce<HourBar | undefined>((m, b) => (m === undefined || b.low < m.low ? b : m), undefined);
  return {
    symbol: 'BTC',
    open: at(daily.open, i),
    high: at(daily.high, i),
    low: at(daily.low, i),
    close: at(daily.close, i),
    previousClose: i > 0 ? at(daily.close, i - 1) : undefined,
    lowAtMs: lowBar?.tsMs,
    hourly,
    typicalAbsReturn: returns.length > 0 ? returns.reduce((a, b) => a + b, 0) / returns.length : undefined,
    source: `${source.label}: Binance spot BTC/USDT daily and hourly bars`,
  };
}

type LevelsOutcome = Awaited<ReturnType<typeof buildLevelsReport>>;
const LEVELS = new ResultMemo<LevelsOutcome>(32);

/** The strongest level the day closed through (else the strongest it touched), and the next one. */
export async function loadLevel(date: string, close: number | undefined): Promise<LevelInput | undefined> {
  const report = await LEVELS.get(date, () => buildLevelsReport('BTC', date));
  if ('error' in report) return undefined;
  // Breaks that held come first, then closes through, then strength.
  const held = (b: (typeof report.breaches)[number]) =>
    Number(b.closeThroughTs !== null && b.reclaimTs === null);
  const ranked = [...report.breaches].sort(
    (a, b) =>
      held(b) - held(a) ||
      Number(b.closeThroughTs !== null) - Number(a.closeThroughTs !== null) ||
      b.strength - a.strength,
  );
  const breach = ranked[0];
  if (breach === undefined) return undefined;
  const support = breach.kind === 'support';
  const beyond = report.levels
    .filter((l) => (support ? l.price < breach.level * (1 - 2 * report.zone) : l.price > breach.level * (1 + 2 * report.zone)))
    .filter((l) => l.strength >= 0.2)
    .sort((a, b) => (support ? b.price - a.price : a.price - b.price));
  const next = beyond.find((l) => close === undefined || (support ? l.price < close : l.price > close)) ?? beyond[0];
  return {
    priceUsd: breach.level,
    side: support ? 'support' : 'resistance',
    strength: breach.strength,
    pierceAtMs: breach.depthThroughTs,
    closeThroughAtMs: breach.closeThroughTs ?? undefined,
    retestAtMs: breach.retestTs ?? undefined,
    reclaimed: breach.reclaimTs !== null,
    nextPriceUsd: next?.price,
    source: `levels of Binance spot BTC/USDT 1h bars, ${report.file}`,
  };
}

/** Hourly Coinglass buckets in the store, else the catalog's reported total. */
export async function loadRealized(
  store: MarketStore | undefined,
  events: readonly CatalogEvent[],
  date: string,
): Promise<RealizedLiquidations | undefined> {
  const dayStart = Date.parse(`${date}T00:00:00Z`);
  const rows = store === undefined ? [] : await store.select('liquidation_buckets', { symbol: 'BTC', fromMs: dayStart, toMs: dayStart + DAY_MS - 1 });
  const buckets: LiquidationBucket[] = rows
    .filter((r) => r.intervalMs === 3_600_000)
    .map((r) => ({ tsMs: r.tsMs, longUsd: r.longUsd, shortUsd: r.shortUsd }));
  const event = events.find((e) => e.date === date);
  if (buckets.length >= 12) {
    const longUsd = buckets.reduce((a, b) => a + b.longUsd, 0);
    const shortUsd = buckets.reduce((a, b) => a + b.shortUsd, 0);
    const peakHour = buckets.reduce((m, b) => (b.longUsd + b.shortUsd > m.longUsd + m.shortUsd ? b : m));
    return {
      kind: 'store',
      scope: 'BTC only, Binance, Bybit and OKX',
      totalUsd: longUsd + shortUsd,
      longUsd,
      shortUsd,
      traders: undefined,
      peakHour,
      buckets,
      reportedTotalUsd: event?.totalLiquidatedUsd ?? undefined,
      reportedSource: event === undefined ? undefined : `event catalog data/events/historical-events.json (${event.window}; ${event.source})`,
      source: `market store table liquidation_buckets (Coinglass hourly, symbol BTC, ${rows[0]?.source ?? 'coinglass'})`,
    };
  }
  if (event?.totalLiquidatedUsd === null || event?.totalLiquidatedUsd === undefined) return undefined;
  const longUsd = event.longSharePct === null ? undefined : (event.totalLiquidatedUsd * event.longSharePct) / 100;
  return {
    kind: 'reported',
    scope: 'all coins and venues tracked by CoinGlass',
    totalUsd: event.totalLiquidatedUsd,
    longUsd,
    shortUsd: longUsd === undefined ? undefined : event.totalLiquidatedUsd - longUsd,
    traders: event.tradersLiquidated ?? undefined,
    peakHour: undefined,
    buckets: [],
    source: `event catalog data/events/historical-events.json (${event.window}; ${event.source})`,
  };
}
