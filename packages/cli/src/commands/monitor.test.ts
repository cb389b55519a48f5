import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertSinkServer } from '../../../adapters/src/testing/alert-sink-server.js';
import { main } from '../main.js';
import { captureIo } from '../testing/capture-io.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const EXAMPLE = join(ROOT, 'examples/alerts/btc-event.yaml');

interface Line {
  ts: string;
  rule: string;
  message: string;
  values: Record<string, number | string | boolean | null>;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cascade-monitor-'));
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function replay(
  from: string,
  to: string = from,
  config = EXAMPLE,
): Promise<{ lines: Line[]; err: string }> {
  const t = captureIo({}, ROOT);
  const code = await main(
    [
      'monitor',
      '--config',
      config,
      '--replay',
      '--from',
      from,
      '--to',
      to,
      '--json',
      '--data-dir',
      dir,
    ],
    t,
  );
  expect(code, t.err.join('')).toBe(0);
  const lines = t.out
    .join('')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Line);
  return { lines, err: t.err.join('') };
}

// Data: the embedded dataset (data/SOURCES.md): Binance spot BTCUSDT 1h and 1d klines, Yahoo ^GSPC,
// the published FedWatch readings for the 2025-12-10 meeting, Coinglass hourly liquidations (from
// 2025-11-23), Binance open interest (hourly from 2025-12-04, daily 2025-11-07..12-06), Binance
// funding.
describe('cascade monitor --replay on the embedded data', () => {
  it('2025-11-21: the $86,000 break at 02:00-03:00 UTC, the detected level, the position, the FedWatch jump', async () => {
    const { lines, err } = await replay('2025-11-21');
    expect(lines.map((l) => [l.ts.slice(11, 16), l.rule, l.values['direction'] ?? null])).toEqual([
      ['03:00', 'btc-86k', 'down'],
      ['03:00', 'btc-levels', 'down'],
      ['03:00', 'my-long', null],
      // touch rule: back above $86,215 (05:00 bar high 86,459.53), then below $85,785 again
      ['07:00', 'btc-86k', 'down'],
      // The estimated map runs on Binance's daily open interest carried forward (no hourly
      // before 2025-12-04): longs pile up within 2% below the price after the bounce.
      ['10:00', 'btc-cluster-2pct', null],
      ['21:00', 'fed-december', null],
    ]);
    const [cross, detected, position, , cluster, fed] = lines;
    expect(cluster?.values).toMatchObject({ side: 'long', estimate: true });
    // The bar opened 02:00 UTC went through $86,000 (low 85,360) and closed at 85,444.93.
    expect(cross?.values).toMatchObject({
      levelUsd: 86000,
      barOpenMs: Date.parse('2025-11-21T02:00:00Z'),
      lowUsd: 85360,
      closeUsd: 85444.93,
    });
    expect(cross?.message).toBe(
      'BTC/USDT crossed below the level $86,000 in the bar from 2025-11-21 02:00 UTC (low $85,360, close $85,444.93)',
    );
    // Same level found by the levels analysis (30 days of bars before the day; strength 0.28 as in `cascade levels`).
    expect(detected?.values).toMatchObject({ levelUsd: 86000, levelSource: 'detected' });
    expect(Number(detected?.values['strength'])).toBeCloseTo(0.28, 2);
    // 10x isolated long from $92,000 on Binance: liquidation price from the margin engine.
    expect(Number(position?.values['liquidationPriceUsd'])).toBeGreaterThan(82_000);
    expect(Number(position?.values['liquidationPriceUsd'])).toBeLessThan(84_000);
    expect(Number(position?.values['distancePct'])).toBeLessThan(3);
    // NY Fed's Williams (2025-11-21): December cut odds 39.1% the day before → 74.0% (a published reading of that day).
    expect(fed?.values).toMatchObject({
      basis: 'published',
      meetingDate: '2025-12-10',
      range: '350-375',
      previousProbability: 0.391,
      probability: 0.74,
      previousDate: '2025-11-20',
    });
    expect(Number(fed?.values['shiftPoints'])).toBeCloseTo(34.9, 6);
    // Honest about what the store lacks that day.
    expect(err).toContain('rule btc-liquidations-1h: no realized liquidations stored in range');
    expect(err).toContain(
      'open interest for 2025-10-22..2025-11-21 is Binance daily (2025-11-07..2025-12-06, the 00:00 UTC snapshot of each day), carried forward to the 1h candles; no hourly open interest stored before 2025-12-04',
    );
    expect(err).toContain(
      "rule btc-oi-4h: no USD open interest stored in range sampled within the rule's window (only every 1d)",
    );
  }, 120_000);

  it('2025-10-10: the crash goes through the detected $115,000 level and BTC–S&P correlation turns coupled', async () => {
    const { lines } = await replay('2025-10-10', '2025-10-11');
    const at = (rule: string, ts: string) => lines.filter((l) => l.rule === rule && l.ts === ts);
    expect(at('btc-levels', '2025-10-10T21:00:00.000Z').map((l) => l.values['levelUsd'])).toContain(
      115000,
    );
    // S&P 500 −2.7% and BTC −7% on 2025-10-10: the 30-day return correlation jumps from 0.28 to 0.59.
    const [regime] = at('btc-spx-regime', '2025-10-11T00:00:00.000Z');
    expect(regime?.values).toMatchObject({ from: 'decoupled', to: 'coupled', date: '2025-10-10' });
    expect(Number(regime?.values['correlation'])).toBeCloseTo(0.59, 2);
    expect(lines.filter((l) => l.rule === 'btc-spx-regime')).toHaveLength(1);
  }, 120_000);

  it('2026-02-05: the largest Coinglass hourly liquidation bucket fires the 1h and 4h long rules', async () => {
    const { lines } = await replay('2026-02-05');
    const liq = lines.find((l) => l.rule === 'btc-liquidations-1h');
    // Coinglass BTC 2026-02-05 20:00-21:00 UTC: longs $134.5M + shorts $7.9M.
    expect(liq?.ts).toBe('2026-02-05T21:00:00.000Z');
    expect(Number(liq?.values['amountUsd'])).toBeCloseTo(142.38e6, -4);
    expect(liq?.message).toContain(
      '$142.38M of liquidations in 1h (threshold $100.00M; longs 94%)',
    );
    expect(lines.find((l) => l.rule === 'btc-long-squeeze-4h')?.ts).toBe(
      '2026-02-05T21:00:00.000Z',
    );
    expect(lines.filter((l) => l.rule === 'btc-oi-4h').length).toBeGreaterThan(0);
  }, 120_000);

  it('2026-01-21: an ESTIMATED long cluster of more than $250M within 2% below the price', async () => {
    const { lines } = await replay('2026-01-21');
    const cluster = lines.filter((l) => l.rule === 'btc-cluster-2pct');
    expect(cluster.length).toBeGreaterThan(0);
    expect(cluster[0]?.values).toMatchObject({ side: 'long', estimate: true });
    expect(Number(cluster[0]?.values['estimatedUsd'])).toBeGreaterThanOrEqual(250e6);
    expect(cluster[0]?.message).toContain('heatmap estimate');
  }, 120_000);

  /** A config with the $86,000 rule and a Telegram and a Discord sink on the local server. */
  const sinkConfig = async (name: string, url: string, discordPath: string): Promise<string> => {
    const config = join(dir, name);
    await writeFile(
      config,
      [
        'sinks:',
        `  - { name: tg, type: telegram, botToken: T0KEN, chatId: 42, apiUrl: "${url}" }`,
        `  - { name: dc, type: discord, webhookUrl: "${url}${discordPath}" }`,
        'rules:',
        '  - { id: btc-86k, type: price-cross, symbol: BTC/USDT, level: 86000, direction: down }',
        '',
      ].join('\n'),
    );
    return config;
  };

  it('--deliver sends the replayed alerts to Telegram and Discord stand-ins; a rerun sends nothing again', async () => {
    const server = await startAlertSinkServer({
      '/botT0KEN/sendMessage': [{ do: 'fail', status: 429, retryAfterS: 0.05 }, { do: 'ok' }],
    });
    try {
      const config = await sinkConfig('deliver.yaml', server.url, '/api/webhooks/1/x');
      const run = async (): Promise<string> => {
        const t = captureIo({}, ROOT);
        const args = [
          'monitor',
          '--config',
          config,
          '--replay',
          '--from',
          '2025-11-21',
          '--deliver',
          '--data-dir',
          dir,
        ];
        expect(await main(args, t)).toBe(0);
        return t.err.join('');
      };
      expect(await run()).toContain('delivered 4, 0 still queued');
      // The same replay again: the alert ids are already in the outbox, nothing is sent twice.
      expect(await run()).toContain('delivered 0, 0 still queued');
      const ok = server.received.filter((r) => r.answered === 'ok');
      expect(ok.map((r) => r.path).sort()).toEqual([
        '/api/webhooks/1/x',
        '/api/webhooks/1/x',
        '/botT0KEN/sendMessage',
        '/botT0KEN/sendMessage',
      ]);
      const text = (
        JSON.parse(ok.find((r) => r.path.startsWith('/bot'))?.body ?? '{}') as { text: string }
      ).text;
      expect(text).toContain('[btc-86k] BTC/USDT crossed below the level $86,000');
    } finally {
      await server.close();
    }
  }, 120_000);

  it('sets aside what a sink refuses for good; --dead-letters lists it, --requeue-dead sends it', async () => {
    const server = await startAlertSinkServer({
      '/api/webhooks/1/gone': [
        { do: 'fail', status: 404 },
        { do: 'fail', status: 404 },
        { do: 'ok' },
      ],
    });
    try {
      const config = await sinkConfig('dead.yaml', server.url, '/api/webhooks/1/gone');
      const run = async (...extra: string[]): Promise<{ out: string; err: string }> => {
        const t = captureIo({}, ROOT);
        const args = ['monitor', '--config', config, ...extra, '--data-dir', join(dir, 'dead')];
        expect(await main(args, t)).toBe(0);
        return { out: t.out.join(''), err: t.err.join('') };
      };
      // Two alerts on 2025-11-21: Telegram takes both, the Discord webhook is gone (404).
      const delivered = await run('--replay', '--from', '2025-11-21', '--deliver');
      expect(delivered.err).toContain(
        'delivered 2, 0 still queued (retried on the next run), 2 set aside',
      );
      const listed = (await run('--dead-letters', '--json')).out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { sink: string; attempts: number; lastError: string });
      expect(listed.map((d) => [d.sink, d.attempts, d.lastError])).toEqual([
        ['dc', 1, 'HTTP 404: {"message":"Unknown Webhook","code":10015}'],
        ['dc', 1, 'HTTP 404: {"message":"Unknown Webhook","code":10015}'],
      ]);
      // The webhook is back: requeued, both go out, nothing is left aside.
      const requeued = await run('--requeue-dead');
      expect(requeued.err).toContain('requeued 2 dead deliveries');
      expect(requeued.err).toContain(
        'delivered 2, 0 still queued (retried on the next run), 0 set aside',
      );
      expect((await run('--dead-letters')).out).toBe('');
    } finally {
      await server.close();
    }
  }, 120_000);

  it('2024-08-02: FedWatch computed from the stored ZQ futures jumps to a 50 bp September cut', async () => {
    const config = join(dir, 'fed.yaml');
    await writeFile(
      config,
      'rules:\n  - { id: sep, type: fedwatch-shift, meeting: 2024-09-18, range: 475-500, shiftPoints: 30 }\n',
    );
    const { lines } = await replay('2024-07-29', '2024-08-09', config);
    // July payrolls (2024-08-02) missed: P(475-500 after September, a 50 bp cut) 22.0% → 74.0%.
    expect(lines).toHaveLength(1);
    expect(lines[0]?.ts).toBe('2024-08-02T21:00:00.000Z');
    expect(lines[0]?.values).toMatchObject({
      basis: 'computed',
      previousDate: '2024-08-01',
      asOfDate: '2024-08-02',
    });
    expect(Number(lines[0]?.values['previousProbability'])).toBeCloseTo(0.22, 2);
    expect(Number(lines[0]?.values['probability'])).toBeCloseTo(0.74, 2);
  }, 120_000);

  it('rejects an invalid config with file, line, column and field', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'rules:\n  - id: x\n    type: liquidations\n    thresholdUsd: -5\n');
    const t = captureIo({}, ROOT);
    expect(await main(['monitor', '--config', bad, '--replay', '--from', '2025-11-21'], t)).toBe(2);
    expect(t.err.join('')).toMatch(/bad\.yaml:4:19: rules\[0\]\.thresholdUsd: .*>0/);
  });
});
