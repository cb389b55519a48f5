/**
 * cascade scenario --date and cascade backtest on the embedded dataset (docs/validation.md): the
 * JSON shape, no look-ahead (rows stamped on or after D never change D's scenario) and clear
 * errors for dates without data.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildScenario, withStore } from '@cascade/services';
import type { MarketStore } from '@cascade/adapters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { captureIo } from '../testing/capture-io.js';

let dir: string;
let dataDir: string;

async function run(argv: string[]) {
  const io = captureIo({}, dir);
  const code = await main(argv, io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cascade-backtest-'));
  dataDir = join(dir, 'store');
  expect((await run(['data', 'init', '--data-dir', dataDir, '--quiet'])).code).toBe(0);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The store with every row stamped at or after `fromMs` rewritten (prices ×2, amounts ×3). */
function tampered(store: MarketStore, fromMs: number): MarketStore {
  const bump = <T extends { tsMs: number }>(row: T): T => {
    if (row.tsMs < fromMs) return row;
    const out: Record<string, unknown> = { ...row };
    for (const [k, v] of Object.entries(row))
      if (typeof v === 'number' && k !== 'tsMs' && k !== 'intervalMs')
        out[k] = /open|high|low|close/i.test(k) ? v * 2 : v * 3;
    return out as T;
  };
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'candles')
        return async (q: Parameters<MarketStore['candles']>[0]) =>
          (await target.candles({ exchange: q.exchange, symbol: q.symbol, timeframe: q.timeframe }))
            .filter(
              (r) =>
                (q.toMs === undefined || r.tsMs <= q.toMs) &&
                (q.fromMs === undefined || r.tsMs >= q.fromMs),
            )
            .map(bump);
      if (prop === 'select')
        return async (
          table: Parameters<MarketStore['select']>[0],
          q?: Parameters<MarketStore['select']>[1],
        ) => ((await target.select(table, q)) as { tsMs: number }[]).map(bump);
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

describe('cascade scenario --date', () => {
  it('writes a scenario built from data, saying so', async () => {
    const r = await run(['scenario', '--date', '2026-02-05', '--data-dir', dataDir]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as {
      startPriceUsd: number;
      builtFrom: { kind: string; dataBefore: string };
      positions: { kind: string; asOf?: string }[];
      monteCarlo: { shockUsd: { kind: string; values: number[] } };
    };
    expect(s.builtFrom.kind).toBe('built-from-data');
    expect(s.builtFrom.dataBefore).toBe('2026-02-05T00:00:00Z');
    expect(s.positions[0]).toMatchObject({ kind: 'position-book', asOf: '2026-02-04' });
    expect(s.monteCarlo.shockUsd.values).toHaveLength(90);
    // The last 1h close of 2026-02-04 (the day's open is 73,165.84).
    expect(Math.abs(s.startPriceUsd - 73_165.84)).toBeLessThan(1);
  });

  it('does not look ahead: rows stamped on or after D do not change it', async () => {
    for (const date of ['2025-12-20', '2026-02-05', '2026-03-10']) {
      const d = Date.parse(`${date}T00:00:00Z`);
      const [a, b] = await withStore(dir, dataDir, async (store) => [
        await buildScenario(store, date),
        await buildScenario(tampered(store, d), date),
      ]);
      expect(JSON.stringify(b.scenario)).toBe(JSON.stringify(a.scenario));
      // The tampering is real: the day itself changes with its own rows rewritten.
      const later = await withStore(dir, dataDir, (store) =>
        buildScenario(tampered(store, d - 86_400_000), date),
      );
      expect(later.scenario.startPriceUsd).not.toBe(a.scenario.startPriceUsd);
    }
  }, 60_000);

  it('names what is missing for a date without data', async () => {
    const r = await run(['scenario', '--date', '2030-01-01', '--data-dir', dataDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/2030-01-01: no binance BTC\/USDT 1h candles stored/);
    const bad = await run(['scenario', '--date', '2026-13-01', '--data-dir', dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/expected YYYY-MM-DD/);
  });
});

describe('cascade backtest', () => {
  it('prints days and a summary in the documented shape', async () => {
    const r = await run([
      'backtest',
      '--from',
      '2026-02-04',
      '--to',
      '2026-02-06',
      '--runs',
      '8',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      days: { date: string; realized: object; pathDriven: object; forecast: object }[];
      summary: object;
    };
    expect(out.days.map((d) => d.date)).toEqual(['2026-02-04', '2026-02-05', '2026-02-06']);
    const q = ['p05', 'p25', 'p50', 'p75', 'p95'];
    for (const day of out.days) {
      expect(Object.keys(day).sort()).toEqual(['date', 'forecast', 'pathDriven', 'realized']);
      expect(Object.keys(day.realized).sort()).toEqual(['liquidatedUsd', 'lowUsd']);
      expect(Object.keys(day.pathDriven)).toEqual(['liquidatedUsd']);
      const f = day.forecast as { liquidatedUsd: object; lowUsd: object };
      expect(Object.keys(f.liquidatedUsd).sort()).toEqual(q.sort());
      expect(Object.keys(f.lowUsd).sort()).toEqual(q.sort());
    }
    // 2026-02-05: Coinglass BTC $482.7M (docs/scenario.md), low 62,345.
    expect(out.days[1]?.realized).toEqual({
      liquidatedUsd: expect.closeTo(482_740_770, -3) as number,
      lowUsd: 62_345,
    });
    expect(out.summary).toMatchObject({
      scoredDays: 3,
      pitHistogram: expect.any(Array) as unknown,
    });
  }, 60_000);

  it('says which range is stored when the range holds no realized liquidations', async () => {
    const r = await run([
      'backtest',
      '--from',
      '2024-01-01',
      '--to',
      '2024-01-05',
      '--data-dir',
      dataDir,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no realized liquidations .*\(stored: 2025-11-23\.\.2026-03-31/);
  });
});
