import type { AlertOutbox, OutboxEntry } from './outbox.js';
import type { AlertSink } from './sinks.js';

export interface DeliveryOptions {
  readonly outbox: AlertOutbox;
  readonly sinks: ReadonlyMap<string, AlertSink>;
  readonly now: () => number;
  /** Per-attempt time limit (default 10 s). */
  readonly timeoutMs?: number;
  /** Backoff after the n-th failure: min(maxBackoffMs, baseBackoffMs · 2^(n−1)), or the sink's Retry-After if longer. */
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Attempts before a delivery is set aside as dead (default 20: about an hour of backoff). */
  readonly maxAttempts?: number;
  readonly onNotice?: (message: string) => void;
}

export interface DeliveryStats {
  delivered: number;
  failed: number;
  /** Set aside: refused for good, or out of attempts. */
  dead: number;
  /** markDelivered found the row already marked (must stay 0). */
  alreadyMarked: number;
}

export function backoffMs(o: DeliveryOptions, failures: number): number {
  const base = o.baseBackoffMs ?? 1000;
  return Math.min(o.maxBackoffMs ?? 300_000, base * 2 ** Math.max(0, failures - 1));
}

async function attempt(
  o: DeliveryOptions,
  sink: AlertSink,
  entry: OutboxEntry,
): Promise<{ ok: boolean; error: string; retryAfterMs: number; permanent: boolean }> {
  const timeout = AbortSignal.timeout(o.timeoutMs ?? 10_000);
  try {
    const result = await sink.send(entry.payload, timeout);
    if (result.ok) return { ok: true, error: '', retryAfterMs: 0, permanent: false };
    return {
      ok: false,
      error: result.error,
      retryAfterMs: result.retryAfterMs ?? 0,
      permanent: result.permanent === true,
    };
  } catch (error) {
    const reason = timeout.aborted
      ? `timed out after ${o.timeoutMs ?? 10_000} ms`
      : error instanceof Error
        ? error.message
        : String(error);
    return { ok: false, error: reason, retryAfterMs: 0, permanent: false };
  }
}

/**
 * Sends one sink's due rows in alert order; stops at the first failure (keeps order, backs off),
 * except that a delivery the sink refused for good, or out of attempts, is set aside as dead and
 * the rows behind it go on.
 */
async function drainSink(
  o: DeliveryOptions,
  sink: AlertSink,
  entries: readonly OutboxEntry[],
  stats: DeliveryStats,
): Promise<void> {
  for (const entry of entries) {
    const result = await attempt(o, sink, entry);
    if (result.ok) {
      if (await o.outbox.markDelivered(entry.alertId, entry.sink, o.now())) stats.delivered++;
      else stats.alreadyMarked++;
      continue;
    }
    stats.failed++;
    if (result.permanent || entry.attempts + 1 >= (o.maxAttempts ?? 20)) {
      await o.outbox.markDead(entry.alertId, entry.sink, result.error, o.now());
      stats.dead++;
      o.onNotice?.(
        `${sink.name}: ${entry.alertId} set aside after ${entry.attempts + 1} attempt(s) (${result.error}); cascade monitor --requeue-dead retries it`,
      );
      continue;
    }
    const wait = Math.max(result.retryAfterMs, backoffMs(o, entry.attempts + 1));
    await o.outbox.markFailed(entry.alertId, entry.sink, result.error, o.now() + wait);
    o.onNotice?.(
      `${sink.name}: ${entry.alertId} not delivered (${result.error}); retry in ${wait} ms`,
    );
    return;
  }
}

/** One pass over the rows due now, sinks in parallel. */
export async function deliverDue(
  o: DeliveryOptions,
  stats: DeliveryStats = { delivered: 0, failed: 0, dead: 0, alreadyMarked: 0 },
): Promise<DeliveryStats> {
  const due = await o.outbox.due(o.now(), 500);
  const bySink = new Map<string, OutboxEntry[]>();
  for (const entry of due) bySink.set(entry.sink, [...(bySink.get(entry.sink) ?? []), entry]);
  const settled = await Promise.allSettled(
    [...bySink].map(async ([name, entries]) => {
      const sink = o.sinks.get(name);
      if (sink === undefined) {
        o.onNotice?.(
          `outbox: no sink "${name}" configured; ${entries.length} alert(s) stay queued`,
        );
        return;
      }
      await drainSink(o, sink, entries, stats);
    }),
  );
  // A store failure (not a sink failure) ends the pass once every sink has stopped.
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return stats;
}

export interface DeliveryLoopOptions extends DeliveryOptions {
  readonly signal: AbortSignal;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Longest idle wait between outbox checks (default 1 s). */
  readonly pollMs?: number;
}

/** Delivers until `signal` aborts: drains what is due, then sleeps until the next due row. */
export async function runDeliveryLoop(o: DeliveryLoopOptions): Promise<DeliveryStats> {
  const stats: DeliveryStats = { delivered: 0, failed: 0, dead: 0, alreadyMarked: 0 };
  const poll = o.pollMs ?? 1000;
  while (!o.signal.aborted) {
    await deliverDue(o, stats);
    const next = await o.outbox.nextDueMs();
    const wait = next === null ? poll : Math.min(poll, Math.max(0, next - o.now()));
    try {
      await o.sleep(Math.max(wait, 10), o.signal);
    } catch {
      break;
    }
  }
  return stats;
}
