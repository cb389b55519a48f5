/**
 * Market brief benchmark (issue 7): generation time of `generateBrief` for 2025-11-21 from a
 * warm store (a file store loaded with the embedded dataset, series already read once by a
 * memoized source, the day's simulation done), against the baseline of loading the inputs only
 * (every series the brief reads, from a fresh source over the same store) in the same run.
 * The first, cold generation (loads + 200-scenario Monte Carlo + text) is reported too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEmbeddedDataset, openDuckDbStore } from '@cascade/adapters';
import { generateBrief, memoizeSource } from '@cascade/brief';
import { CRYPTO_SYMBOLS, storeSource } from '@cascade/services';
import { report, timeMs } from './harness.js';

const root = new URL('..', import.meta.url).pathname;
const DATE = '2025-11-21';

async function loadInputs(source) {
  for (const symbol of CRYPTO_SYMBOLS) await source.cryptoDaily(symbol);
  for (const ticker of ['GSPC', 'IXIC', 'DJI', 'VIX']) await source.equity(ticker);
  for (const series of ['DGS2', 'DFF', 'DFEDTARL']) await source.fred(series);
  await source.fomcDates();
  await source.zqSettles();
  await source.published();
  await source.events();
  await source.dailyFunding();
  await source.btcHourly();
}

export async function run() {
  const dir = await mkdtemp(join(tmpdir(), 'cascade-bench-brief-'));
  const store = await openDuckDbStore(join(dir, 'market.duckdb'));
  try {
    await loadEmbeddedDataset(store, root);
    const raw = storeSource(store, 'bench store');
    const baseline = await timeMs(() => loadInputs(memoizeSource(raw)), { samples: 5 });
    const source = memoizeSource(raw);
    const t0 = performance.now();
    const first = await generateBrief({ date: DATE, source, store, cacheDir: join(dir, 'cache') });
    const coldMs = performance.now() - t0;
    const warm = await timeMs(() => generateBrief({ date: DATE, source, store }), { samples: 10 });
    report({
      bench: 'brief.generate',
      date: DATE,
      words: first.wordCount,
      facts: first.facts.length,
      grounded: first.grounding.ok,
      warmMinMs: Math.round(warm.minMs),
      warmP50Ms: Math.round(warm.p50Ms),
      inputsLoadBaselineMinMs: Math.round(baseline.minMs),
      coldFirstMs: Math.round(coldMs),
      targetMs: 2000,
    });
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
