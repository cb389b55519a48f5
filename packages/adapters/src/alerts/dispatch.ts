import type { Alert, AlertEngine, Observation } from '@cascade/analytics';
import type { AlertOutbox } from './outbox.js';

export interface DispatchOptions {
  /** Rule id → sink names (alerts of rules without sinks are only printed). */
  readonly routes: ReadonlyMap<string, readonly string[]>;
  /** Durable delivery; absent = print only (e.g. a replay without --deliver). */
  readonly outbox?: AlertOutbox;
  readonly now: () => number;
  /** Console sink: one line per alert. */
  readonly print: (alert: Alert) => void;
}

/** Prints an alert and queues it in the outbox for its rule's sinks. */
export function alertDispatcher(o: DispatchOptions): (alert: Alert) => Promise<void> {
  return async (alert) => {
    o.print(alert);
    const sinks = o.routes.get(alert.rule) ?? [];
    if (o.outbox !== undefined && sinks.length > 0) await o.outbox.enqueue(alert, sinks, o.now());
  };
}

export interface ReplayResult {
  readonly observations: number;
  readonly alerts: number;
}

/**
 * Feeds a replay through the engine. Observations before `fromMs` only build state (levels,
 * windows, baselines); their alerts are dropped.
 */
export async function replayThrough(
  engine: AlertEngine,
  observations: readonly Observation[],
  fromMs: number,
  handle: (alert: Alert) => Promise<void>,
  onProgress?: (done: number, total: number) => void,
): Promise<ReplayResult> {
  let alerts = 0;
  let done = 0;
  for (const o of observations) {
    for (const alert of engine.observe(o)) {
      if (alert.tsMs < fromMs) continue;
      alerts++;
      await handle(alert);
    }
    if (++done % 5000 === 0) onProgress?.(done, observations.length);
  }
  onProgress?.(done, observations.length);
  return { observations: observations.length, alerts };
}

/** One JSON line per alert: ts (ISO), rule, message, values, plus id/type/key. */
export function alertJsonLine(alert: Alert): string {
  return JSON.stringify({
    ts: new Date(alert.tsMs).toISOString(),
    rule: alert.rule,
    type: alert.type,
    key: alert.key,
    message: alert.message,
    values: alert.values,
    id: alert.id,
  });
}
