import { IN_MEMORY, openDuckDbStore } from '@cascade/adapters';
import type { RuleSpec } from '@cascade/analytics';
import { describe, expect, it } from 'vitest';
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
});
