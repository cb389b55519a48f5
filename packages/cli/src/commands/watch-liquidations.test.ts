import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Test helper of packages/adapters (not part of its public API).
import {
  startLiquidationReplayServer,
  type LiquidationReplayServer,
} from '../../../adapters/src/testing/liquidation-replay-server.js';
import type { CliIo } from '../io.js';
import { main } from '../main.js';

// The documented example frame of Binance USDⓈ-M "Liquidation Order Streams".
const BINANCE_DOC_FRAME =
  '{"e":"forceOrder","E":1568014460893,"o":{"s":"BTCUSDT","S":"SELL","o":"LIMIT","f":"IOC","q":"0.014","p":"9910","ap":"9910","X":"FILLED","l":"0.014","z":"0.014","T":1568014460893}}';

let dir: string;
let server: LiquidationReplayServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cascade-cli-watch-'));
  server = await startLiquidationReplayServer({
    '/ws/!forceOrder@arr': [
      { awaitSubscribe: false, frames: [BINANCE_DOC_FRAME, 'garbage'], then: 'drop' },
      { awaitSubscribe: false, frames: [BINANCE_DOC_FRAME], then: 'stay' },
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

describe('cascade watch-liquidations', () => {
  it('prints and stores each event once, marking Binance as a lower bound', async () => {
    const result = await run(
      'watch-liquidations',
      '--exchanges',
      'binance',
      '--ws-url',
      server.url,
      '--duration',
      '3',
      '--data-dir',
      join(dir, 's'),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      '07:34:20.893 binance  BTC/USDT:USDT    long  0.014 @ 9910  $139  (lower bound)\n',
    );
    expect(result.stderr).toMatch(
      /stored 1 events \(1 duplicates dropped, 1 malformed frames, \d+ reconnects\)/,
    );
  });

  it('rejects unknown exchanges and bad options with exit 2', async () => {
    for (const argv of [
      ['watch-liquidations', '--exchanges', 'ftx'],
      ['watch-liquidations', '--duration', '-1'],
      ['watch-liquidations', '--okx-contract-size', 'BTC-USDT-SWAP'],
    ]) {
      const result = await run(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
    }
  });
});
