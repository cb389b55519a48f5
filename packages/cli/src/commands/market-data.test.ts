import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { main } from '../main.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cascade-cli-data-'));
});
afterAll(async () => {
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

describe('cascade data / import / export', () => {
  it('data init loads the embedded dataset once; the second run is a no-op', async () => {
    const store = join(dir, 'store');
    const first = await run('data', 'init', '--data-dir', store, '--quiet');
    expect(first).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^dataset loaded: \d+ rows\n$/) as unknown,
    });
    const second = await run('data', 'init', '--data-dir', store, '--quiet');
    expect(second).toEqual({ code: 0, stdout: 'dataset already loaded\n', stderr: '' });
    const status = await run('data', 'status', '--data-dir', store);
    expect(status.stdout).toMatch(/candles\s+69792/);
    expect(status.stdout).toMatch(/event_catalog\s+16/);
    const out = join(dir, 'btc-nov.csv');
    const exported = await run(
      'export',
      '--table',
      'candles',
      '--format',
      'csv',
      '--out',
      out,
      '--symbol',
      'BTC/USDT',
      '--exchange',
      'binance',
      '--from',
      '2025-11-21',
      '--to',
      '2025-11-21',
      '--data-dir',
      store,
    );
    expect(exported.code).toBe(0);
    const csv = (await readFile(out, 'utf8')).trim().split('\n');
    // 1d, 4h and 1h bars opening exactly at 2025-11-21 00:00 UTC.
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      'binance,BTC/USDT,1d,1763683200000',
      'binance,BTC/USDT,1h,1763683200000',
      'binance,BTC/USDT,4h,1763683200000',
    ]);
    expect(csv[1]).toBe(
      'binance,BTC/USDT,1d,1763683200000,86637.22,87498.94,80600.0,85129.43,72256.12679,6061348756.341564,11826480',
    );
  }, 60_000);

  it('import: a malformed file exits 2 naming file, line and column, and writes nothing', async () => {
    const store = join(dir, 'bad-store');
    const file = join(dir, 'fred_DFF_daily_bad.csv');
    await writeFile(file, 'observation_date,DFF\n2021-08-06,0.10\n2021-08-07,zero\n');
    const result = await run('import', file, '--kind', 'fred', '--data-dir', store);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `cascade import: ${file}:3:12: column "DFF": expected a decimal number or blank, got "zero"\n`,
    });
    const status = await run('data', 'status', '--data-dir', store);
    expect(status.stdout).toMatch(/macro_series\s+0\n/);
  });

  it('import/export usage errors exit 2 with nothing on stdout', async () => {
    for (const argv of [
      ['import', 'x.csv'],
      ['import', 'x.csv', '--kind', 'nope'],
      ['export', '--table', 'nope', '--out', 'x'],
      ['export', '--table', 'candles', '--format', 'xlsx', '--out', 'x'],
      ['export', '--table', 'candles', '--out', 'x', '--from', 'yesterday'],
      ['data', 'frobnicate'],
    ]) {
      const result = await run(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toBe('');
    }
  });

  it('every new command has --help', async () => {
    for (const name of ['data', 'import', 'export', 'start']) {
      const result = await run(name, '--help');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: cascade /);
    }
  });
});
