import { IN_MEMORY, loadEmbeddedDataset, openDuckDbStore } from '@cascade/adapters';
import type { RuleSpec } from '@cascade/analytics';
import { describe, expect, it } from 'vitest';
// Test helper of packages/adapters (not part of its public API).
import {
  CBOT_SUMMER,
  startMacroReplayServer,
  yahooChart,
  type ChartBar,
} from '../../../adapters/src/testing/macro-replay-server.js';
import { repoRoot } from '../repo-paths.js';
import { fedWatchObservations } from './fedwatch-observations.js';
import { refreshMacroStore, zqContracts } from './macro-refresh.js';

const gate = { cooldownMs: 0, maxPerHour: 10 };
const rules: RuleSpec[] = [
  { ...gate, id: 'fed', type: 'fedwatch-shift', shiftPoints: 10, direction: 'both' },
  {
    ...gate,
    id: 'corr',
    type: 'correlation-regime',
    series: ['BTC', '^GSPC'],
    windowDays: 30,
    positiveAbove: 0.5,
    negativeBelow: 0,
    hysteresis: 0.05,
  },
];

describe('live macro refresh', () => {
  it('names the 12 ZQ contracts from the current month, across the year end', () => {
    expect(zqContracts(Date.UTC(2025, 10, 23))).toEqual([
      'ZQX25.CBT',
      'ZQZ25.CBT',
      'ZQF26.CBT',
      'ZQG26.CBT',
      'ZQH26.CBT',
      'ZQJ26.CBT',
      'ZQK26.CBT',
      'ZQM26.CBT',
      'ZQN26.CBT',
      'ZQQ26.CBT',
      'ZQU26.CBT',
      'ZQV26.CBT',
    ]);
  });

  it('reports each failed download and goes on (no network: every request is refused locally)', async () => {
    const store = await openDuckDbStore(IN_MEMORY);
    const notices: string[] = [];
    try {
      const refused = (): Promise<Response> =>
        Promise.reject(new TypeError('fetch failed: connect ECONNREFUSED 127.0.0.1:9'));
      const rows = await refreshMacroStore(
        store,
        rules,
        Date.UTC(2025, 10, 23),
        (m) => notices.push(m),
        {
          fetch: refused,
          fredBaseUrl: 'http://127.0.0.1:9',
        },
      );
      expect(rows).toBe(0);
      // 12 ZQ contracts + DFF + DFEDTARL + ^GSPC, each reported once.
      expect(notices).toHaveLength(15);
      expect(notices[0]).toMatch(/^yahoo ZQX25\.CBT: .*ECONNREFUSED 127\.0\.0\.1:9/);
      expect(notices.some((n) => n.startsWith('FRED DFEDTARL: '))).toBe(true);
      expect(notices.at(-1)).toMatch(/^yahoo \^GSPC: /);
    } finally {
      await store.close();
    }
  });

  it('refreshes ZQ settles and fed funds rates from Yahoo and FRED stand-ins; FedWatch computed from them is unchanged', async () => {
    const store = await openDuckDbStore(IN_MEMORY);
    try {
      await loadEmbeddedDataset(store, repoRoot());
      // The monitor's refresh on 2024-08-02 after the settle: the 10 days before, 12 ZQ contracts.
      const nowMs = Date.UTC(2024, 7, 2, 22);
      const window = [nowMs - 10 * 86_400_000, nowMs];
      const computed = (): Promise<unknown> =>
        fedWatchObservations(store, '2024-07-23', '2024-08-02');
      const before = await computed();
      expect(before).not.toEqual([]);

      // The stand-ins serve the embedded Yahoo ZQ closes and FRED rates of those days ...
      const zq = await store.query(
        "SELECT contract, CAST(ts_ms AS DOUBLE) AS ts, price FROM fed_funds_futures WHERE source = 'yahoo' AND ts_ms BETWEEN $1 AND $2 ORDER BY contract, ts_ms",
        window,
      );
      const rates = await store.query(
        "SELECT series_id, CAST(ts_ms AS DOUBLE) AS ts, value FROM macro_series WHERE series_id IN ('DFF', 'DFEDTARL') AND ts_ms BETWEEN $1 AND $2 ORDER BY series_id, ts_ms",
        window,
      );
      const iso = (ts: unknown): string => new Date(Number(ts)).toISOString().slice(0, 10);
      const bars = new Map<string, ChartBar[]>();
      for (const r of zq) {
        const price = Number(r['price']);
        const bar = {
          date: iso(r['ts']),
          open: price,
          high: price,
          low: price,
          close: price,
          volume: 0,
        };
        bars.set(`${String(r['contract'])}.CBT`, [
          ...(bars.get(`${String(r['contract'])}.CBT`) ?? []),
          bar,
        ]);
      }
      const csv = (id: string): string =>
        [
          `observation_date,${id}`,
          ...rates
            .filter((r) => r['series_id'] === id)
            .map((r) => `${iso(r['ts'])},${String(r['value'])}`),
        ].join('\n') + '\n';
      const server = await startMacroReplayServer({
        yahoo: Object.fromEntries(
          [...bars].map(([symbol, b]) => [symbol, yahooChart(symbol, CBOT_SUMMER, b)]),
        ),
        fred: { DFF: csv('DFF'), DFEDTARL: csv('DFEDTARL') },
      });
      try {
        // ... and are the only copy of them: taken out, the computed readings change.
        await store.query(
          "DELETE FROM fed_funds_futures WHERE source = 'yahoo' AND ts_ms BETWEEN $1 AND $2",
          window,
        );
        await store.query(
          "DELETE FROM macro_series WHERE series_id IN ('DFF', 'DFEDTARL') AND ts_ms BETWEEN $1 AND $2",
          window,
        );
        expect(await computed()).not.toEqual(before);

        const notices: string[] = [];
        const fed = rules.filter((r) => r.type === 'fedwatch-shift');
        const rows = await refreshMacroStore(store, fed, nowMs, (m) => notices.push(m), {
          fetch: server.fetch,
          fredBaseUrl: server.url,
        });
        expect(rows).toBe(zq.length + rates.length);
        expect(await computed()).toEqual(before);
        // Contracts with no Yahoo history in the window are reported and skipped.
        const served = new Set(bars.keys());
        const missing = zqContracts(nowMs).filter((c) => !served.has(c));
        expect(notices.map((n) => n.split(':')[0])).toEqual(missing.map((c) => `yahoo ${c}`));
      } finally {
        await server.close();
      }
    } finally {
      await store.close();
    }
  }, 60_000);
});
