/**
 * Scenarios built from the market store for any date D (docs/validation.md): only rows stamped
 * before 00:00 UTC of D are read. Start price = the last stored 1h close before D; positions = the
 * fitted position book at the end of D−1 (position-book source, scaled to the venues of the
 * realized series); depth = a parametric B·u^κ book whose B comes from a depth model on trailing
 * volume and volatility (an assumption, see DEPTH_MODEL); shock and withdrawal distributions
 * fitted on the 90 days before D.
 */
import type { MarketStore } from '@cascade/adapters';
import { isIsoDate } from '@cascade/analytics';
import { DataFormatError } from '../cascade/book-files.js';
import { readPositionBooks, type BookRead } from '../cascade/position-book-source.js';
import { scenarioSchema, type Scenario } from '../cascade/scenario-schema.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The spot series the price, volume and volatility come from. */
export const PRICE_SERIES = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' } as const;

/**
 * Settings of the builder. Chosen on days before 2026-02-01 only (docs/validation.md, "Selection
 * days"); never on the test window.
 */
export interface BuilderSettings {
  /** Days of history the shock and withdrawal distributions are fitted on. */
  readonly fitDays: number;
  /**
   * Multiplier from the Binance position book to the venues the realized series covers
   * (Coinglass Binance+Bybit+OKX): the book's live notional is scaled by it.
   */
  readonly venueFactor: number;
  /**
   * When set, the book's live notional is scaled to this multiple of the stored open interest at
   * the end of D−1 (times venueFactor): the book gives the shape, the store the level.
   */
  readonly oiMultiple: number | null;
  /**
   * Share of the level placed by a generated background (entries spread ±backgroundRangePct
   * around the start price, a fixed leverage mix) instead of the book: open interest the fitted
   * book does not place near the price.
   */
  readonly backgroundShare: number;
  readonly backgroundRangePct: number;
  /** Multiplier on the exogenous sell that reproduces a historical drawdown on the withdrawn book. */
  readonly shockScale: number;
  /** Withdrawal W: median and log-sigma of the lognormal (cascades.md: median 3.4×, p90 17×). */
  readonly withdrawalMedian: number;
  readonly withdrawalSigma: number;
  /** Positions drawn from the book. */
  readonly positions: number;
  readonly kappa: number;
  /**
   * When the realized price path drives the book (backtest, path-driven), the path already holds
   * the forced selling: the book is this many times deeper and not withdrawn, so positions are
   * liquidated where the path crosses them rather than pushing the price past the realized low.
   */
  readonly pathDepthMultiplier: number;
  readonly pathWithdrawal: number;
  /** Forecast by resampled paths: scale their moves by the last N days' hourly volatility (0 = off). */
  readonly volScaleDays: number;
}

export const DEFAULT_BUILDER_SETTINGS: BuilderSettings = {
  fitDays: 90,
  venueFactor: 1,
  // Σ path-driven ÷ Σ realized = 1.01 on the selection days 2025-11-24..2026-01-31.
  oiMultiple: 0.08,
  // Path-driven Spearman on the selection days: 0.736 (book only), 0.925 (0.5), 0.928 (0.8).
  backgroundShare: 0.5,
  backgroundRangePct: 3,
  shockScale: 1,
  withdrawalMedian: 3.4,
  // ln(17 / 3.4) / 1.2816: p90 of 17× as in cascades.md.
  // W fixed at the cascades.md median: a lognormal with its p90 of 17× (σ 1.26) scored worse
  // on the selection days (pinball −15% vs −7% against climatology, --forecast shocks).
  withdrawalSigma: 0,
  positions: 5000,
  kappa: 1.13,
  pathDepthMultiplier: 1,
  pathWithdrawal: 3.4,
  // Pinball skill on the selection days: −3.6% (7 days), −6.8% (3), −10% (off, no model error).
  volScaleDays: 7,
};

/**
 * Depth model (an assumption: no depth history is stored). Market-microstructure invariance
 * (Kyle & Obizhaeva, "Market Microstructure Invariance", Econometrica 84(4), 2016) makes market
 * depth scale as (dollar volume / variance)^(1/3). Anchored at Binance BTCUSDT's normal bid depth
 * within 1%, $244M (cascades.md 1.3, repo DEPTH_FINDINGS.md), taken to hold at the median of the
 * trailing 365 days' 30-day volume and volatility:
 *   B(D) = B0 · ((V30 / Vref) / (σ30 / σref)²)^(1/3)
 */
export const DEPTH_MODEL = {
  b0Usd: 244e6,
  exponent: 1 / 3,
  windowDays: 30,
  referenceDays: 365,
  citation:
    'Kyle & Obizhaeva (2016) invariance: depth ∝ (dollar volume / variance)^(1/3); B0 = $244M Binance BTCUSDT bid within 1% on a normal day (cascades.md 1.3)',
} as const;

export interface BuiltFrom {
  readonly kind: 'built-from-data';
  readonly date: string;
  readonly dataBefore: string;
  readonly tables: readonly string[];
  readonly candles: { readonly from: string; readonly to: string; readonly series: string };
  readonly depth: {
    readonly model: string;
    readonly depthUsdWithin1Pct: number;
    readonly volume30dUsd: number;
    readonly volatility30d: number;
    readonly assumption: string;
  };
  readonly shock: {
    readonly fitFrom: string;
    readonly fitTo: string;
    readonly days: number;
    readonly medianDrawdownPct: number;
    readonly p90DrawdownPct: number;
  };
  readonly positions: {
    readonly venue: string;
    readonly symbol: string;
    readonly asOf: string;
    readonly bookLiveUsd: number;
    readonly venueFactor: number;
    readonly oiMultiple: number | null;
    readonly levelUsd: number;
    readonly backgroundShare: number;
  };
  readonly settings: BuilderSettings;
}

export type BuiltScenario = Scenario & { readonly builtFrom: BuiltFrom };

export interface BuildResult {
  readonly scenario: BuiltScenario;
  /** The position-book maps read from the store (hand to loadParsedScenario). */
  readonly books: readonly BookRead[];
  /** The hourly candles of the fit window (before D), oldest first. */
  readonly history: readonly HourBar[];
}

export interface HourBar {
  readonly tsMs: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volumeUsd: number;
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function dayStartMs(date: string, field = '--date'): number {
  if (!isIsoDate(date)) throw new DataFormatError(`${field}: expected YYYY-MM-DD, got "${date}"`);
  return Date.parse(`${date}T00:00:00Z`);
}

/** Daily bars (UTC) aggregated from hourly ones. */
export function dailyBars(hours: readonly HourBar[]): HourBar[] {
  const out: HourBar[] = [];
  for (const h of hours) {
    const day = Math.floor(h.tsMs / DAY_MS) * DAY_MS;
    const last = out[out.length - 1];
    if (last?.tsMs === day)
      out[out.length - 1] = {
        ...last,
        high: Math.max(last.high, h.high),
        low: Math.min(last.low, h.low),
        close: h.close,
        volumeUsd: last.volumeUsd + h.volumeUsd,
      };
    else out.push({ ...h, tsMs: day });
  }
  return out;
}

const median = (values: readonly number[]): number => quantileOf(values, 0.5);

export function quantileOf(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = s[lo] ?? Number.NaN;
  return a + ((s[hi] ?? a) - a) * (pos - lo);
}

function stdev(values: readonly number[]): number {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, values.length - 1));
}

/** 30-day dollar volume and daily log-return volatility of the days ending at index `end` (excl.). */
function trailing(days: readonly HourBar[], end: number, n: number): { v: number; s: number } {
  const w = days.slice(Math.max(0, end - n), end);
  const v = w.reduce((a, d) => a + d.volumeUsd, 0) / Math.max(1, w.length);
  const r = w.slice(1).map((d, i) => Math.log(d.close / (w[i]?.close ?? d.close)));
  return { v, s: stdev(r) };
}

/** Depth within 1% at D from the depth model (DEPTH_MODEL); days are complete days before D. */
export function modelDepth(days: readonly HourBar[]): {
  depthUsd: number;
  volume30dUsd: number;
  volatility30d: number;
} {
  const n = DEPTH_MODEL.windowDays;
  const now = trailing(days, days.length, n);
  const refs: { v: number; s: number }[] = [];
  const from = Math.max(n, days.length - DEPTH_MODEL.referenceDays);
  for (let end = from; end <= days.length; end++) refs.push(trailing(days, end, n));
  const vRef = median(refs.map((r) => r.v));
  const sRef = median(refs.map((r) => r.s));
  const ratio = now.v / vRef / (now.s / sRef) ** 2;
  const depthUsd = DEPTH_MODEL.b0Usd * ratio ** DEPTH_MODEL.exponent;
  return { depthUsd, volume30dUsd: now.v, volatility30d: now.s };
}

/**
 * The exogenous sell that walks a B·u^κ book, thinned by the withdrawal W, down by `drawdownPct`
 * (cascades.md: u*(V) = (V·W/B)^(1/κ), so V = (B/W)·u^κ).
 */
export function sellForDrawdown(
  depthUsd: number,
  kappa: number,
  withdrawal: number,
  drawdownPct: number,
): number {
  return (depthUsd / withdrawal) * Math.max(drawdownPct, 0) ** kappa;
}

/** Reads hourly candles in [fromMs, toMs) (the rows stored before toMs). */
export async function hourBars(
  store: MarketStore,
  fromMs: number,
  toMs: number,
): Promise<HourBar[]> {
  const rows = await store.candles({ ...PRICE_SERIES, fromMs, toMs: toMs - 1 });
  return rows.map((c) => ({
    tsMs: c.tsMs,
    open: c.open,
    high: c.high,
    low: c.low,
    close: c.close,
    volumeUsd: c.volumeQuote ?? c.volumeBase * c.close,
  }));
}

/** Leverage mix of the generated background (an assumption; weights in % of notional). */
export const BACKGROUND_LEVERAGE = { '5': 10, '10': 25, '20': 30, '50': 25, '100': 10 } as const;

function background(
  usd: number,
  symbol: string,
  settings: BuilderSettings,
): Scenario['positions'][number] {
  return {
    kind: 'generate',
    venue: 'binance',
    symbol,
    openInterestUsd: usd,
    longShare: 0.5,
    leverageMix: { ...BACKGROUND_LEVERAGE },
    entryPrices: {
      kind: 'range',
      fromPct: -settings.backgroundRangePct,
      toPct: settings.backgroundRangePct,
      points: 61,
    },
    count: Math.max(1, Math.round(settings.positions / 2)),
    sizeSigma: 1,
  };
}

const sum = (a: Float64Array): number => a.reduce((x, y) => x + y, 0);

/** The stored hourly history before D and its complete days; errors say what is missing. */
async function historyBefore(store: MarketStore, date: string, d: number) {
  const historyFrom = d - (DEPTH_MODEL.referenceDays + DEPTH_MODEL.windowDays + 1) * DAY_MS;
  const hours = await hourBars(store, historyFrom, d);
  const first = hours[0];
  const last = hours[hours.length - 1];
  if (first === undefined || last === undefined || last.tsMs < d - 6 * HOUR_MS)
    throw new DataFormatError(
      `--date ${date}: no ${PRICE_SERIES.exchange} ${PRICE_SERIES.symbol} 1h candles stored in the hours before ${date}` +
        (last ? ` (the last is ${new Date(last.tsMs).toISOString()})` : '') +
        '; load data with `cascade data init` or `cascade import`',
    );
  const days = dailyBars(hours).filter((day) => day.tsMs < d);
  if (days.length < DEPTH_MODEL.windowDays + 1)
    throw new DataFormatError(
      `--date ${date}: the depth model needs ${DEPTH_MODEL.windowDays + 1} days of candles before ${date}, ${days.length} stored`,
    );
  return { hours, days, first, last };
}

/** The scenario before its positions are scaled (the position-book source reads the store). */
function draftScenario(
  date: string,
  d: number,
  symbol: string,
  startPriceUsd: number,
  depthUsd: number,
  shockValues: readonly number[],
  settings: BuilderSettings,
): Scenario {
  return scenarioSchema.parse({
    name: `${date} built from data, Binance ${symbol} fitted position book`,
    seed: Math.floor(d / DAY_MS),
    startPriceUsd,
    book: {
      kind: 'parametric',
      depthUsdWithin1Pct: depthUsd,
      kappa: settings.kappa,
      levels: 20000,
      rangePct: 40,
    },
    positions: [
      {
        kind: 'position-book',
        venue: 'binance',
        symbol,
        asOf: isoDay(d - DAY_MS),
        lookbackDays: 30,
        count: settings.positions,
        sizeSigma: 1,
      },
    ],
    shock: { kind: 'market-sell', usd: Math.max(1, median(shockValues)) },
    engine: {
      insuranceFundUsd: 1e9,
      withdrawal: settings.withdrawalMedian,
      resilience: 0.05,
      latencySteps: 0,
      markSmoothing: 0,
      stepSeconds: 1,
      maxSteps: 100000,
    },
    monteCarlo: {
      runs: 200,
      shockUsd: { kind: 'choice', values: shockValues.map((v) => Math.max(1, v)) },
      withdrawal: {
        kind: 'lognormal',
        median: settings.withdrawalMedian,
        sigma: settings.withdrawalSigma,
      },
    },
  });
}

/**
 * The positions: the book scaled to the level (stored open interest × oiMultiple × venueFactor)
 * less the background's share, and the background; the background alone when the book is empty.
 */
function scaledPositions(
  draft: Scenario,
  book: BookRead,
  symbol: string,
  settings: BuilderSettings,
): { positions: Scenario['positions']; bookLiveUsd: number; levelUsd: number } {
  const bookLiveUsd = sum(book.map.long) + sum(book.map.short);
  const source = draft.positions[0];
  if (source === undefined) throw new DataFormatError('the draft scenario has no position source');
  const level =
    settings.oiMultiple !== null && book.openInterestUsd > 0
      ? book.openInterestUsd * settings.oiMultiple
      : bookLiveUsd;
  const levelUsd = level * settings.venueFactor;
  if (!(levelUsd > 0)) return { positions: [source], bookLiveUsd, levelUsd };
  if (!(bookLiveUsd > 0))
    return { positions: [background(levelUsd, symbol, settings)], bookLiveUsd, levelUsd };
  const bookUsd = levelUsd * (1 - settings.backgroundShare);
  const fromBook = bookUsd === bookLiveUsd ? source : { ...source, openInterestUsd: bookUsd };
  const positions: Scenario['positions'] =
    settings.backgroundShare > 0
      ? [fromBook, background(levelUsd * settings.backgroundShare, symbol, settings)]
      : [fromBook];
  return { positions, bookLiveUsd, levelUsd };
}

function describe(date: string, scenario: Scenario, b: BuiltFrom): string {
  const s = b.settings;
  return (
    `Built from data stored before ${date} 00:00 UTC (cascade scenario --date). Start price: last ` +
    `${PRICE_SERIES.symbol} 1h close before ${date} (${scenario.startPriceUsd}). Positions: the fitted ` +
    `position book of binance ${b.positions.symbol} at the end of ${b.positions.asOf}, scaled to ` +
    `${s.oiMultiple ?? 1} × the stored open interest × ${s.venueFactor} ` +
    `($${(b.positions.levelUsd / 1e6).toFixed(0)}M), ${s.backgroundShare * 100}% of it a generated ` +
    `background around the start price (settings chosen on days before 2026-02-01). Depth: ` +
    `$${(b.depth.depthUsdWithin1Pct / 1e6).toFixed(0)}M within 1% from a depth model (assumption: ` +
    `${DEPTH_MODEL.citation}). Shock: the sells that reproduce each daily open→low drawdown ` +
    `${b.shock.fitFrom}..${b.shock.fitTo} on the withdrawn book; W median ${s.withdrawalMedian} ` +
    `(cascades.md), log-sigma ${s.withdrawalSigma.toFixed(2)}.`
  );
}

/**
 * Builds the scenario of UTC day `date` from rows stored before its start. Errors
 * (DataFormatError) name the date and what is missing.
 */
export async function buildScenario(
  store: MarketStore,
  date: string,
  options: { symbol?: string; settings?: Partial<BuilderSettings> } = {},
): Promise<BuildResult> {
  const settings = { ...DEFAULT_BUILDER_SETTINGS, ...options.settings };
  const symbol = options.symbol ?? 'BTC/USDT:USDT';
  const d = dayStartMs(date);
  const { hours, days, first, last } = await historyBefore(store, date, d);
  const depth = modelDepth(days);
  const fit = days.slice(-settings.fitDays);
  const drawdowns = fit.map((day) => Math.max(0, (1 - day.low / day.open) * 100));
  const shockValues = drawdowns.map((dd) =>
    Math.round(
      settings.shockScale *
        sellForDrawdown(depth.depthUsd, settings.kappa, settings.withdrawalMedian, dd),
    ),
  );
  const draft = draftScenario(date, d, symbol, last.close, depth.depthUsd, shockValues, settings);
  const books = await readPositionBooks(draft, store, `scenario --date ${date}`);
  const book = books[0];
  if (book === undefined) throw new DataFormatError(`--date ${date}: no position book was read`);
  const scaled = scaledPositions(draft, book, symbol, settings);
  const fitFrom = fit[0]?.tsMs ?? first.tsMs;
  const builtFrom: BuiltFrom = {
    kind: 'built-from-data',
    date,
    dataBefore: `${date}T00:00:00Z`,
    tables: [
      `candles ${PRICE_SERIES.exchange} ${PRICE_SERIES.symbol} 1h`,
      `open_interest binance ${symbol} (position book, ${book.openInterestNote ?? 'hourly'})`,
    ],
    candles: {
      from: new Date(first.tsMs).toISOString(),
      to: new Date(last.tsMs).toISOString(),
      series: `${PRICE_SERIES.exchange} ${PRICE_SERIES.symbol} ${PRICE_SERIES.timeframe}`,
    },
    depth: {
      model: DEPTH_MODEL.citation,
      depthUsdWithin1Pct: depth.depthUsd,
      volume30dUsd: depth.volume30dUsd,
      volatility30d: depth.volatility30d,
      assumption:
        'no depth history is stored: B(D) = B0·((V30/Vref)/(σ30/σref)²)^(1/3), refs = medians over the trailing 365 days',
    },
    shock: {
      fitFrom: isoDay(fitFrom),
      fitTo: isoDay(fit[fit.length - 1]?.tsMs ?? last.tsMs),
      days: fit.length,
      medianDrawdownPct: median(drawdowns),
      p90DrawdownPct: quantileOf(drawdowns, 0.9),
    },
    positions: {
      venue: 'binance',
      symbol,
      asOf: isoDay(d - DAY_MS),
      bookLiveUsd: scaled.bookLiveUsd,
      venueFactor: settings.venueFactor,
      oiMultiple: settings.oiMultiple,
      levelUsd: scaled.levelUsd,
      backgroundShare: settings.backgroundShare,
    },
    settings,
  };
  const scenario: BuiltScenario = {
    ...draft,
    positions: scaled.positions,
    description: describe(date, draft, builtFrom),
    builtFrom,
  };
  return { scenario, books, history: hours.filter((h) => h.tsMs >= fitFrom) };
}

/** "built from data (…)" or "hand-written" for a scenario's raw JSON. */
export function scenarioOrigin(raw: unknown): string {
  const parsed = scenarioSchema.shape.builtFrom.safeParse(
    (raw as { builtFrom?: unknown } | null)?.builtFrom,
  );
  return parsed.success && parsed.data !== undefined
    ? `built from data stored before ${parsed.data.date} (${parsed.data.tables.join('; ')})`
    : 'hand-written';
}
