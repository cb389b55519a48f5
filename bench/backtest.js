/**
 * Backtest benchmarks (issue 16, docs/validation.md): a scenario built from data (`cascade
 * scenario --date`, target <= 2 s) and a 90-day walk-forward backtest with 200 forecast runs a
 * day (`cascade backtest`, target <= 5 minutes on 2 cores), on a fresh store loaded with the
 * embedded dataset. The baseline is reading the same day's candles alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDbStore, storePath } from '@cascade/adapters';
import { buildScenario, hourBars, runBacktest } from '@cascade/services';
import { report, timeMs } from './harness.js';

const root = new URL('..', import.meta.url).pathname;
const DATES = ['2025-12-20', '2026-02-05', '2026-03-20'];

export async function run() {
  const dir = await mkdtemp(join(tmpdir(), 'cascade-bench-backtest-'));
  try {
    execFileSync(
      process.execPath,
      [join(root, 'packages/cli/bin/cascade.js'), 'data', 'init', '--data-dir', dir, '--quiet'],
      { stdio: 'inherit' },
    );
    const store = await openDuckDbStore(storePath(dir));
    try {
      for (const date of DATES) {
        const d = Date.parse(`${date}T00:00:00Z`);
        const built = await timeMs(() => buildScenario(store, date), { samples: 5 });
        const read = await timeMs(() => hourBars(store, d - 400 * 86_400_000, d), { samples: 5 });
        report({
          bench: 'backtest.scenario-from-data',
          date,
          buildMs: built.minMs,
          buildP50Ms: built.p50Ms,
          candleReadMs: read.minMs,
          target: '<= 2000 ms',
        });
      }
      const t0 = performance.now();
      const result = await runBacktest(store, { from: '2026-01-01', to: '2026-03-31', runs: 200 });
      const seconds = (performance.now() - t0) / 1000;
      report({
        bench: 'backtest.walk-forward-90d',
        days: result.days.length,
        runsPerDay: 200,
        seconds,
        cores: availableParallelism(),
        target: '<= 300 s on 2 cores',
      });
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
