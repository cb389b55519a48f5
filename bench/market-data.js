/**
 * Market-data store benchmarks (issue 4):
 * - csv-import: rows/s of `importFile` (validation + DuckDB load in one transaction) on a real
 *   CSV of 69,792 rows (every candle of the embedded dataset, exported in the generic format), against
 *   a raw read + line split of the same file in the same run: into a fresh store (the table is
 *   empty: loaded directly, then the natural key checked; in memory, and into a file store), into
 *   a table that already holds other rows (staged, anti-join merge: every key new), and the
 *   re-import (every key exists, nothing changes).
 *   Load average is printed: the machine is shared.
 * - dataset-first-load: the embedded dataset into a fresh file-backed store (what the first
 *   `npm start` does), and the no-op second run.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  exportTable,
  importFile,
  IN_MEMORY,
  loadEmbeddedDataset,
  openDuckDbStore,
} from '@cascade/adapters';
import { report } from './harness.js';

const root = new URL('..', import.meta.url).pathname;

async function minOf(samples, fn) {
  let best = Infinity;
  for (let i = 0; i < samples; i++) best = Math.min(best, await fn());
  return best;
}

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** CPU time (user + system, all threads of this process, DuckDB's included) of `fn`, in ms. */
async function cpuTimed(fn) {
  const before = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

export async function run() {
  const dir = await mkdtemp(join(tmpdir(), 'cascade-bench-'));
  try {
    // Dataset first load into a fresh file store, then the second (no-op) run.
    let rows = 0;
    let files = 0;
    const firstLoadMs = await minOf(3, async () => {
      const path = join(dir, `first-${Math.random()}.duckdb`);
      return timed(async () => {
        const store = await openDuckDbStore(path);
        const result = await loadEmbeddedDataset(store, root);
        rows = result.rows;
        files = result.files;
        await store.close();
      });
    });
    const seeded = await openDuckDbStore(join(dir, 'seeded.duckdb'));
    await loadEmbeddedDataset(seeded, root);
    const secondRunMs = await minOf(3, () => timed(() => loadEmbeddedDataset(seeded, root)));
    report({
      bench: 'market-data.dataset-first-load',
      loadAverage1m: Number(loadavg()[0].toFixed(2)),
      files,
      rows,
      firstLoadMs: Math.round(firstLoadMs),
      secondRunMs: Math.round(secondRunMs),
      targetMs: 20_000,
    });

    // CSV import throughput on one real file.
    const csv = join(dir, 'candles.csv');
    const n = await exportTable(seeded, 'candles', 'csv', csv);
    await seeded.close();
    const rawMs = await minOf(7, () =>
      timed(async () => {
        const text = await readFile(csv, 'utf8');
        if (text.split('\n').length < n) throw new Error('short read');
      }),
    );
    const importMs = await minOf(7, async () => {
      const store = await openDuckDbStore(IN_MEMORY);
      const ms = await timed(() => importFile(store, csv, 'candles'));
      await store.close();
      return ms;
    });
    // The same into a fresh file-backed store (what `cascade import` does): the commit also
    // writes the write-ahead log.
    const fileStoreMs = await minOf(7, async () => {
      const store = await openDuckDbStore(join(dir, `import-${Math.random()}.duckdb`));
      const ms = await timed(() => importFile(store, csv, 'candles'));
      await store.close();
      return ms;
    });
    // A table that already holds a row of another series: the staged merge path.
    const other = join(dir, 'other.csv');
    await writeFile(
      other,
      'exchange,symbol,timeframe,ts_ms,open,high,low,close,volume_base,volume_quote,trades\nbench,X/Y,1h,0,1,1,1,1,1,,\n',
    );
    const mergeMs = await minOf(7, async () => {
      const store = await openDuckDbStore(IN_MEMORY);
      await importFile(store, other, 'candles');
      const ms = await timed(() => importFile(store, csv, 'candles'));
      await store.close();
      return ms;
    });
    // CPU time is far less sensitive than wall time to other jobs on a shared machine.
    const importCpuMs = await minOf(7, async () => {
      const store = await openDuckDbStore(IN_MEMORY);
      const ms = await cpuTimed(() => importFile(store, csv, 'candles'));
      await store.close();
      return ms;
    });
    const rawCpuMs = await minOf(7, () =>
      cpuTimed(async () => {
        const text = await readFile(csv, 'utf8');
        if (text.split('\n').length < n) throw new Error('short read');
      }),
    );
    const store = await openDuckDbStore(IN_MEMORY);
    await importFile(store, csv, 'candles');
    const reimportMs = await minOf(7, () => timed(() => importFile(store, csv, 'candles')));
    await store.close();
    const perSecond = (ms) => Math.round(n / (ms / 1000));
    report({
      bench: 'market-data.csv-import',
      rows: n,
      importMs: Number(importMs.toFixed(1)),
      rowsPerSecond: perSecond(importMs),
      fileStoreImportMs: Number(fileStoreMs.toFixed(1)),
      fileStoreRowsPerSecond: perSecond(fileStoreMs),
      mergeIntoFilledMs: Number(mergeMs.toFixed(1)),
      mergeRowsPerSecond: perSecond(mergeMs),
      reimportMs: Number(reimportMs.toFixed(1)),
      reimportRowsPerSecond: perSecond(reimportMs),
      rawReadMs: Number(rawMs.toFixed(1)),
      importOverRaw: Number((importMs / rawMs).toFixed(1)),
      importCpuMs: Number(importCpuMs.toFixed(1)),
      rowsPerCpuSecond: perSecond(importCpuMs),
      rawReadCpuMs: Number(rawCpuMs.toFixed(1)),
      targetRowsPerSecond: 500_000,
      loadAverage1m: Number(loadavg()[0].toFixed(2)),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
