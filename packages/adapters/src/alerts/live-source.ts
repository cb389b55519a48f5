import type { Observation, RuleSpec } from '@cascade/analytics';
import type { ExchangeHistorySource } from '../sources/exchange-history.js';
import type { LiquidationFeed } from '../sources/liquidation-feeds.js';
import { watchLiquidations, type WatchStats } from '../sources/watch-liquidations.js';
import type { DuckDbMarketStore } from '../store/duckdb-store.js';
import {
  barObservation,
  fundingObservation,
  liquidationObservation,
  openInterestObservation,
} from './observations.js';
import { replayFeed } from './replay-source.js';

export interface LiveSourceOptions {
  readonly store: DuckDbMarketStore;
  readonly rules: readonly RuleSpec[];
  readonly feeds: readonly LiquidationFeed[];
  /** ccxt poller for prices, funding and open interest (absent: liquidations and store only). */
  readonly history?: ExchangeHistorySource;
  readonly pollMs: number;
  /** Store polling for macro rows (FedWatch readings, index closes) and `pollExtra`. */
  readonly macroPollMs: number;
  /** More observations per macro poll (e.g. fresh heatmap maps), for (fromMs, toMs]. */
  readonly pollExtra?: (fromMs: number, toMs: number) => Promise<readonly Observation[]>;
  readonly signal: AbortSignal;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly onObservation: (o: Observation) => Promise<void>;
  readonly onNotice?: (message: string) => void;
}

export interface LiveStats {
  readonly watch: WatchStats;
  polls: number;
  pollErrors: number;
}

const base = (s: string): string => s.split('/')[0] ?? s;
const perp = (s: string): string => (s.includes(':') ? s : `${base(s)}/USDT:USDT`);
const spot = (s: string): string => (s.includes('/') ? s : `${base(s)}/USDT`);

/** What the poller asks the exchange for, from the rules. */
function pollTargets(rules: readonly RuleSpec[]): {
  prices: Set<string>;
  funding: Set<string>;
  oi: Set<string>;
  daily: Set<string>;
} {
  const daily = new Set<string>();
  const prices = new Set<string>();
  const funding = new Set<string>();
  const oi = new Set<string>();
  for (const r of rules) {
    if (r.type === 'price-cross') prices.add(spot(r.symbol));
    if (r.type === 'position-distance')
      for (const p of r.positions) prices.add(p.symbol.includes('/') ? p.symbol : spot(p.symbol));
    if (r.type === 'funding') funding.add(perp(r.symbol));
    if (r.type === 'open-interest') oi.add(perp(r.symbol));
    if (r.type === 'correlation-regime')
      for (const s of r.series) if (!s.startsWith('^')) daily.add(`${s}/USDT`);
  }
  return { prices, funding, oi, daily };
}

/** Emits each observation newer than the last one emitted for its stream. */
class Cursor {
  readonly #last = new Map<string, number>();
  since(stream: string, fallback: number): number {
    return (this.#last.get(stream) ?? fallback) + 1;
  }
  fresh(stream: string, tsMs: number): boolean {
    const last = this.#last.get(stream) ?? Number.NEGATIVE_INFINITY;
    if (tsMs <= last) return false;
    this.#last.set(stream, tsMs);
    return true;
  }
}

async function pollExchange(
  o: LiveSourceOptions,
  history: ExchangeHistorySource,
  targets: ReturnType<typeof pollTargets>,
  cursor: Cursor,
  startMs: number,
): Promise<void> {
  const now = o.now();
  const emit = async (stream: string, obs: Observation | null): Promise<void> => {
    if (obs !== null && obs.tsMs <= now && cursor.fresh(stream, obs.tsMs))
      await o.onObservation(obs);
  };
  for (const symbol of targets.prices) {
    for (const timeframe of ['1m', '1h'] as const) {
      const stream = `bar:${symbol}:${timeframe}`;
      const candles = await history.ohlcv(
        symbol,
        timeframe,
        cursor.since(stream, startMs - 3_600_000),
        100,
      );
      for (const c of candles) await emit(stream, barObservation(c));
    }
  }
  // Crypto daily closes go to the store, where the macro loop reads them with the index closes.
  for (const symbol of targets.daily) {
    const candles = await history.ohlcv(symbol, '1d', now - 5 * 86_400_000, 10);
    await o.store.upsert(
      'candles',
      candles.filter((c) => c.tsMs + 86_400_000 <= now),
    );
  }
  for (const symbol of targets.funding) {
    for (const f of await history.funding(
      symbol,
      cursor.since(`funding:${symbol}`, startMs - 86_400_000),
      100,
    ))
      await emit(`funding:${symbol}`, fundingObservation(f));
  }
  for (const symbol of targets.oi) {
    for (const p of await history.openInterest(
      symbol,
      '5m',
      cursor.since(`oi:${symbol}`, startMs - 86_400_000),
      100,
    ))
      await emit(`oi:${symbol}`, openInterestObservation(p));
  }
}

/** Macro rows may be stored late (a daily settle the next morning): look back 3 days, once each. */
const MACRO_LOOKBACK_MS = 3 * 86_400_000;

async function pollMacro(
  o: LiveSourceOptions,
  macroRules: readonly RuleSpec[],
  cursor: Cursor,
): Promise<void> {
  const toMs = o.now();
  const fromMs = toMs - MACRO_LOOKBACK_MS;
  const feed = await replayFeed(o.store, macroRules, { fromMs, toMs });
  const extra = o.pollExtra === undefined ? [] : await o.pollExtra(fromMs, toMs);
  const fresh = [...feed.observations, ...extra]
    .filter((obs) => obs.tsMs >= fromMs && obs.tsMs <= toMs)
    .sort((a, b) => a.tsMs - b.tsMs);
  for (const obs of fresh) {
    const id = obs.kind === 'liquidation-map' ? `${obs.symbol}|${obs.tsMs}` : JSON.stringify(obs);
    if (cursor.fresh(`macro:${obs.kind}:${id}`, obs.tsMs)) await o.onObservation(obs);
  }
}

async function loop(
  o: LiveSourceOptions,
  everyMs: number,
  what: string,
  stats: LiveStats,
  step: () => Promise<void>,
): Promise<void> {
  while (!o.signal.aborted) {
    try {
      await step();
      stats.polls++;
    } catch (error) {
      stats.pollErrors++;
      o.onNotice?.(
        `${what}: ${error instanceof Error ? error.message : String(error)} (next try in ${everyMs} ms)`,
      );
    }
    await o.sleep(everyMs);
  }
}

/**
 * Live observations until `signal` aborts: liquidation WebSocket feeds (stored and forwarded),
 * ccxt polling for prices (1m and 1h bars), funding and open interest, and store polling for the
 * macro rows other commands ingest (FedWatch readings, index and daily closes). Errors are reported
 * and the loops keep running.
 */
export async function runLiveSources(o: LiveSourceOptions): Promise<LiveStats> {
  const startMs = o.now();
  const cursor = new Cursor();
  const targets = pollTargets(o.rules);
  const watchRun = watchLiquidations({
    store: o.store,
    feeds: o.feeds,
    signal: o.signal,
    sleep: o.sleep,
    onEvent: (e) => {
      void o.onObservation(liquidationObservation(e));
    },
    ...(o.onNotice === undefined ? {} : { onNotice: o.onNotice }),
  });
  const stats: LiveStats = {
    watch: { stored: 0, duplicates: 0, garbage: 0, reconnects: 0 },
    polls: 0,
    pollErrors: 0,
  };
  const macroRules = o.rules.filter(
    (r) => r.type === 'fedwatch-shift' || r.type === 'correlation-regime',
  );
  const loops: Promise<void>[] = [];
  const history = o.history;
  if (
    history !== undefined &&
    targets.prices.size + targets.funding.size + targets.oi.size + targets.daily.size > 0
  )
    loops.push(
      loop(o, o.pollMs, `poll ${history.exchange}`, stats, () =>
        pollExchange(o, history, targets, cursor, startMs),
      ),
    );
  if (macroRules.length > 0 || o.pollExtra !== undefined)
    loops.push(loop(o, o.macroPollMs, 'macro poll', stats, () => pollMacro(o, macroRules, cursor)));
  const [watch] = await Promise.all([watchRun, ...loops]);
  return { ...stats, watch };
}
