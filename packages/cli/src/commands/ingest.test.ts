import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The replay server is a test helper of packages/adapters (not part of its public API).
import {
  startBinanceReplayServer,
  type ReplayServer,
} from '../../../adapters/src/testing/binance-replay-server.js';
import { startGateReplayServer } from '../../../adapters/src/testing/gate-replay-server.js';
import type { CliIo } from '../io.js';
import { main } from '../main.js';

let dir: string;
let server: ReplayServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cascade-cli-ingest-'));
  // Real Binance USDⓈ-M funding settlements of 2025-12-04..05 (data/derivatives, 8h).
  server = await startBinanceReplayServer({
    klines: [],
    openInterest: [],
    funding: [
      { fundingTime: Date.UTC(2025, 11, 4, 8), fundingRate: '7.435e-05' },
      { fundingTime: Date.UTC(2025, 11, 4, 16, 0, 0, 11), fundingRate: '3.928e-05' },
      { fundingTime: Date.UTC(2025, 11, 5, 0), fundingRate: '4.837e-05' },
    ],
  });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile: (p) => readFile(p, 'utf8'),
    cwd: dir,
  };
  const code = await main(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('cascade ingest --what liquidations', () => {
  it('stores Gate liquidation history; binance says it has none and points to the live stream', async () => {
    // Gate's documented liq_orders example (a 600-contract long), served by a local replay server.
    const gate = await startGateReplayServer([
      {
        time: 1763690400,
        contract: 'BTC_USDT',
        size: 600,
        order_size: -600,
        order_price: '3405',
        fill_price: '3424',
        left: 0,
      },
    ]);
    try {
      const args = [
        'ingest',
        '--symbol',
        'BTC/USDT:USDT',
        '--since',
        '2025-11-21',
        '--until',
        '2025-11-22',
      ];
      const store = ['--data-dir', join(dir, 'liq')];
      expect(
        await run(
          ...args,
          '--exchange',
          'gate',
          '--what',
          'liquidations',
          '--api-url',
          gate.url,
          ...store,
        ),
      ).toEqual({ code: 0, stdout: 'gate BTC/USDT:USDT: liquidations +1 rows\n', stderr: '' });
      const binance = await run(
        ...args,
        '--exchange',
        'binance',
        '--what',
        'liquidations',
        ...store,
      );
      expect(binance.code).toBe(1);
      expect(binance.stdout).toBe('');
      expect(binance.stderr).toMatch(/binance: no public liquidation history .*watch-liquidations/);
    } finally {
      await gate.close();
    }
  });
});

describe('cascade ingest', () => {
  it('stores funding from a local replay server; the second run adds nothing', async () => {
    const args = [
      'ingest',
      '--exchange',
      'binance',
      '--symbol',
      'BTC/USDT:USDT',
      '--since',
      '2025-12-04',
      '--until',
      '2025-12-06',
      '--what',
      'funding',
      '--api-url',
      server.url,
      '--data-dir',
      join(dir, 's'),
    ];
    expect(await run(...args)).toEqual({
      code: 0,
      stdout: 'binance BTC/USDT:USDT: funding +3 rows\n',
      stderr: '',
    });
    expect(await run(...args)).toEqual({
      code: 0,
      stdout: 'binance BTC/USDT:USDT: funding +0 rows\n',
      stderr: '',
    });
  });

  it('an exchange error exits 1 with the reason and nothing on stdout', async () => {
    const result = await run(
      'ingest',
      '--exchange',
      'binance',
      '--symbol',
      'ETH/USDT:USDT',
      '--since',
      '2025-12-04',
      '--until',
      '2025-12-06',
      '--what',
      'funding',
      '--api-url',
      server.url,
      '--data-dir',
      join(dir, 's2'),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^cascade ingest: .*ETH\/USDT:USDT/);
  });

  it('usage errors exit 2', async () => {
    for (const argv of [
      ['ingest', '--exchange', 'binance'],
      ['ingest', '--exchange', 'nope', '--symbol', 'BTC/USDT', '--since', '2025-11-01'],
      ['ingest', '--exchange', 'binance', '--symbol', 'BTC/USDT', '--since', 'soon'],
      [
        'ingest',
        '--exchange',
        'binance',
        '--symbol',
        'BTC/USDT',
        '--since',
        '2025-11-01',
        '--what',
        'trades',
      ],
    ]) {
      const result = await run(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
    }
  });
});
