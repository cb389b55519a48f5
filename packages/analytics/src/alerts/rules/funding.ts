import { formatUtc } from '../format.js';
import { Latches } from '../latch.js';
import type { FundingRule } from '../rule-specs.js';
import { matchesOptional, matchesSymbol } from '../symbols.js';
import type { Firing, RuleEvaluator } from '../types.js';

function zScore(history: readonly number[], value: number): number {
  const n = history.length;
  const mean = history.reduce((a, v) => a + v, 0) / n;
  const variance = history.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(1, n - 1);
  return variance > 0 ? (value - mean) / Math.sqrt(variance) : 0;
}

const pct = (rate: number): string => `${(rate * 100).toFixed(4)}%`;

/** Funding-rate extremes: fixed bounds (percent per interval) and/or a trailing z-score. */
export function fundingRule(spec: FundingRule): RuleEvaluator {
  const latches = new Latches();
  const history: number[] = [];
  return {
    observe(o) {
      if (
        o.kind !== 'funding' ||
        !matchesSymbol(spec.symbol, o.symbol) ||
        !matchesOptional(spec.exchange, o.exchange)
      )
        return [];
      const ratePct = o.rate * 100;
      const out: Firing[] = [];
      const base = { symbol: o.symbol, exchange: o.exchange, rate: o.rate, fundingTsMs: o.tsMs };
      if (
        spec.abovePct !== undefined &&
        latches.step('above', ratePct >= spec.abovePct, ratePct < spec.abovePct)
      )
        out.push({
          key: 'above',
          message: `${o.symbol} funding on ${o.exchange} at ${pct(o.rate)} per interval (${formatUtc(o.tsMs)}) is at or above ${spec.abovePct}%`,
          values: { ...base, boundPct: spec.abovePct },
        });
      if (
        spec.belowPct !== undefined &&
        latches.step('below', ratePct <= spec.belowPct, ratePct > spec.belowPct)
      )
        out.push({
          key: 'below',
          message: `${o.symbol} funding on ${o.exchange} at ${pct(o.rate)} per interval (${formatUtc(o.tsMs)}) is at or below ${spec.belowPct}%`,
          values: { ...base, boundPct: spec.belowPct },
        });
      const z = spec.zScore;
      if (z !== undefined) {
        if (history.length >= z.window) {
          const score = zScore(history, o.rate);
          if (latches.step('z', Math.abs(score) >= z.above, Math.abs(score) < z.above))
            out.push({
              key: 'z',
              message: `${o.symbol} funding on ${o.exchange} at ${pct(o.rate)} is ${score.toFixed(1)} standard deviations from its last ${z.window} readings`,
              values: { ...base, zScore: score, window: z.window },
            });
        }
        history.push(o.rate);
        if (history.length > z.window) history.shift();
      }
      return out;
    },
  };
}
