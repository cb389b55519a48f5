/**
 * The cascade commands: contracts of simulate / montecarlo / stress, scenario validation, and
 * golden runs of the shipped example scenarios (pinned on Node 20: Math.log/exp/cos used by the
 * position generator are implementation-approximated, see docs/scenario.md).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { main } from '../main.js';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const small = here('../../test-data/scenarios/small.json');
const examples = here('../../../../examples/scenarios/');

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile: (p) => Promise.resolve(readFileSync(p, 'utf8')),
    cwd: process.cwd(),
  };
  const code = await main(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('cascade simulate', () => {
  it('prints the result contract with --json and writes the event log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cascade-'));
    const events = join(dir, 'events.jsonl');
    const { code, stdout } = await run(
      'simulate',
      '--scenario',
      small,
      '--json',
      '--events',
      events,
    );
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as Record<string, number>;
    for (const key of [
      'totalLiquidatedUsd',
      'longLiquidatedUsd',
      'shortLiquidatedUsd',
      'liquidations',
      'startPrice',
      'minPrice',
      'finalPrice',
      'insuranceFundDeltaUsd',
      'adlUsd',
    ]) {
      expect(typeof r[key], key).toBe('number');
    }
    expect(r['totalLiquidatedUsd']).toBeCloseTo(
      r['longLiquidatedUsd']! + r['shortLiquidatedUsd']!,
      3,
    );
    expect(r['minPrice']).toBeLessThan(r['startPrice']!);
    const lines = readFileSync(events, 'utf8').trim().split('\n');
    expect(lines.length).toBe(r['events']);
    const kinds = new Set(lines.map((l) => (JSON.parse(l) as { kind: string }).kind));
    expect(kinds.has('position-liquidated')).toBe(true);
    expect(kinds.has('price-moved')).toBe(true);
  });

  it('is deterministic: the same scenario gives the same event-log hash', async () => {
    const a = JSON.parse((await run('simulate', '--scenario', small, '--json')).stdout) as {
      eventLogHash: string;
    };
    const b = JSON.parse((await run('simulate', '--scenario', small, '--json')).stdout) as {
      eventLogHash: string;
    };
    expect(a.eventLogHash).toBe(b.eventLogHash);
  });

  it('prints a readable summary with a price chart', async () => {
    const { code, stdout } = await run('simulate', '--scenario', small);
    expect(code).toBe(0);
    expect(stdout).toContain('amplification');
    expect(stdout).toContain('Traded price by step');
  });

  it.each([
    [
      'invalid field',
      here('../../test-data/scenarios/bad-depth.json'),
      /field "book.depthUsdWithin1Pct"/,
    ],
    ['missing file', '/nonexistent/scenario.json', /ENOENT|no such file/],
  ])('rejects a bad scenario (%s) with exit 2 and the field path', async (_name, file, message) => {
    const { code, stdout, stderr } = await run('simulate', '--scenario', file, '--json');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it('rejects bad JSON naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cascade-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"name": ');
    const { code, stderr } = await run('simulate', '--scenario', file);
    expect(code).toBe(2);
    expect(stderr).toContain('broken.json: bad JSON');
  });
});

describe('golden runs of the example scenarios (Node 20)', () => {
  it.each([
    ['2025-10-10-binance.json', 878_121_264.1, 108_505, '1deab019'],
    ['2025-11-21.json', 2_185_033_709.0, 79_651, '612acb84'],
  ])('%s', async (file, liquidatedUsd, minPrice, hash) => {
    const r = JSON.parse(
      (await run('simulate', '--scenario', join(examples, file), '--json')).stdout,
    ) as {
      totalLiquidatedUsd: number;
      minPrice: number;
      eventLogHash: string;
    };
    expect(r.totalLiquidatedUsd).toBeCloseTo(liquidatedUsd, 0);
    expect(Math.round(r.minPrice)).toBe(minPrice);
    expect(r.eventLogHash).toBe(hash);
  });
});

describe('cascade montecarlo', () => {
  it('reports ordered quantiles, the same on every run', async () => {
    const a = await run('montecarlo', '--scenario', small, '--runs', '40', '--json');
    expect(a.code).toBe(0);
    const s = JSON.parse(a.stdout) as Record<
      string,
      { p50: number; p95: number; p99: number; max: number }
    >;
    for (const key of ['liquidatedUsd', 'drawdownPct', 'insuranceFundLossUsd']) {
      const q = s[key]!;
      expect(q.p50).toBeLessThanOrEqual(q.p95);
      expect(q.p95).toBeLessThanOrEqual(q.p99);
      expect(q.p99).toBeLessThanOrEqual(q.max);
    }
    const b = JSON.parse(
      (await run('montecarlo', '--scenario', small, '--runs', '40', '--json')).stdout,
    ) as typeof s;
    expect(b['liquidatedUsd']).toEqual(s['liquidatedUsd']);
  });

  it('gives the same numbers on 1 and 2 worker threads (built bin)', () => {
    const bin = here('../../bin/cascade.js');
    const once = (threads: string) => {
      const r = spawnSync(
        process.execPath,
        [bin, 'montecarlo', '--scenario', small, '--runs', '30', '--threads', threads, '--json'],
        { encoding: 'utf8' },
      );
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as {
        liquidatedUsd: unknown;
        drawdownPct: unknown;
        threads: number;
      };
    };
    const one = once('1');
    const two = once('2');
    expect(two.threads).toBe(2);
    expect(two.liquidatedUsd).toEqual(one.liquidatedUsd);
    expect(two.drawdownPct).toEqual(one.drawdownPct);
  });

  it('requires a monteCarlo section', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cascade-'));
    const file = join(dir, 'no-mc.json');
    const scenario = JSON.parse(readFileSync(small, 'utf8')) as Record<string, unknown>;
    delete scenario['monteCarlo'];
    writeFileSync(file, JSON.stringify(scenario));
    const { code, stderr } = await run('montecarlo', '--scenario', file, '--runs', '5');
    expect(code).toBe(2);
    expect(stderr).toContain('field "monteCarlo"');
  });
});

describe('cascade stress', () => {
  it('reports per-position probability, expected loss and the liquidating shock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cascade-'));
    const positions = join(dir, 'mine.json');
    const base = {
      exchange: 'Binance',
      contract: 'linear',
      marginMode: 'isolated',
      symbol: 'BTCUSDT',
      entryPrice: 86000,
      quantity: 1,
    };
    writeFileSync(
      positions,
      JSON.stringify([
        { ...base, side: 'long', leverage: 50 },
        { ...base, side: 'long', leverage: 2 },
        { ...base, side: 'short', leverage: 20 },
        { ...base, symbol: 'ETHUSDT', entryPrice: 3000, side: 'long', leverage: 10 },
      ]),
    );
    const { code, stdout, stderr } = await run(
      'stress',
      '--positions',
      positions,
      '--scenario',
      small,
      '--runs',
      '40',
      '--json',
    );
    expect(code, stderr).toBe(0);
    const rows = (
      JSON.parse(stdout) as {
        positions: {
          probabilityOfLiquidation: number | null;
          liquidatingShockUsd: number | null;
          expectedLossUsd: number | null;
          note: string | null;
        }[];
      }
    ).positions;
    expect(rows).toHaveLength(4);
    const [high, low, , eth] = rows;
    expect(high!.probabilityOfLiquidation!).toBeGreaterThanOrEqual(low!.probabilityOfLiquidation!);
    expect(high!.liquidatingShockUsd!).toBeGreaterThan(0);
    expect(low!.liquidatingShockUsd ?? Infinity).toBeGreaterThan(high!.liquidatingShockUsd!);
    expect(high!.expectedLossUsd!).toBeGreaterThanOrEqual(0);
    expect(eth!.note).toContain('market is BTC');
  });
});
