import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createAlertEngine } from './engine.js';
import type { LiquidationsRule, PriceCrossRule, RuleSpec } from './rule-specs.js';
import type { Alert, Observation } from './types.js';

const HOUR = 3_600_000;
const common = { cooldownMs: 0, maxPerHour: 1000 };

const bar = (tsMs: number, o: number, h: number, l: number, c: number): Observation => ({
  kind: 'bar',
  tsMs,
  exchange: 'binance',
  symbol: 'BTC/USDT',
  intervalMs: HOUR,
  open: o,
  high: h,
  low: l,
  close: c,
  volume: 1,
});

const liq = (tsMs: number, side: 'long' | 'short', notionalUsd: number): Observation => ({
  kind: 'liquidation',
  tsMs,
  exchange: 'bybit',
  symbol: 'BTC/USDT:USDT',
  side,
  priceUsd: 1,
  notionalUsd,
  lowerBound: false,
});

const cross: PriceCrossRule = {
  ...common,
  id: 'cross',
  type: 'price-cross',
  symbol: 'BTC',
  direction: 'both',
  confirm: 'touch',
  hysteresisPct: 0.1,
  levels: [100],
};

const liqRule: LiquidationsRule = {
  ...common,
  id: 'liq',
  type: 'liquidations',
  windowMs: HOUR,
  thresholdUsd: 1000,
  side: 'long',
  symbol: 'BTC',
  rearmRatio: 0.5,
};

const run = (rules: readonly RuleSpec[], obs: readonly Observation[]): Alert[] => {
  const engine = createAlertEngine(rules);
  return obs.flatMap((o) => engine.observe(o));
};

describe('alert engine', () => {
  it('a level crossing fires once per crossing, in the direction it happened', () => {
    const alerts = run(
      [cross],
      [
        bar(HOUR, 105, 106, 104, 105),
        bar(2 * HOUR, 105, 105, 98, 99), // down through 100
        bar(3 * HOUR, 99, 99.95, 97, 98), // stays below (inside the band on the high)
        bar(4 * HOUR, 98, 103, 98, 102), // back up
      ],
    );
    expect(alerts.map((a) => [a.tsMs / HOUR, a.values['direction']])).toEqual([
      [2, 'down'],
      [4, 'up'],
    ]);
    expect(alerts[0]?.message).toBe(
      'BTC crossed below the level $100.0000 in the bar from 1970-01-01 01:00 UTC (low $98.0000, close $99.0000)',
    );
  });

  it('the first observation only sets the side (no alert for where the price already is)', () => {
    expect(run([cross], [bar(HOUR, 90, 95, 89, 94), bar(2 * HOUR, 94, 96, 93, 95)])).toEqual([]);
  });

  it('liquidations in a window fire once until the sum falls below the re-arm level', () => {
    const obs = [
      liq(1000, 'long', 600),
      liq(2000, 'short', 900), // shorts do not count for a long rule
      liq(3000, 'long', 500), // 1100 ≥ 1000: fires
      liq(4000, 'long', 500), // still above: latched
      liq(3000 + HOUR + 1000, 'long', 100), // window now holds 500 (4000) + 100: below re-arm? 600 > 500
      liq(4000 + HOUR + 2000, 'long', 100), // window holds 200: re-armed
      liq(4000 + HOUR + 3000, 'long', 900), // 1100: fires again
    ];
    const alerts = run([liqRule], obs);
    expect(alerts.map((a) => a.tsMs)).toEqual([3000, 4000 + HOUR + 3000]);
    expect(alerts[0]?.values).toMatchObject({ amountUsd: 1100, longUsd: 1100, shortUsd: 900 });
  });

  it('cooldown holds back a re-fire of the same key inside it', () => {
    const alerts = run(
      [{ ...liqRule, cooldownMs: 2 * HOUR }],
      [liq(0, 'long', 2000), liq(HOUR + 1, 'long', 1), liq(HOUR + 2, 'long', 2000)],
    );
    expect(alerts.map((a) => a.tsMs)).toEqual([0]);
  });
});

// Random streams of bars and liquidations through rules with random cooldowns and caps.
const observations = fc
  .array(
    fc.oneof(
      fc.record({
        dt: fc.integer({ min: 0, max: 2 * HOUR }),
        price: fc.double({ min: 80, max: 120, noNaN: true }),
        kind: fc.constant('bar' as const),
      }),
      fc.record({
        dt: fc.integer({ min: 0, max: 2 * HOUR }),
        price: fc.double({ min: 0, max: 2000, noNaN: true }),
        kind: fc.constant('liq' as const),
      }),
    ),
    { maxLength: 200 },
  )
  .map((steps) => {
    let t = 0;
    return steps.map((s): Observation => {
      t += s.dt;
      return s.kind === 'bar'
        ? bar(t, s.price, s.price * 1.01, s.price * 0.99, s.price)
        : liq(t, 'long', s.price);
    });
  });

const limits = fc.record({
  cooldownMs: fc.integer({ min: 0, max: 6 * HOUR }),
  maxPerHour: fc.integer({ min: 1, max: 5 }),
});

describe('cooldown and de-duplication invariants (property)', () => {
  test.prop([observations, limits, limits])(
    'never two alerts of one rule+key within its cooldown, never over the hourly cap, ids unique, deterministic',
    (obs, a, b) => {
      const rules: RuleSpec[] = [
        { ...cross, ...a, levels: [90, 100, 110] },
        { ...liqRule, ...b, side: 'any' },
      ];
      const alerts = run(rules, obs);
      expect(run(rules, obs)).toEqual(alerts);
      expect(new Set(alerts.map((x) => x.id)).size).toBe(alerts.length);
      for (const rule of rules) {
        const mine = alerts.filter((x) => x.rule === rule.id);
        const lastByKey = new Map<string, number>();
        mine.forEach((x, i) => {
          const last = lastByKey.get(x.key);
          if (last !== undefined) expect(x.tsMs - last).toBeGreaterThanOrEqual(rule.cooldownMs);
          lastByKey.set(x.key, x.tsMs);
          const inHour = mine.slice(0, i + 1).filter((y) => y.tsMs > x.tsMs - HOUR);
          expect(inHour.length).toBeLessThanOrEqual(rule.maxPerHour);
        });
      }
    },
  );

  test.prop([observations])(
    'the gate only removes firings: alerts under a cooldown are a subset of those without',
    (obs) => {
      const open: RuleSpec[] = [
        { ...cross, levels: [90, 100, 110] },
        { ...liqRule, side: 'any' },
      ];
      const alerts = run(open, obs);
      const capped = run(
        open.map((r) => ({ ...r, cooldownMs: HOUR })),
        obs,
      );
      // Every capped alert is one of the open alerts (the gate only removes).
      const ids = new Set(alerts.map((x) => x.id));
      for (const x of capped) expect(ids.has(x.id)).toBe(true);
    },
  );
});
