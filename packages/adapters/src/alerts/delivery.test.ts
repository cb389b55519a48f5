import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Alert } from '@cascade/analytics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDbStore, type DuckDbMarketStore } from '../store/duckdb-store.js';
import { startAlertSinkServer, type AlertSinkServer } from '../testing/alert-sink-server.js';
import {
  deliverDue,
  runDeliveryLoop,
  type DeliveryOptions,
  type DeliveryStats,
} from './delivery.js';
import { AlertOutbox } from './outbox.js';
import {
  discordSink,
  telegramSink,
  webhookSignature,
  webhookSink,
  type AlertSink,
} from './sinks.js';

const SECRET = 'test-secret';
const TOKEN = '123456:TEST';
const HOOK = '/hook';
const TELEGRAM = `/bot${TOKEN}/sendMessage`;
const DISCORD = '/api/webhooks/42/discord-token';

// Alerts shaped like the monitor's (see the replay test for real ones).
const alerts: Alert[] = Array.from({ length: 8 }, (_, i) => ({
  id: `btc-86k|86000|down|${1763690400000 + i * 3_600_000}`,
  tsMs: 1763690400000 + i * 3_600_000,
  rule: 'btc-86k',
  type: 'price-cross',
  key: '86000|down',
  message: `BTC crossed below the level $86,000 (#${i})`,
  values: { levelUsd: 86000, closeUsd: 85444.93, i },
}));

function sinks(url: string): Map<string, AlertSink> {
  return new Map<string, AlertSink>([
    ['hook', webhookSink({ name: 'hook', url: `${url}${HOOK}`, secret: SECRET })],
    ['tg', telegramSink({ name: 'tg', botToken: TOKEN, chatId: '-100200', apiUrl: url })],
    ['dc', discordSink({ name: 'dc', webhookUrl: `${url}${DISCORD}` })],
  ]);
}

let dir: string;
let server: AlertSinkServer;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cascade-outbox-'));
  server = await startAlertSinkServer({
    // fails, times out, is cut off, recovers
    [HOOK]: [
      { do: 'fail', status: 500 },
      { do: 'hang' },
      { do: 'ok' },
      { do: 'drop' },
      { do: 'ok' },
    ],
    [TELEGRAM]: [
      { do: 'ok' },
      { do: 'fail', status: 429, retryAfterS: 1 },
      { do: 'fail', status: 502 },
      { do: 'ok' },
    ],
    [DISCORD]: [{ do: 'hang' }, { do: 'fail', status: 429, retryAfterS: 0.05 }, { do: 'ok' }],
  });
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const options = (outbox: AlertOutbox): DeliveryOptions => ({
  outbox,
  sinks: sinks(server.url),
  now: () => Date.now(),
  timeoutMs: 150,
  baseBackoffMs: 20,
  maxBackoffMs: 200,
});

/** An outbox whose process "dies" right after the k-th successful send, before marking it. */
class CrashingOutbox extends AlertOutbox {
  #left: number;
  constructor(store: DuckDbMarketStore, crashAfter: number) {
    super(store);
    this.#left = crashAfter;
  }
  override async markDelivered(alertId: string, sink: string, nowMs: number): Promise<boolean> {
    if (--this.#left === 0) throw new Error('simulated crash before marking');
    return super.markDelivered(alertId, sink, nowMs);
  }
}

async function runUntilEmpty(outbox: AlertOutbox, stats: DeliveryStats): Promise<void> {
  const controller = new AbortController();
  const loop = runDeliveryLoop({
    ...options(outbox),
    signal: controller.signal,
    pollMs: 20,
    sleep: (ms, signal) => sleep(ms, undefined, { signal }),
  });
  for (let i = 0; i < 400 && (await outbox.counts()).pending > 0; i++) await sleep(25);
  controller.abort();
  const s = await loop;
  stats.delivered += s.delivered;
  stats.failed += s.failed;
  stats.alreadyMarked += s.alreadyMarked;
}

describe('durable alert delivery through a failing local endpoint', () => {
  it('delivers every alert to every sink at least once, marks each exactly once, across a crash and restart', async () => {
    const path = join(dir, 'market.duckdb');
    const stats: DeliveryStats = { delivered: 0, failed: 0, dead: 0, alreadyMarked: 0 };

    // Run 1: queue, deliver until the simulated crash after the 5th successful send.
    let store = await openDuckDbStore(path);
    const crashing = new CrashingOutbox(store, 5);
    for (const alert of alerts)
      expect(await crashing.enqueue(alert, ['hook', 'tg', 'dc'], Date.now())).toBe(3);
    // Re-firing the same alert (a replay, a restart) queues nothing new.
    expect(await crashing.enqueue(alerts[0]!, ['hook', 'tg', 'dc'], Date.now())).toBe(0);
    let crashed = false;
    for (let i = 0; i < 200 && !crashed; i++) {
      try {
        await deliverDue(options(crashing), stats);
      } catch (error) {
        crashed = (error as Error).message.includes('simulated crash');
      }
      await sleep(20);
    }
    expect(crashed).toBe(true);
    const before = await crashing.counts();
    expect(before.pending).toBeGreaterThan(0);
    await store.close();

    // Run 2: a new process opens the same file and finishes the job.
    store = await openDuckDbStore(path);
    const outbox = new AlertOutbox(store);
    expect(await outbox.counts()).toEqual(before);
    await runUntilEmpty(outbox, stats);
    expect(await outbox.counts()).toEqual({ pending: 0, delivered: alerts.length * 3, dead: 0 });
    expect(stats.delivered).toBe(alerts.length * 3);
    expect(stats.alreadyMarked).toBe(0);
    expect(stats.failed).toBeGreaterThanOrEqual(6);

    // No alert lost: each endpoint answered ok for every alert id at least once.
    const okIds = (
      p: string,
      id: (body: string, headers: Record<string, unknown>) => string,
    ): Set<string> =>
      new Set(
        server.received
          .filter((r) => r.path === p && r.answered === 'ok')
          .map((r) => id(r.body, r.headers)),
      );
    const all = new Set(alerts.map((a) => a.id));
    expect(okIds(HOOK, (b) => (JSON.parse(b) as { id: string }).id)).toEqual(all);
    expect(
      okIds(TELEGRAM, (b) => /id (\S+)$/.exec((JSON.parse(b) as { text: string }).text)?.[1] ?? ''),
    ).toEqual(all);
    expect(
      okIds(
        DISCORD,
        (b) =>
          (JSON.parse(b) as { embeds: { footer: { text: string } }[] }).embeds[0]?.footer.text ??
          '',
      ),
    ).toEqual(all);
    // The crash made one alert go out twice (at least once), yet it is marked once. On a loaded
    // machine a slow "ok" can also outlive the client's timeout and be sent again: at least, not exactly.
    const okCount = server.received.filter((r) => r.answered === 'ok').length;
    expect(okCount).toBeGreaterThanOrEqual(alerts.length * 3 + 1);
    const rows = await store.query(
      'SELECT alert_id, sink, attempts, delivered_at_ms FROM alert_outbox',
    );
    expect(rows).toHaveLength(alerts.length * 3);
    expect(rows.every((r) => r['delivered_at_ms'] !== null)).toBe(true);
    expect(await outbox.markDelivered(alerts[0]!.id, 'hook', Date.now())).toBe(false);
    await store.close();
  }, 60_000);

  it('sets aside what a sink refuses for good or what runs out of attempts; the rest goes on; requeued, it is delivered', async () => {
    const local = await startAlertSinkServer({
      [HOOK]: [{ do: 'fail', status: 400 }, { do: 'ok' }],
      [DISCORD]: [
        { do: 'fail', status: 500 },
        { do: 'fail', status: 500 },
        { do: 'fail', status: 500 },
        { do: 'ok' },
      ],
    });
    const store = await openDuckDbStore(join(dir, 'dead.duckdb'));
    try {
      const outbox = new AlertOutbox(store);
      const o: DeliveryOptions = { ...options(outbox), sinks: sinks(local.url), maxAttempts: 3 };
      // Alert 0 to both sinks, alerts 1–2 to the webhook only.
      for (const [i, alert] of alerts.slice(0, 3).entries())
        await outbox.enqueue(alert, i === 0 ? ['hook', 'dc'] : ['hook'], Date.now());
      const drain = async (): Promise<DeliveryStats> => {
        const stats: DeliveryStats = { delivered: 0, failed: 0, dead: 0, alreadyMarked: 0 };
        for (let i = 0; i < 100 && (await outbox.counts()).pending > 0; i++) {
          await deliverDue(o, stats);
          await sleep(25);
        }
        return stats;
      };
      const first = await drain();
      expect(first).toMatchObject({ delivered: 2, failed: 4, dead: 2 });
      expect(await outbox.counts()).toEqual({ pending: 0, delivered: 2, dead: 2 });
      // The 400 is final at once; the 500s run out after 3 attempts. Neither blocked alerts 1–2.
      expect(
        (await outbox.deadLetters()).map((d) => [
          d.alertId,
          d.sink,
          d.attempts,
          d.lastError.slice(0, 8),
        ]),
      ).toEqual([
        [alerts[0]?.id, 'dc', 3, 'HTTP 500'],
        [alerts[0]?.id, 'hook', 1, 'HTTP 400'],
      ]);
      expect(await outbox.requeueDead(Date.now())).toBe(2);
      expect(await drain()).toMatchObject({ delivered: 2, dead: 0 });
      expect(await outbox.counts()).toEqual({ pending: 0, delivered: 4, dead: 0 });
    } finally {
      await store.close();
      await local.close();
    }
  });

  it('signs webhook bodies with HMAC-SHA256 over timestamp.body', async () => {
    const store = await openDuckDbStore(join(dir, 'sig.duckdb'));
    const outbox = new AlertOutbox(store);
    await outbox.enqueue(alerts[0]!, ['hook'], Date.now());
    await runUntilEmpty(outbox, { delivered: 0, failed: 0, dead: 0, alreadyMarked: 0 });
    const ok = server.received.find((r) => r.path === HOOK && r.answered === 'ok');
    expect(ok).toBeDefined();
    const ts = Number(ok?.headers['x-cascade-timestamp']);
    expect(ok?.headers['x-cascade-signature']).toBe(webhookSignature(SECRET, ts, ok?.body ?? ''));
    expect(ok?.headers['x-cascade-signature']).not.toBe(
      webhookSignature('other', ts, ok?.body ?? ''),
    );
    expect(JSON.parse(ok?.body ?? '{}')).toMatchObject({
      id: alerts[0]!.id,
      rule: 'btc-86k',
      ts: '2025-11-21T02:00:00.000Z',
      values: { levelUsd: 86000 },
    });
    await store.close();
  }, 30_000);
});
