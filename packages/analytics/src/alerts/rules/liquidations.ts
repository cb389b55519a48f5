import { formatUsd, formatWindow } from '../format.js';
import type { LiquidationsRule, LiquidationSide } from '../rule-specs.js';
import { Latches } from '../latch.js';
import { matchesOptional, matchesSymbol } from '../symbols.js';
import type { Firing, Observation, RuleEvaluator } from '../types.js';

interface Entry {
  readonly tsMs: number;
  readonly longUsd: number;
  readonly shortUsd: number;
  readonly lowerBound: boolean;
}

function entryOf(spec: LiquidationsRule, o: Observation): Entry | null {
  if (o.kind === 'liquidation') {
    if (!matchesSymbol(spec.symbol, o.symbol) || !matchesOptional(spec.venue, o.exchange))
      return null;
    const long = o.side === 'long' ? o.notionalUsd : 0;
    return {
      tsMs: o.tsMs,
      longUsd: long,
      shortUsd: o.notionalUsd - long,
      lowerBound: o.lowerBound,
    };
  }
  if (o.kind === 'liquidation-bucket') {
    if (!matchesSymbol(spec.symbol, o.symbol) || !matchesOptional(spec.venue, o.source))
      return null;
    return { tsMs: o.tsMs, longUsd: o.longUsd, shortUsd: o.shortUsd, lowerBound: false };
  }
  return null;
}

const sideAmount = (side: LiquidationSide, long: number, short: number): number =>
  side === 'long' ? long : side === 'short' ? short : long + short;

/**
 * Realized liquidations in a sliding window (single events and aggregated buckets) above a
 * threshold, by side, symbol and venue. Re-arms once the window sum falls below
 * threshold · rearmRatio.
 */
export function liquidationsRule(spec: LiquidationsRule): RuleEvaluator {
  const window: Entry[] = [];
  const latches = new Latches();
  let head = 0;
  return {
    observe(o) {
      const entry = entryOf(spec, o);
      if (entry === null) return [];
      window.push(entry);
      while (head < window.length && (window[head]?.tsMs ?? 0) <= o.tsMs - spec.windowMs) head++;
      if (head > 1024 && head * 2 > window.length) {
        window.splice(0, head);
        head = 0;
      }
      let long = 0;
      let short = 0;
      let lowerBound = false;
      for (const e of window.slice(head)) {
        long += e.longUsd;
        short += e.shortUsd;
        lowerBound ||= e.lowerBound;
      }
      const amount = sideAmount(spec.side, long, short);
      const fired = latches.step(
        spec.side,
        amount >= spec.thresholdUsd,
        amount < spec.thresholdUsd * spec.rearmRatio,
      );
      return fired ? [firing(spec, amount, long, short, lowerBound)] : [];
    },
  };
}

function firing(
  spec: LiquidationsRule,
  amount: number,
  long: number,
  short: number,
  lowerBound: boolean,
): Firing {
  const who = [spec.symbol, spec.venue].filter((x) => x !== undefined).join(' on ');
  const side = spec.side === 'any' ? '' : `${spec.side} `;
  const bound = lowerBound ? ' (lower bound: throttled feed)' : '';
  const total = long + short;
  return {
    key: `${spec.side}|${spec.symbol ?? '*'}|${spec.venue ?? '*'}`,
    message: `${who === '' ? '' : `${who}: `}${formatUsd(amount)} of ${side}liquidations in ${formatWindow(spec.windowMs)} (threshold ${formatUsd(spec.thresholdUsd)}; longs ${total > 0 ? Math.round((100 * long) / total) : 0}%)${bound}`,
    values: {
      side: spec.side,
      symbol: spec.symbol ?? null,
      venue: spec.venue ?? null,
      windowMs: spec.windowMs,
      amountUsd: amount,
      longUsd: long,
      shortUsd: short,
      thresholdUsd: spec.thresholdUsd,
      lowerBound,
    },
  };
}
