import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMarginRows, evaluateMargin, reportAt, solveMarginBatch } from './evaluate.js';
import { TIER_TABLES } from './tiers/registry.js';
import type { MarginReport, PositionSpec } from './types.js';

const report = (p: PositionSpec): MarginReport => {
  const evaluation = evaluateMargin(p);
  if (!evaluation.ok) throw new Error(JSON.stringify(evaluation.problems));
  return evaluation.report;
};

describe('tier tables', () => {
  it.each(TIER_TABLES.map((table) => [table.id, table] as const))(
    '%s: maintenance margin is continuous at every bracket floor',
    (_id, table) => {
      for (let t = 1; t < table.tiers.length; t++) {
        const below = table.tiers[t - 1]!;
        const above = table.tiers[t]!;
        const mmBelow = above.floor * below.mmr - below.cum;
        const mmAbove = above.floor * above.mmr - above.cum;
        expect(Math.abs(mmBelow - mmAbove)).toBeLessThan(1e-6 * Math.max(1, mmAbove));
      }
    },
  );
});

describe('linear and inverse', () => {
  it('agree in the limit of high leverage and small maintenance rates', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 100, max: 100_000, noNaN: true }),
        fc.double({ min: 50, max: 500, noNaN: true }),
        fc.double({ min: 0.0005, max: 0.005, noNaN: true }),
        fc.constantFrom('long' as const, 'short' as const),
        (entryPrice, leverage, mmr, side) => {
          const notionalUsd = 1_000_000;
          const base = {
            venue: 'binance',
            marginMode: 'isolated',
            side,
            entryPrice,
            mmr,
            maintenanceAmount: 0,
            symbol: 'X',
          } as const;
          const linear = report({
            ...base,
            contract: 'linear',
            quantity: notionalUsd / entryPrice,
            initialMargin: notionalUsd / leverage,
          });
          const inverse = report({
            ...base,
            contract: 'inverse',
            quantity: notionalUsd,
            contractSize: 1,
            initialMargin: notionalUsd / leverage / entryPrice,
          });
          const gap =
            Math.abs((linear.liquidationPrice ?? 0) - (inverse.liquidationPrice ?? 0)) / entryPrice;
          const scale = 1 / leverage + mmr;
          expect(gap).toBeLessThanOrEqual(2 * scale * scale);
        },
      ),
    );
  });
});

describe('batch and per-position evaluation', () => {
  it('give identical numbers (one implementation)', () => {
    const positions = fc
      .sample(
        fc.record({
          venue: fc.constantFrom(
            'binance' as const,
            'bybit' as const,
            'hyperliquid' as const,
            'okx' as const,
          ),
          side: fc.constantFrom('long' as const, 'short' as const),
          entryPrice: fc.double({ min: 1000, max: 100_000, noNaN: true }),
          quantity: fc.double({ min: 0.001, max: 5000, noNaN: true }),
          leverage: fc.integer({ min: 1, max: 50 }),
        }),
        { numRuns: 300, seed: 7 },
      )
      .map(
        (r): PositionSpec =>
          ({
            ...r,
            contract: 'linear',
            marginMode: 'isolated',
            symbol: 'BTCUSDT',
            mmr: r.venue === 'okx' ? 0.004 : undefined,
          }) as PositionSpec,
      );
    const cleaned = positions.map((p) => {
      const { mmr, ...rest } = p;
      return mmr === undefined ? rest : p;
    });
    const batch = buildMarginRows(cleaned);
    expect(batch.problems.size).toBe(0);
    const out = solveMarginBatch(batch.rows);
    cleaned.forEach((p, i) => {
      expect(reportAt(out, i, p.entryPrice)).toEqual(report(p));
    });
  });
});

describe('cross accounts', () => {
  const wallet = 10_000;
  it('Bybit never liquidates a fully hedged pair', () => {
    const r = report({
      venue: 'bybit',
      contract: 'linear',
      marginMode: 'cross',
      side: 'long',
      symbol: 'BTCUSDT',
      entryPrice: 90_000,
      quantity: 1,
      walletBalance: wallet,
      otherPositions: [
        {
          symbol: 'BTCUSDT',
          side: 'short',
          quantity: 1,
          entryPrice: 90_000,
          markPrice: 90_000,
          mmr: 0.005,
        },
      ],
    });
    expect(r.liquidationPrice).toBeNull();
  });

  it('Binance hedge legs share one liquidation price, closer than the unhedged leg alone', () => {
    const base = {
      venue: 'binance',
      contract: 'linear',
      marginMode: 'cross',
      symbol: 'BTCUSDT',
      walletBalance: wallet,
      mmr: 0.004,
      maintenanceAmount: 0,
    } as const;
    const alone = report({ ...base, side: 'long', entryPrice: 90_000, quantity: 1 });
    const hedged = report({
      ...base,
      side: 'long',
      entryPrice: 90_000,
      quantity: 1,
      otherPositions: [
        {
          symbol: 'BTCUSDT',
          side: 'short',
          quantity: 0.5,
          entryPrice: 90_000,
          markPrice: 90_000,
          mmr: 0.004,
        },
      ],
    });
    const other = report({
      ...base,
      side: 'short',
      entryPrice: 90_000,
      quantity: 0.5,
      otherPositions: [
        {
          symbol: 'BTCUSDT',
          side: 'long',
          quantity: 1,
          entryPrice: 90_000,
          markPrice: 90_000,
          mmr: 0.004,
        },
      ],
    });
    expect(hedged.liquidationPrice).toBeCloseTo(other.liquidationPrice ?? 0, 6);
    expect(hedged.liquidationPrice ?? 0).toBeLessThan(alone.liquidationPrice ?? 0);
  });

  it('losses on other cross positions pull the liquidation price towards the mark', () => {
    const base = {
      venue: 'binance',
      contract: 'linear',
      marginMode: 'cross',
      side: 'long',
      symbol: 'BTCUSDT',
      entryPrice: 90_000,
      quantity: 1,
      walletBalance: wallet,
    } as const;
    const alone = report(base);
    const withLoser = report({
      ...base,
      otherPositions: [
        {
          symbol: 'ETHUSDT',
          side: 'long',
          quantity: 10,
          entryPrice: 3000,
          markPrice: 2800,
          mmr: 0.005,
          maintenanceAmount: 50,
        },
      ],
    });
    expect(withLoser.liquidationPrice ?? 0).toBeGreaterThan(alone.liquidationPrice ?? 0);
  });
});

describe('Binance tier change at the liquidation price', () => {
  it('recomputes with the bracket the liquidation notional falls in', () => {
    // Sizes from 1k to 2B USDT notional cross every bracket; at the liquidation price the margin
    // ratio (with the bracket of that notional) must be exactly 100%.
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 20_000, noNaN: true }),
        fc.integer({ min: 2, max: 100 }),
        (quantity, leverage) => {
          const p: PositionSpec = {
            venue: 'binance',
            contract: 'linear',
            marginMode: 'isolated',
            side: 'long',
            symbol: 'BTCUSDT',
            entryPrice: 100_000,
            quantity,
            leverage,
          };
          const r = report(p);
          fc.pre(r.liquidationPrice !== null);
          const atLiq = report({ ...p, markPrice: r.liquidationPrice * (1 + 1e-10) });
          expect(atLiq.marginRatio ?? 0).toBeCloseTo(1, 5);
        },
      ),
    );
  });
});
