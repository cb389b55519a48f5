import { detectLevels, type Bars } from '../../levels.js';
import { formatPrice, formatUtc } from '../format.js';
import type { LevelDetection, PriceCrossRule } from '../rule-specs.js';
import { matchesOptional, matchesSymbol } from '../symbols.js';
import type { Firing, Observation, RuleEvaluator } from '../types.js';

const DAY_MS = 86_400_000;

interface Move {
  readonly tsMs: number;
  readonly barOpenMs: number | null;
  readonly low: number;
  readonly high: number;
  readonly close: number;
}

interface KnownLevel {
  readonly price: number;
  readonly source: 'fixed' | 'detected';
  readonly strength: number | null;
}

/** Bar history of one symbol (columns), for level detection. */
class BarHistory {
  readonly ts: number[] = [];
  readonly open: number[] = [];
  readonly high: number[] = [];
  readonly low: number[] = [];
  readonly close: number[] = [];
  readonly volume: number[] = [];

  push(o: Extract<Observation, { kind: 'bar' }>, keepFromMs: number): void {
    this.ts.push(o.tsMs - o.intervalMs);
    this.open.push(o.open);
    this.high.push(o.high);
    this.low.push(o.low);
    this.close.push(o.close);
    this.volume.push(o.volume);
    let drop = 0;
    while (drop < this.ts.length && (this.ts[drop] ?? 0) < keepFromMs) drop++;
    if (drop > 0) for (const column of this.columns()) column.splice(0, drop);
  }

  bars(): Bars {
    const f = (c: number[]): Float64Array => Float64Array.from(c);
    return {
      ts: f(this.ts),
      open: f(this.open),
      high: f(this.high),
      low: f(this.low),
      close: f(this.close),
      volume: f(this.volume),
    };
  }

  private columns(): number[][] {
    return [this.ts, this.open, this.high, this.low, this.close, this.volume];
  }
}

/** Detected levels, recomputed at the start of each refresh period from the bars before it. */
class DetectedLevels {
  readonly #history = new BarHistory();
  #period = Number.NaN;
  levels: KnownLevel[] = [];

  readonly spec: LevelDetection;

  constructor(spec: LevelDetection) {
    this.spec = spec;
  }

  /** Call before the bar is evaluated; the bar joins the history afterwards via `remember`. */
  refresh(barOpenMs: number): void {
    const periodMs = this.spec.refreshHours * 3_600_000;
    const period = Math.floor(barOpenMs / periodMs);
    if (period === this.#period) return;
    this.#period = period;
    const found = detectLevels(this.#history.bars(), {
      zone: this.spec.zone,
      roundStep: this.spec.roundStep,
      pivotWidth: this.spec.pivotWidth,
      range: this.spec.range,
    });
    this.levels = found
      .filter((l) => l.strength >= this.spec.minStrength)
      .map((l) => ({ price: l.price, source: 'detected', strength: l.strength }));
  }

  /** Hourly or longer bars only: live 1m bars drive crossings, not the level detection. */
  remember(bar: Extract<Observation, { kind: 'bar' }>): void {
    if (bar.intervalMs < 3_600_000) return;
    this.#history.push(bar, bar.tsMs - bar.intervalMs - this.spec.lookbackDays * DAY_MS);
  }
}

function toMove(o: Observation): Move | null {
  if (o.kind === 'bar')
    return {
      tsMs: o.tsMs,
      barOpenMs: o.tsMs - o.intervalMs,
      low: o.low,
      high: o.high,
      close: o.close,
    };
  if (o.kind === 'price')
    return { tsMs: o.tsMs, barOpenMs: null, low: o.priceUsd, high: o.priceUsd, close: o.priceUsd };
  return null;
}

type Side = 'above' | 'below';

/**
 * Price crosses a level (fixed, or detected by the levels analysis). Each level remembers on which
 * side the price last closed (beyond a hysteresis band), so a crossing fires once until the price
 * has closed on the other side again.
 */
export function priceCrossRule(spec: PriceCrossRule): RuleEvaluator {
  const fixed: KnownLevel[] = spec.levels.map((price) => ({
    price,
    source: 'fixed',
    strength: null,
  }));
  const detected = spec.detect === undefined ? undefined : new DetectedLevels(spec.detect);
  const sides = new Map<number, Side>();
  const band = spec.hysteresisPct / 100;
  let lastClose: number | null = null;

  const evaluate = (level: KnownLevel, m: Move): Firing | null => {
    const below = level.price * (1 - band);
    const above = level.price * (1 + band);
    const known = sides.get(level.price);
    const side =
      known ?? (lastClose === null ? null : lastClose >= level.price ? 'above' : 'below');
    const closedSide: Side | null = m.close < below ? 'below' : m.close > above ? 'above' : null;
    const through =
      spec.confirm === 'touch'
        ? { down: m.low < below, up: m.high > above }
        : { down: closedSide === 'below', up: closedSide === 'above' };
    const crossed =
      side === 'above' && through.down ? 'down' : side === 'below' && through.up ? 'up' : null;
    // The price traded beyond the band: that is its side now, unless the bar closed back across.
    const reached: Side | null = crossed === null ? side : crossed === 'down' ? 'below' : 'above';
    const next = closedSide ?? reached;
    if (next !== null) sides.set(level.price, next);
    if (crossed === null || (spec.direction !== 'both' && spec.direction !== crossed)) return null;
    return firing(spec, level, crossed, m);
  };

  return {
    observe(o) {
      if (!matchesSymbol(spec.symbol, 'symbol' in o ? o.symbol : '')) return [];
      if (!('exchange' in o) || !matchesOptional(spec.exchange, o.exchange)) return [];
      const m = toMove(o);
      if (m === null) return [];
      if (detected !== undefined && o.kind === 'bar' && m.barOpenMs !== null) {
        detected.refresh(m.barOpenMs);
        // A level that left the detected set forgets its side (it may come back elsewhere).
        const current = new Set([...spec.levels, ...detected.levels.map((l) => l.price)]);
        for (const price of sides.keys()) if (!current.has(price)) sides.delete(price);
      }
      const levels = [...fixed, ...(detected?.levels ?? [])];
      const out = levels.map((l) => evaluate(l, m)).filter((f): f is Firing => f !== null);
      if (detected !== undefined && o.kind === 'bar') detected.remember(o);
      lastClose = m.close;
      return out;
    },
  };
}

function firing(
  spec: PriceCrossRule,
  level: KnownLevel,
  direction: 'up' | 'down',
  m: Move,
): Firing {
  const word = direction === 'down' ? 'below' : 'above';
  const when = m.barOpenMs === null ? formatUtc(m.tsMs) : `the bar from ${formatUtc(m.barOpenMs)}`;
  const what =
    level.source === 'detected'
      ? `detected level (strength ${(level.strength ?? 0).toFixed(2)})`
      : 'level';
  const extreme =
    direction === 'down' ? `low ${formatPrice(m.low)}` : `high ${formatPrice(m.high)}`;
  return {
    key: `${String(Math.round(level.price * 100) / 100)}|${direction}`,
    message: `${spec.symbol} crossed ${word} the ${what} ${formatPrice(level.price)} in ${when} (${extreme}, close ${formatPrice(m.close)})`,
    values: {
      symbol: spec.symbol,
      levelUsd: level.price,
      direction,
      levelSource: level.source,
      strength: level.strength,
      lowUsd: m.low,
      highUsd: m.high,
      closeUsd: m.close,
      barOpenMs: m.barOpenMs,
    },
  };
}
