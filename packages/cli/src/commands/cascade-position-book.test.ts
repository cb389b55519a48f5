/**
 * The "position-book" position source on the embedded dataset (data/SOURCES.md): simulate,
 * montecarlo and stress draw the market's positions from the fitted liquidation model's book,
 * name the model, and say clearly when the store has no open interest for the day.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLiquidationModel, modelLabel, repoRoot } from '@cascade/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { captureIo } from '../testing/capture-io.js';

let dir: string;
let dataDir: string;
const example = join(repoRoot(), 'examples', 'scenarios', '2026-02-05-position-book.json');
const label = modelLabel(loadLiquidationModel());
/** A 20x Binance long from 70,000 (the position-record schema), served as mine.json. */
const files = {
  'mine.json': JSON.stringify([
    {
      exchange: 'Binance',
      contract: 'linear',
      marginMode: 'isolated',
      symbol: 'BTCUSDT',
      side: 'long',
      entryPrice: 70_000,
      quantity: 0.5,
      leverage: 20,
    },
  ]),
};

/** Runs the CLI in the test directory; `files` are what io.readFile serves (positions). */
async function run(argv: string[], files: Record<string, string> = {}) {
  const io = captureIo(files, dir);
  const code = await main(argv, io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cascade-position-book-'));
  dataDir = join(dir, 'store');
  expect((await run(['data', 'init', '--data-dir', dataDir, '--quiet'])).code).toBe(0);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface PositionsFrom {
  model: string;
  modelVersion: string;
  asOf: string;
  positions: number;
  bookLongUsd: number;
  bookShortUsd: number;
  bookTo: string;
  lastCloseUsd: number;
  openInterestNote: string | null;
}

describe('position-book scenarios on the embedded store', () => {
  it('simulate runs the 2026-02-05 example and names the model (JSON and text)', async () => {
    const json = await run(['simulate', '--scenario', example, '--data-dir', dataDir, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const doc = JSON.parse(json.stdout) as {
      positions: number;
      excludedPositions: number;
      longLiquidatedUsd: number;
      minPrice: number;
      positionsFrom: PositionsFrom[];
    };
    const [from] = doc.positionsFrom;
    expect(from?.model).toBe(label);
    expect(from?.modelVersion).toBe(loadLiquidationModel().version);
    expect(from).toMatchObject({ asOf: '2026-02-04', positions: 20_000 });
    // The book's last bar is the 23:00 UTC bar of 2026-02-04 (close 73,165.83, Binance spot).
    expect(from?.bookTo).toBe('2026-02-04T23:00:00.000Z');
    expect(from?.lastCloseUsd).toBe(73_165.83);
    // Hourly open interest in that window (the store's note only names a missing hour).
    expect(from?.openInterestNote ?? '').not.toMatch(/daily/);
    expect(doc.positions).toBe(20_000);
    expect(doc.excludedPositions).toBe(0);
    // Walked to the day's low (62,345): the book's longs above it are liquidated, and more.
    expect(doc.longLiquidatedUsd).toBeGreaterThan(0);
    expect(doc.longLiquidatedUsd).toBeLessThanOrEqual((from?.bookLongUsd ?? 0) * (1 + 1e-9));
    expect(doc.minPrice).toBeLessThanOrEqual(62_345);

    const text = await run(['simulate', '--scenario', example, '--data-dir', dataDir]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Positions from the fitted position book, binance BTC/USDT:USDT');
    expect(text.stdout).toContain(label);
  }, 60_000);

  it('montecarlo prints the model label', async () => {
    const r = await run([
      'montecarlo',
      '--scenario',
      example,
      '--data-dir',
      dataDir,
      '--runs',
      '8',
      '--threads',
      '1',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(label);
  }, 60_000);

  it('stress without --scenario puts the positions into the position book of the last stored day', async () => {
    const positions = 'mine.json';
    const stress = ['stress', '--positions', positions, '--data-dir', dataDir, '--threads', '1'];
    const r = await run([...stress, '--runs', '16', '--json'], files);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      scenario: string;
      positionsFrom: PositionsFrom[];
      positions: { probabilityOfLiquidation: number | null }[];
    };
    // The stored hourly open interest ends with 2026-03-31 23:00 UTC.
    expect(doc.positionsFrom[0]).toMatchObject({ asOf: '2026-03-31', model: label });
    expect(doc.positions[0]?.probabilityOfLiquidation).not.toBeNull();

    const text = await run([...stress, '--as-of', '2026-02-04', '--runs', '8'], files);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('at the end of 2026-02-04');
    expect(text.stdout).toContain(label);
  }, 60_000);

  it('fails with exit 2 naming the date and the stored range when the day has no open interest', async () => {
    const scenario = JSON.parse(await readFile(example, 'utf8')) as {
      positions: { asOf: string }[];
    };
    scenario.positions[0]!.asOf = '2025-06-01';
    const file = join(dir, 'no-oi.json');
    await writeFile(file, JSON.stringify(scenario));
    const r = await run(['simulate', '--scenario', file, '--data-dir', dataDir, '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /field "positions\.0\.asOf": no open interest stored for binance BTC\/USDT:USDT on 2025-06-01 \(stored: \d{4}-\d{2}-\d{2}\.\.2026-03-31\)/,
    );
    const stress = await run(
      ['stress', '--positions', 'mine.json', '--data-dir', dataDir, '--as-of', '2025-06-01'],
      files,
    );
    expect(stress.code).toBe(2);
    expect(stress.stderr).toMatch(
      /no open interest stored for binance BTC\/USDT:USDT on 2025-06-01/,
    );
  }, 60_000);
});
