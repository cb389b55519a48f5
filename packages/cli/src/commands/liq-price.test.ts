import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { captureIo } from '../testing/capture-io.js';

const BTC_LONG = {
  exchange: 'Binance',
  contract: 'linear',
  marginMode: 'isolated',
  side: 'long',
  symbol: 'BTCUSDT',
  entryPrice: 50000,
  quantity: 0.02,
  walletBalance: 500,
  leverage: 20,
  mmr: 0.004,
  maintenanceAmount: 0,
};

async function run(records: unknown, ...flags: string[]) {
  const io = captureIo(
    { 'in.json': typeof records === 'string' ? records : JSON.stringify(records) },
    '/',
  );
  const code = await main(['liq-price', '--input', 'in.json', ...flags], io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}

describe('cascade liq-price', () => {
  it('prints one JSON object per record, same order, with exactly the contract fields', async () => {
    const { code, stdout } = await run([BTC_LONG, { ...BTC_LONG, side: 'short' }], '--json');
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Record<string, unknown>[];
    expect(out).toHaveLength(2);
    expect(Object.keys(out[0]!).sort()).toEqual(
      ['bankruptcyPrice', 'fillablePrice', 'liquidationPrice', 'maintenanceMargin', 'mmr'].sort(),
    );
    expect(out[0]!['liquidationPrice']).toBeCloseTo(25100.4016, 3);
    expect(out[0]!['fillablePrice']).toBeNull();
    expect(out[1]!['liquidationPrice'] as number).toBeGreaterThan(50000);
  });

  it('prints a readable table without --json', async () => {
    const { code, stdout } = await run([BTC_LONG]);
    expect(code).toBe(0);
    expect(stdout).toContain('liquidation');
    expect(stdout).toContain('25,100.40');
  });

  it.each([
    [
      'unknown venue',
      [{ ...BTC_LONG, exchange: 'Kraken' }],
      /record 0: field "exchange": unknown venue "Kraken"/,
    ],
    [
      'missing field',
      [BTC_LONG, { ...BTC_LONG, quantity: undefined }],
      /record 1: field "quantity"/,
    ],
    ['negative field', [{ ...BTC_LONG, entryPrice: -1 }], /record 0: field "entryPrice"/],
    ['bad JSON', '[{"exchange": ', /bad JSON/],
    ['not an array', { a: 1 }, /field "\(record\)"|expected array/],
    [
      'domain problem',
      [{ ...BTC_LONG, exchange: 'OKX', mmr: undefined }],
      /record 0: field "mmr": is required/,
    ],
    [
      'cross without wallet',
      [{ ...BTC_LONG, marginMode: 'cross', walletBalance: undefined }],
      /record 0: field "walletBalance"/,
    ],
  ])(
    'rejects %s with exit 2, a message naming the place, and nothing on stdout',
    async (_name, input, message) => {
      const { code, stdout, stderr } = await run(input, '--json');
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
    },
  );

  it('has --help on the command and the program', async () => {
    const io = captureIo({}, '/');
    expect(await main(['liq-price', '--help'], io)).toBe(0);
    expect(io.out.join('')).toContain('Usage: cascade liq-price');
    expect(await main(['--help'], io)).toBe(0);
    expect(await main(['nope'], io)).toBe(2);
  });

  it('runs as the installed bin (built by prepare)', () => {
    const bin = fileURLToPath(new URL('../../bin/cascade.js', import.meta.url));
    const input = fileURLToPath(
      new URL('../../test-data/liquidation-vectors.json', import.meta.url),
    );
    const ok = spawnSync(process.execPath, [bin, 'liq-price', '--input', input, '--json'], {
      encoding: 'utf8',
    });
    expect(ok.status).toBe(0);
    expect((JSON.parse(ok.stdout) as unknown[]).length).toBe(36);
    const bad = spawnSync(process.execPath, [bin, 'liq-price', '--input', '/nonexistent.json'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
  });
});
