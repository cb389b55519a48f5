import type { Alert } from '@cascade/analytics';
import type { DuckDbMarketStore } from '../store/duckdb-store.js';

/** An alert as sinks send it (JSON-safe). */
export interface AlertPayload {
  readonly id: string;
  /** ISO-8601 UTC time the alert fired. */
  readonly ts: string;
  readonly tsMs: number;
  readonly rule: string;
  readonly type: string;
  readonly key: string;
  readonly message: string;
  readonly values: Alert['values'];
}

export function toPayload(alert: Alert): AlertPayload {
  const { id, tsMs, rule, type, key, message, values } = alert;
  return { id, ts: new Date(tsMs).toISOString(), tsMs, rule, type, key, message, values };
}

/** One (alert, sink) delivery still owed. */
export interface OutboxEntry {
  readonly alertId: string;
  readonly sink: string;
  readonly payload: AlertPayload;
  readonly attempts: number;
  readonly nextAttemptMs: number;
}

export interface OutboxCounts {
  readonly pending: number;
  readonly delivered: number;
  /** Set aside: refused for good by the sink, or out of attempts. */
  readonly dead: number;
}

/** A delivery set aside, with why. */
export interface DeadLetter {
  readonly alertId: string;
  readonly sink: string;
  readonly attempts: number;
  readonly deadAtMs: number;
  readonly lastError: string;
}

const num = (v: unknown): number => Number(v);

/**
 * The durable alert outbox (table `alert_outbox`, migration 3): one row per alert and sink, keyed
 * by (alert_id, sink). Enqueueing is idempotent (a replayed or re-fired alert id is not queued
 * twice); `markDelivered` sets `delivered_at_ms` only where it is still NULL, so a row is marked
 * delivered exactly once even if a delivery is retried after a crash.
 */
export class AlertOutbox {
  readonly #store: DuckDbMarketStore;

  constructor(store: DuckDbMarketStore) {
    this.#store = store;
  }

  /** Queues `alert` for every sink; returns how many (alert, sink) rows were new. */
  async enqueue(alert: Alert, sinks: readonly string[], nowMs: number): Promise<number> {
    const body = JSON.stringify(toPayload(alert));
    return this.#store.transaction(async (c) => {
      let added = 0;
      for (const sink of sinks) {
        const result = await c.run(
          'INSERT INTO alert_outbox (alert_id, sink, ts_ms, rule, payload, created_at_ms, attempts, next_attempt_ms) VALUES ($1, $2, $3, $4, $5, $6, 0, $6) ON CONFLICT DO NOTHING',
          [alert.id, sink, alert.tsMs, alert.rule, body, nowMs],
        );
        added += result.rowsChanged;
      }
      return added;
    });
  }

  /** Undelivered rows due at `nowMs`, oldest alert first. */
  async due(nowMs: number, limit = 100): Promise<OutboxEntry[]> {
    const rows = await this.#store.query(
      'SELECT alert_id, sink, payload, attempts, CAST(next_attempt_ms AS DOUBLE) AS next FROM alert_outbox WHERE delivered_at_ms IS NULL AND dead_at_ms IS NULL AND next_attempt_ms <= $1 ORDER BY ts_ms, alert_id, sink LIMIT $2',
      [nowMs, limit],
    );
    return rows.map((r) => ({
      alertId: String(r['alert_id']),
      sink: String(r['sink']),
      payload: JSON.parse(String(r['payload'])) as AlertPayload,
      attempts: num(r['attempts']),
      nextAttemptMs: num(r['next']),
    }));
  }

  /** Earliest next attempt of an undelivered row, or null when nothing is owed. */
  async nextDueMs(): Promise<number | null> {
    const rows = await this.#store.query(
      'SELECT CAST(min(next_attempt_ms) AS DOUBLE) AS t FROM alert_outbox WHERE delivered_at_ms IS NULL AND dead_at_ms IS NULL',
    );
    const t = rows[0]?.['t'];
    return typeof t === 'number' ? t : null;
  }

  /** Marks a delivery done; false when the row was already marked (never marked twice). */
  async markDelivered(alertId: string, sink: string, nowMs: number): Promise<boolean> {
    return this.#store.transaction(async (c) => {
      const result = await c.run(
        'UPDATE alert_outbox SET delivered_at_ms = $1, attempts = attempts + 1, last_error = NULL WHERE alert_id = $2 AND sink = $3 AND delivered_at_ms IS NULL',
        [nowMs, alertId, sink],
      );
      return result.rowsChanged === 1;
    });
  }

  /** Records a failed attempt and when to try again. */
  async markFailed(
    alertId: string,
    sink: string,
    error: string,
    nextAttemptMs: number,
  ): Promise<void> {
    await this.#store.transaction(async (c) => {
      await c.run(
        'UPDATE alert_outbox SET attempts = attempts + 1, next_attempt_ms = $1, last_error = $2 WHERE alert_id = $3 AND sink = $4 AND delivered_at_ms IS NULL',
        [nextAttemptMs, error.slice(0, 500), alertId, sink],
      );
    });
  }

  /** Sets a delivery aside (no more attempts until requeued), recording the last error. */
  async markDead(alertId: string, sink: string, error: string, nowMs: number): Promise<void> {
    await this.#store.transaction(async (c) => {
      await c.run(
        'UPDATE alert_outbox SET attempts = attempts + 1, dead_at_ms = $1, last_error = $2 WHERE alert_id = $3 AND sink = $4 AND delivered_at_ms IS NULL',
        [nowMs, error.slice(0, 500), alertId, sink],
      );
    });
  }

  /** The deliveries set aside, oldest alert first. */
  async deadLetters(limit = 1000): Promise<DeadLetter[]> {
    const rows = await this.#store.query(
      'SELECT alert_id, sink, attempts, CAST(dead_at_ms AS DOUBLE) AS dead, last_error FROM alert_outbox WHERE dead_at_ms IS NOT NULL AND delivered_at_ms IS NULL ORDER BY ts_ms, alert_id, sink LIMIT $1',
      [limit],
    );
    return rows.map((r) => ({
      alertId: String(r['alert_id']),
      sink: String(r['sink']),
      attempts: num(r['attempts']),
      deadAtMs: num(r['dead']),
      lastError: typeof r['last_error'] === 'string' ? r['last_error'] : '',
    }));
  }

  /** Puts every dead delivery back in the queue, due at `nowMs` with a fresh attempt count. */
  async requeueDead(nowMs: number): Promise<number> {
    return this.#store.transaction(async (c) => {
      const result = await c.run(
        'UPDATE alert_outbox SET dead_at_ms = NULL, attempts = 0, next_attempt_ms = $1 WHERE dead_at_ms IS NOT NULL AND delivered_at_ms IS NULL',
        [nowMs],
      );
      return result.rowsChanged;
    });
  }

  async counts(): Promise<OutboxCounts> {
    const rows = await this.#store.query(
      'SELECT CAST(count(*) FILTER (WHERE delivered_at_ms IS NULL AND dead_at_ms IS NULL) AS DOUBLE) AS p, CAST(count(delivered_at_ms) AS DOUBLE) AS d, CAST(count(*) FILTER (WHERE delivered_at_ms IS NULL AND dead_at_ms IS NOT NULL) AS DOUBLE) AS x FROM alert_outbox',
    );
    const row = rows[0];
    return {
      pending: num(row?.['p'] ?? 0),
      delivered: num(row?.['d'] ?? 0),
      dead: num(row?.['x'] ?? 0),
    };
  }
}
