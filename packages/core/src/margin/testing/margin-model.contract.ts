/**
 * The contract every venue margin model must keep, run once per model (see margin-models.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateMargin } from '../evaluate.js';
import type { MarginReport, PositionSpec } from '../types.js';
import type { VenueRules } from '../venue-rules.js';

export interface MarginModelContractOptions {
  readonly rules: VenueRules;
  /** Symbol used for generated positions (a tiered symbol exercises the tier search). */
  readonly symbol: string;
  /** Give `mmr` explicitly (venues without a bundled table for the symbol). */
  readonly explicitMmr: boolean;
  /** Largest notional to generate, in the margin currency of a linear contract. */
  readonly maxNotional: number;
  /** Contract kinds to check (default: every kind the model supports). */
  readonly contracts?: readonly ('linear' | 'inverse')[];
}

const report = (p: PositionSpec): MarginReport => {
  const evaluation = evaluateMargin(p);
  if (!evaluation.ok) throw new Error(JSON.stringify(evaluation.problems));
  return evaluation.report;
};

export function isolatedPositionArbitrary(
  o: MarginModelContractOptions,
  contract: 'linear' | 'inverse',
) {
  return fc
    .record({
      side: fc.constantFrom('long' as const, 'short' as const),
      entryPrice: fc.double({ min: 0.5, max: 200_000, noNaN: true }),
      notional: fc.double({ min: 10, max: o.maxNotional, noNaN: true }),
      mmr: fc.double({ min: 0.001, max: 0.05, noNaN: true }),
      leverageShare: fc.double({ min: 0.05, max: 0.9, noNaN: true }),
      takerFeeRate: fc.double({ min: 0, max: 0.001, noNaN: true }),
    })
    .map(({ side, entryPrice, notional, mmr, leverageShare, takerFeeRate }): PositionSpec => {
      const leverage = Math.max(1, Math.floor(leverageShare / (2 * mmr)));
      return {
        venue: o.rules.venue,
        contract,
        marginMode: 'isolated',
        side,
        symbol: o.symbol,
        entryPrice,
        quantity: contract === 'linear' ? notional / entryPrice : Math.max(1, Math.round(notional)),
        ...(contract === 'inverse' ? { contractSize: 1 } : {}),
        leverage,
        ...(o.explicitMmr ? { mmr, maintenanceAmount: 0 } : {}),
        ...(o.rules.feeInMaintenance ? { takerFeeRate } : {}),
      };
    });
}

export function runMarginModelContract(o: MarginModelContractOptions): void {
  // Positions opened at the venue's maximum leverage sit exactly at margin ratio 1, where the
  // orderings below are float ties; the properties are checked with a 1% margin of safety.
  describe(`${o.rules.name} margin model contract (${o.symbol})`, () => {
    for (const contract of o.contracts ?? o.rules.contracts) {
      const positions = isolatedPositionArbitrary(o, contract);

      it(`${contract}: equity at the liquidation price equals maintenance margin`, () => {
        fc.assert(
          fc.property(positions, (p) => {
            const r = report(p);
            fc.pre(r.liquidationPrice !== null && (r.marginRatio ?? 2) < 0.99);
            const liquidationPrice = r.liquidationPrice;
            const atLiq = report({
              ...p,
              markPrice: liquidationPrice * (1 + (p.side === 'long' ? 1e-9 : -1e-9)),
            });
            expect(atLiq.marginRatio).toBeCloseTo(1, 5);
          }),
        );
      });

      it(`${contract}: the liquidation price lies between entry and bankruptcy`, () => {
        fc.assert(
          fc.property(positions, (p) => {
            const r = report(p);
            fc.pre(r.liquidationPrice !== null && (r.marginRatio ?? 2) < 0.99);
            const entry = p.entryPrice ?? 0;
            const liq = r.liquidationPrice;
            const bankrupt = r.bankruptcyPrice ?? (p.side === 'long' ? 0 : Infinity);
            if (p.side === 'long') expect(bankrupt <= liq && liq < entry).toBe(true);
            else expect(entry < liq && liq <= bankrupt).toBe(true);
          }),
        );
      });

      it(`${contract}: the liquidation price moves towards entry as leverage rises`, () => {
        fc.assert(
          fc.property(positions, fc.integer({ min: 1, max: 5 }), (p, extra) => {
            const leverage = p.leverage ?? 1;
            const low = report(p);
            const high = report({ ...p, leverage: leverage + extra });
            fc.pre(low.liquidationPrice !== null && high.liquidationPrice !== null);
            fc.pre((high.marginRatio ?? 2) < 0.99);
            const lowLiq = low.liquidationPrice;
            const highLiq = high.liquidationPrice;
            if (p.side === 'long') expect(highLiq).toBeGreaterThanOrEqual(lowLiq * (1 - 1e-12));
            else expect(highLiq).toBeLessThanOrEqual(lowLiq * (1 + 1e-12));
          }),
        );
      });
    }
  });
}
