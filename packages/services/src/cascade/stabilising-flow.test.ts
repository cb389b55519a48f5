import { IN_MEMORY, loadEmbeddedDataset, openDuckDbStore } from '@cascade/adapters';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../repo-paths.js';
import { binanceBookDepth, DataFormatError } from './book-files.js';
import { scenarioSchema } from './scenario-schema.js';
import { fitStabilisingFlowBefore, type CandleStore } from './stabilising-flow.js';

const scenario = (name: string) =>
  scenarioSchema.parse(
    JSON.parse(readFileSync(join(repoRoot(), 'examples', 'scenarios', name), 'utf8')),
  );

let store: Awaited<ReturnType<typeof openDuckDbStore>>;
beforeAll(async () => {
  store = await openDuckDbStore(IN_MEMORY);
  await loadEmbeddedDataset(store, repoRoot());
}, 120_000);
afterAll(async () => {
  await store.close();
});

describe('fitStabilisingFlowBefore (embedded store)', () => {
  it('reproduces the demand of examples/scenarios/2025-11-21.json from the 90 days before', async () => {
    const s = scenario('2025-11-21.json');
    if (s.book.kind !== 'parametric') throw new Error('expected a parametric book');
    const fit = await fitStabilisingFlowBefore(store, {
      date: '2025-11-21',
      depthUsdWithin1Pct: s.book.depthUsdWithin1Pct,
      kappa: s.book.kappa,
      withdrawal: s.engine.withdrawal,
      resiliencePerSecond: s.engine.resilience,
    });
    expect(fit.demandUsdPerSecond).toBeCloseTo(s.engine.demandUsdPerSecond, -1);
    expect(fit.demandExponent).toBe(s.engine.demandExponent);
    expect(fit.trainedFromMs).toBe(Date.parse('2025-08-23T00:00:00Z'));
    expect(fit.trainedToMs).toBe(Date.parse('2025-11-21T00:00:00Z'));
    expect(fit.source).toBe('binance BTC/USDT 1h candles, 2025-08-23..2025-11-20');
  }, 60_000);

  it('reproduces the demand of the 2025-10-10 scenario on its fitted book', async () => {
    const s = scenario('2025-10-10-binance.json');
    if (s.book.kind !== 'binance-book-depth') throw new Error('expected a bookDepth book');
    const book = binanceBookDepth(
      join(repoRoot(), 'examples', 'scenarios', s.book.file),
      s.book.timestamp,
    );
    const fit = await fitStabilisingFlowBefore(store, {
      date: '2025-10-10',
      depthUsdWithin1Pct: book.bid.depthUsdWithin1Pct * s.book.depthMultiplier,
      kappa: book.bid.kappa,
      withdrawal: s.engine.withdrawal,
      resiliencePerSecond: s.engine.resilience,
    });
    expect(fit.demandUsdPerSecond).toBeCloseTo(s.engine.demandUsdPerSecond, 0);
    expect(fit.demandExponent).toBe(s.engine.demandExponent);
  }, 60_000);

  it('names the range read when too little is stored before the day', async () => {
    const empty: CandleStore = { candles: () => Promise.resolve([]) };
    await expect(
      fitStabilisingFlowBefore(empty, {
        date: '2020-01-01',
        depthUsdWithin1Pct: 1e8,
        kappa: 1.13,
        withdrawal: 1,
        resiliencePerSecond: 0.05,
      }),
    ).rejects.toThrow(DataFormatError);
  });
});
