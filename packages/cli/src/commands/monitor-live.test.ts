import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startAlertSinkServer,
  type AlertSinkServer,
} from '../../../adapters/src/testing/alert-sink-server.js';
import { binanceFrame } from '../../../adapters/src/testing/liquidation-frames.js';
import {
  startLiquidationReplayServer,
  type LiquidationReplayServer,
} from '../../../adapters/src/testing/liquidation-replay-server.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { main } from '../main.js';

// Binance "Liquidation Order Streams" doc frame (0.014 BTC @ 9,910), shifted by i seconds.
const binance = binanceFrame;

let dir: string;
let ws: LiquidationReplayServer;
let hooks: AlertSinkServer;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cascade-monitor-live-'));
  ws = await startLiquidationReplayServer({
    '/ws/!forceOrder@arr': [
      { awaitSubscribe: false, frames: [binance(0), 'garbage', binance(1)], then: 'drop' },
      { awaitSubscribe: false, frames: [binance(1), binance(2)], then: 'stay' },
    ],
  });
  hooks = await startAlertSinkServer({ '/hook': [{ do: 'fail', status: 503 }, { do: 'ok' }] });
});
afterEach(async () => {
  await ws.close();
  await hooks.close();
  await rm(dir, { recursive: true, force: true });
});

describe('cascade monitor (live) against local servers', () => {
  it('fires on the WebSocket stream and delivers the signed webhook after a failed attempt', async () => {
    const config = join(dir, 'live.yaml');
    await writeFile(
      config,
      [
        'sinks:',
        '  - { name: hook, type: webhook, url: "' +
          hooks.url +
          '/hook", secretEnv: CASCADE_TEST_SECRET }',
        'live: { exchanges: [binance] }',
        'rules:',
        '  - { id: btc-liq, type: liquidations, symbol: BTC, window: 1h, thresholdUsd: 400 }',
        '',
      ].join('\n'),
    );
    process.env['CASCADE_TEST_SECRET'] = 'local-secret';
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      readFile: () => Promise.reject(new Error('unused')),
      cwd: dir,
    };
    const code = await main(
      [
        'monitor',
        '--config',
        config,
        '--json',
        '--duration',
        '4',
        '--ws-url',
        ws.url,
        '--data-dir',
        dir,
      ],
      io,
    );
    expect(code, err.join('')).toBe(0);
    const lines = out
      .join('')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { rule: string; values: Record<string, unknown> });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ rule: 'btc-liq', values: { side: 'any', lowerBound: true } });
    const delivered = hooks.received.filter((r) => r.answered === 'ok');
    expect(hooks.received[0]?.answered).toBe('fail');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.headers['x-cascade-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(err.join('')).toContain('stopped: 3 liquidations stored');
  }, 30_000);
});
