import { formatPct, formatUsd, formatWindow } from '../format.js';
import { Latches } from '../latch.js';
import type { OpenInterestRule } from '../rule-specs.js';
import { matchesOptional, matchesSymbol } from '../symbols.js';
import type { RuleEvaluator } from '../types.js';

/** Open-interest change over a window (latest reading vs the newest reading at least `window` old). */
export function openInterestRule(spec: OpenInterestRule): RuleEvaluator {
  const readings: { tsMs: number; usd: number }[] = [];
  const latches = new Latches();
  const bound = spec.changePct / 100;
  return {
    observe(o) {
      if (
        o.kind !== 'open-interest' ||
        !matchesSymbol(spec.symbol, o.symbol) ||
        !matchesOptional(spec.exchange, o.exchange)
      )
        return [];
      readings.push({ tsMs: o.tsMs, usd: o.openInterestUsd });
      // Keep one reading at or before the window start as the reference.
      while (readings.length > 2 && (readings[1]?.tsMs ?? 0) <= o.tsMs - spec.windowMs)
        readings.shift();
      const ref = readings[0];
      if (ref === undefined || ref.tsMs > o.tsMs - spec.windowMs || ref.usd <= 0) return [];
      const change = o.openInterestUsd / ref.usd - 1;
      const direction = change >= 0 ? 'up' : 'down';
      const wanted = spec.direction === 'both' || spec.direction === direction;
      const on = wanted && Math.abs(change) >= bound;
      if (!latches.step(direction, on, Math.abs(change) < bound)) return [];
      return [
        {
          key: direction,
          message: `${o.symbol} open interest on ${o.exchange} ${direction === 'up' ? 'rose' : 'fell'} ${formatPct(Math.abs(change)).slice(1)} in ${formatWindow(o.tsMs - ref.tsMs)} to ${formatUsd(o.openInterestUsd)} (bound ${spec.changePct}%)`,
          values: {
            symbol: o.symbol,
            exchange: o.exchange,
            changePct: change * 100,
            fromUsd: ref.usd,
            toUsd: o.openInterestUsd,
            fromTsMs: ref.tsMs,
          },
        },
      ];
    },
  };
}
