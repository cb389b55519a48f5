/** The macro commands give the same answers from the DuckDB store as from the embedded files. */
import { EMBEDDED_DATASET, importFile, openDuckDbStore, storePath } from '@cascade/adapters';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { repoRoot } from '@cascade/services';
import { contagionCommand } from './contagion.js';
import { divergenceCommand } from './divergence.js';
import { fedwatchCommand } from './fedwatch.js';
import { ratesCommand } from './rates.js';

const MACRO_FILES = [
  /crypto-daily\/binance_spot_(BTC|ETH|SOL|DOGE|XRP|ADA|BNB|DOT|LINK|LTC|TRX)USDT_1d_/,
  /rates\/(fred_(DFF|DGS2|DFEDTARL)_|fomc_decision_dates|barchart_ZQ|yahoo_ZQ|fedwatch-published)/,
  /events\/historical-events\.json$/,
  /equities\/yahoo_(GSPC|IXIC|VIX)_/,
  /derivatives\/binance_um_BTCUSDT_funding_rate_8h_/,
  /crypto-intraday\/binance_spot_BTCUSDT_1h_/,
];

let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cascade-macro-store-'));
  const store = await openDuckDbStore(storePath(dir));
  try {
    for (const entry of EMBEDDED_DATASET.filter((e) => MACRO_FILES.some((re) => re.test(e.path)))) {
      await importFile(store, join(repoRoot(), entry.path), entry.kind, entry.options ?? {});
    }
  } finally {
    await store.close();
  }
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(
  command: (argv: readonly string[], io: CliIo) => Promise<number>,
  ...argv: string[]
) {
  const out: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => out.push(text),
    readFile: () => Promise.reject(new Error('not used')),
    cwd: '/',
  };
  const code = await command(argv, io);
  return { code, stdout: out.join('') };
}

describe('macro commands: store vs embedded files', () => {
  it('fedwatch 2024-08-05 (futures) and 2025-11-21 (proxy + published) are identical', async () => {
    for (const date of ['2024-08-05', '2024-08-13', '2025-11-21']) {
      const files = await run(
        fedwatchCommand,
        '--date',
        date,
        '--json',
        '--data-dir',
        '/nonexistent/x',
      );
      const store = await run(fedwatchCommand, '--date', date, '--json', '--data-dir', dir);
      expect(store.code).toBe(0);
      const strip = (text: string) => {
        const json = JSON.parse(text) as { published?: { notes?: string }[] };
        for (const r of json.published ?? []) delete r.notes; // the store keeps no notes
        return json;
      };
      expect(strip(store.stdout)).toEqual(strip(files.stdout));
    }
  });

  it('divergence and rates 2025-11-21 are identical apart from the data source', async () => {
    for (const command of [divergenceCommand, ratesCommand]) {
      const files = await run(
        command,
        '--date',
        '2025-11-21',
        '--json',
        '--data-dir',
        '/nonexistent/x',
      );
      const store = await run(command, '--date', '2025-11-21', '--json', '--data-dir', dir);
      const a = JSON.parse(files.stdout) as { dataSource: string };
      const b = JSON.parse(store.stdout) as { dataSource: string };
      expect(a.dataSource).toMatch(/^embedded files/);
      expect(b.dataSource).toBe(`market store ${storePath(dir)}`);
      expect({ ...b, dataSource: '' }).toEqual({ ...a, dataSource: '' });
    }
  });

  it('contagion 2025-11-21 is identical, and the text names the store', async () => {
    const files = await run(
      contagionCommand,
      '--date',
      '2025-11-21',
      '--json',
      '--data-dir',
      '/nonexistent/x',
    );
    const store = await run(contagionCommand, '--date', '2025-11-21', '--json', '--data-dir', dir);
    expect(JSON.parse(store.stdout)).toEqual(JSON.parse(files.stdout));
    const text = await run(contagionCommand, '--date', '2025-11-21', '--data-dir', dir);
    expect(text.stdout).toContain(`Data: market store ${storePath(dir)}`);
  });
});
