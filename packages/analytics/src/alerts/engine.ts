import { AlertGate, type GateVerdict } from './gate.js';
import type { RuleSpec } from './rule-specs.js';
import { correlationRegimeRule } from './rules/correlation-regime.js';
import { fedWatchShiftRule } from './rules/fedwatch-shift.js';
import { fundingRule } from './rules/funding.js';
import { liquidationClusterRule } from './rules/liquidation-cluster.js';
import { liquidationsRule } from './rules/liquidations.js';
import { openInterestRule } from './rules/open-interest.js';
import { positionDistanceRule } from './rules/position-distance.js';
import { priceCrossRule } from './rules/price-cross.js';
import type { Alert, Observation, RuleEvaluator } from './types.js';

export function ruleEvaluator(spec: RuleSpec): RuleEvaluator {
  switch (spec.type) {
    case 'price-cross':
      return priceCrossRule(spec);
    case 'liquidations':
      return liquidationsRule(spec);
    case 'liquidation-cluster':
      return liquidationClusterRule(spec);
    case 'funding':
      return fundingRule(spec);
    case 'open-interest':
      return openInterestRule(spec);
    case 'correlation-regime':
      return correlationRegimeRule(spec);
    case 'fedwatch-shift':
      return fedWatchShiftRule(spec);
    case 'position-distance':
      return positionDistanceRule(spec);
  }
}

export interface SuppressedCounts {
  cooldown: number;
  duplicate: number;
  storm: number;
}

export interface AlertEngine {
  /** Feeds one observation (in time order) to every rule; returns the alerts that pass the gate. */
  observe(observation: Observation): Alert[];
  /** Firings held back so far, by reason. */
  readonly suppressed: Readonly<SuppressedCounts>;
}

/** The rules of a config as one pure state machine over a stream of observations. */
export function createAlertEngine(rules: readonly RuleSpec[]): AlertEngine {
  const evaluators = rules.map((spec) => ({ spec, evaluator: ruleEvaluator(spec) }));
  const gate = new AlertGate();
  const suppressed: SuppressedCounts = { cooldown: 0, duplicate: 0, storm: 0 };
  const count = (verdict: Exclude<GateVerdict, 'pass'>): void => {
    suppressed[verdict]++;
  };
  return {
    suppressed,
    observe(observation) {
      const alerts: Alert[] = [];
      for (const { spec, evaluator } of evaluators) {
        for (const f of evaluator.observe(observation)) {
          const verdict = gate.admit(spec.id, f.key, observation.tsMs, spec);
          if (verdict !== 'pass') {
            count(verdict);
            continue;
          }
          alerts.push({
            id: `${spec.id}|${f.key}|${String(observation.tsMs)}`,
            tsMs: observation.tsMs,
            rule: spec.id,
            type: spec.type,
            key: f.key,
            message: f.message,
            values: f.values,
          });
        }
      }
      return alerts;
    },
  };
}
