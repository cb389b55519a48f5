import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Test helper of packages/adapters (not part of its public API).
import { OKX_ACK, okxLongAt86k } from '../../../adapters/src/testing/liquidation-frames.js';
import {
  startLiquidationReplayServer,
  type LiquidationReplayServer,
} from '../../../adapters/src/testing/liquidation-replay-server.js';
import {
  startOkxReplayServer,
  type OkxReplayServer,
} from '../../../adapters/src/testing/okx-replay-server.js';
import type { CliIo } from '../io.js';
import { main } from '../main.js';

// The documented example frame of Binance USDⓈ-M "Liquidation Order Streams".
const BINANCE_DOC_FRAME =
  '{"e":"forceOrder","E":1568014460893,"o":{"s":"BTCUSDT","S":"SELL","o":"LIMIT","f":"IOC","q":"0.014","p":"9910","ap":"9910","X":"FILLED","l":"0.014","z":"0.014","T":1568014460893}}';

let dir: string;
let server: LiquidationReplayServer;
let okxRest: OkxReplayServer;
beforeAll(async () => {
  okxRest = await startOkxReplayServer();
  dir = await mkdtemp(join(tmpdir(), 'cascade-cli-watch-'));
  server = await startLiquidationReplayServer({
    '/ws/!forceOrder@arr': [
      { awaitSubscribe: false, frames: [BINANCE_DOC_FRAME, 'garbage'], then: 'drop' },
      { awaitSubscribe: false, frames: [BINANCE_DOC_FRAME], then: 'stay' },
    ],
    '/ws/v5/public': [
      {
        awaitSubscribe: true,
        ack: OKX_ACK,
        frames: [
          okxLongAt86k('BTC-USDT-SWAP', '25', 1),
          okxLongAt86k('BTC-USD-SWAP', '43', 2),
          okxLongAt86k('ETH-USDT-SWAP', '7', 3),
        ],
        then: 'stay',
      },
    ],
  });
});
afterAll(async () => {
  await okxRest.close();
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

/** `cascade watch-liquidations` against the replay server, into its own data directory. */
const watch = (
  dataDir: string,
  ...argv: string[]
): Promise<{ code: number; stdout: string; stderr: string }> =>
  run('watch-liquidations', '--ws-url', server.url, ...argv, '--data-dir', join(dir, dataDir));

describe('cascade watch-liquidations', () => {
  it('prints and stores each event once, marking Binance as a lower bound', async () => {
    const result = await watch('s', '--exchanges', 'binance', '--duration', '3');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      '07:34:20.893 binance  BTC/USDT:USDT    long  0.014 @ 9910  $139  (lower bound)\n',
    );
    expect(result.stderr).toMatch(
      /stored 1 events \(1 duplicates dropped, 1 malformed frames, \d+ reconnects\)/,
    );
  });

  it('sizes OKX contracts from its instruments: base units when linear, USD when inverse', async () => {
    const result = await watch(
      'okx',
      '--exchanges',
      'okx',
      '--rest-url',
      okxRest.url,
      '--duration',
      '2',
    );
    expect(result.code).toBe(0);
    // 25 × 0.01 BTC; 43 × $100 = $4,300 (0.05 BTC at $86,000); ETH-USDT-SWAP is not listed.
    expect(result.stdout).toBe(
      '02:00:01.000 okx      BTC/USDT:USDT    long  0.25 @ 86000  $21,500\n' +
        '02:00:02.000 okx      BTC/USD:BTC      long  0.05 @ 86000  $4,300\n',
    );
    expect(result.stderr).toMatch(/stored 2 events/);
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
