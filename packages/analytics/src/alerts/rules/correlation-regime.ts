import { pearson } from '../../stats.js';
import type { CorrelationRegimeRule } from '../rule-specs.js';
import type { RuleEvaluator } from '../types.js';

export type CorrelationRegime = 'coupled' | 'decoupled' | 'inverse';

/** Regime of `c`; leaving `current` requires the correlation `hysteresis` past its bound. */
export function nextRegime(
  spec: CorrelationRegimeRule,
  current: CorrelationRegime | null,
  c: number,
): CorrelationRegime {
  const plain: CorrelationRegime =
    c >= spec.positiveAbove ? 'coupled' : c <= spec.negativeBelow ? 'inverse' : 'decoupled';
  if (current === 'coupled' && c >= spec.positiveAbove - spec.hysteresis) return 'coupled';
  if (current === 'inverse' && c <= spec.negativeBelow + spec.hysteresis) return 'inverse';
  return plain;
}

/**
 * Rolling correlation of daily returns of two series (default BTC vs the S&P 500) over their
 * common dates; fires when the correlation regime changes (the first regime is set silently).
 */
export function correlationRegimeRule(spec: CorrelationRegimeRule): RuleEvaluator {
  const [a, b] = spec.series;
  const pending = new Map<string, { a?: number; b?: number }>();
  const common: { date: string; a: number; b: number }[] = [];
  let regime: CorrelationRegime | null = null;
  return {
    observe(o) {
      if (o.kind !== 'daily-close' || (o.series !== a && o.series !== b)) return [];
      const slot = pending.get(o.date) ?? {};
      if (o.series === a) slot.a = o.close;
      else slot.b = o.close;
      pending.set(o.date, slot);
      if (slot.a === undefined || slot.b === undefined) return [];
      pending.delete(o.date);
      const last = common[common.length - 1];
      if (last !== undefined && last.date >= o.date) return [];
      common.push({ date: o.date, a: slot.a, b: slot.b });
      if (common.length > spec.windowDays + 1) common.shift();
      for (const date of pending.keys()) if (date < o.date) pending.delete(date);
      if (common.length < spec.windowDays + 1) return [];
      const ra = new Float64Array(spec.windowDays);
      const rb = new Float64Array(spec.windowDays);
      common.forEach((day, i) => {
        const prev = common[i - 1];
        if (prev === undefined) return;
        ra[i - 1] = day.a / prev.a - 1;
        rb[i - 1] = day.b / prev.b - 1;
      });
      const c = pearson(ra, rb);
      if (!Number.isFinite(c)) return [];
      const next = nextRegime(spec, regime, c);
      const previous = regime;
      regime = next;
      if (previous === null || previous === next) return [];
      return [
        {
          key: 'regime',
          message: `${a}–${b} ${spec.windowDays}-day return correlation is ${c.toFixed(2)} on ${o.date}: regime changed from ${previous} to ${next}`,
          values: {
            correlation: c,
            from: previous,
            to: next,
            date: o.date,
            windowDays: spec.windowDays,
          },
        },
      ];
    },
  };
}
