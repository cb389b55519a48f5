import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventsOf, hashEvents, type CascadeEvent } from './events.js';
import { createCascadeScratch, runCascade, runOnBook } from './engine.js';
import type { EndState } from './engine-types.js';
import { bookFromSnapshot } from './book-builders.js';
import { cloneBook, resetBook } from './order-book.js';
import type { PositionBook } from './position-book.js';
import { replayCascade } from './replay.js';
import { engineParams, testMarket } from './testing/market.js';

const marketArb = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  count: fc.integer({ min: 8, max: 240 }),
  openInterestUsd: fc.double({ min: 1e6, max: 5e8, noNaN: true }),
  depthUsdWithin1Pct: fc.double({ min: 2e5, max: 5e7, noNaN: true }),
  longShare: fc.double({ min: 0.2, max: 0.9, noNaN: true }),
});
const shockArb = fc.double({ min: 1e4, max: 2e8, noNaN: true });
const fundArb = fc.constantFrom(0, 1e5, 5e6, 1e9);
/** Stabilising flow: off, or dip-buying demand and short covering of any strength. */
const flowArb = fc.oneof(
  fc.constant({}),
  fc.record({
    demandUsdPerSecond: fc.double({ min: 1e2, max: 1e7, noNaN: true }),
    demandExponent: fc.double({ min: 0, max: 2, noNaN: true }),
    demandHorizonSeconds: fc.integer({ min: 1, max: 300 }),
    shortCoverShare: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
);

function ledger(positions: PositionBook, end: EndState | null): number {
  let total = 0;
  for (const [side, endSide] of [
    [positions.longs, end?.longs],
    [positions.shorts, end?.shorts],
  ] as const) {
    const collateral = endSide ? endSide.collateralUsd : side.collateralUsd;
    for (let i = 0; i < side.count; i++) total += collateral[i]!;
  }
  return total;
}

describe('cascade engine', () => {
  it('conserves collateral + insurance fund − realised PnL through any cascade', () => {
    fc.assert(
      fc.property(
        marketArb,
        shockArb,
        fundArb,
        fc.boolean(),
        flowArb,
        (m, shock, fund, buy, flow) => {
          const { positions, book } = testMarket(m);
          const run = runCascade(
            positions,
            book,
            engineParams(
              buy ? { kind: 'market-buy', usd: shock } : { kind: 'market-sell', usd: shock },
              { insuranceFundUsd: fund, ...flow },
            ),
          );
          const end = run.endState();
          const before = ledger(positions, null) + fund;
          const after = ledger(positions, end) + end.insuranceFundUsd - run.result.realizedPnlUsd;
          // Float tolerance: 1e-9 of the gross amounts moved.
          const scale =
            Math.abs(before) +
            Math.abs(run.result.realizedPnlUsd) +
            run.result.totalLiquidatedUsd +
            1;
          expect(Math.abs(after - before)).toBeLessThanOrEqual(1e-9 * scale);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('never leaves the book crossed', () => {
    fc.assert(
      fc.property(
        marketArb,
        shockArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        flowArb,
        (m, shock, resilience, flow) => {
          const { positions, book } = testMarket(m);
          const scratch = cloneBook(book);
          runOnBook(
            positions,
            scratch,
            engineParams({ kind: 'market-sell', usd: shock }, { resilience, ...flow }),
          );
          // Every resting level is a bid at or below the best bid or an ask at or above the best ask.
          expect(scratch.bestBid).toBeLessThan(scratch.bestAsk);
          scratch.qty.forEach((qty, i) => {
            expect(qty).toBeGreaterThanOrEqual(0);
            if (qty > 0) expect(i <= scratch.bestBid || i >= scratch.bestAsk).toBe(true);
          });
          if (scratch.bestBid >= 0) expect(scratch.qty[scratch.bestBid]).toBeGreaterThan(0);
          if (scratch.bestAsk < scratch.qty.length)
            expect(scratch.qty[scratch.bestAsk]).toBeGreaterThan(0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('liquidates no position twice', () => {
    fc.assert(
      fc.property(marketArb, shockArb, (m, shock) => {
        const { positions, book } = testMarket(m);
        const run = runCascade(
          positions,
          book,
          engineParams({ kind: 'market-sell', usd: shock }, { latencySteps: 2 }),
        );
        const closed = new Set<string>();
        for (const event of eventsOf(run.events)) {
          if (event.kind !== 'position-liquidated' && event.kind !== 'auto-deleveraged') continue;
          const key = `${event.side}:${event.positionId}`;
          expect(closed.has(key), `event after full liquidation of ${key}`).toBe(false);
          if (event.kind === 'position-liquidated' && !event.partial) closed.add(key);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('never liquidates less under a larger shock', () => {
    fc.assert(
      fc.property(
        marketArb,
        shockArb,
        fc.double({ min: 1, max: 5, noNaN: true }),
        (m, shock, factor) => {
          const { positions, book } = testMarket(m);
          const small = runCascade(
            positions,
            book,
            engineParams({ kind: 'market-sell', usd: shock }),
          );
          const large = runCascade(
            positions,
            book,
            engineParams({ kind: 'market-sell', usd: shock * factor }),
          );
          // Every long the small shock liquidates, the larger one liquidates too. (USD totals at fill
          // prices can dip by float noise as the same positions fill lower, so compare positions.)
          for (let i = 0; i < positions.longs.count; i++) {
            if (small.wasLiquidated('long', i)) expect(large.wasLiquidated('long', i)).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is deterministic: same seed, same event-log hash; replaying the log reproduces the end state', () => {
    fc.assert(
      fc.property(marketArb, shockArb, fundArb, flowArb, (m, shock, fund, flow) => {
        const params = engineParams(
          { kind: 'market-sell', usd: shock },
          { insuranceFundUsd: fund, ...flow },
        );
        const a = testMarket(m);
        const b = testMarket(m);
        const runA = runCascade(a.positions, a.book, params);
        const runB = runCascade(b.positions, b.book, params);
        expect(hashEvents(runA.events)).toBe(hashEvents(runB.events));
        const replayed = replayCascade(a.positions, runA.result.startPrice, fund, runA.events);
        const end = runA.endState();
        expect(replayed.priceUsd).toBe(end.priceUsd);
        expect(replayed.insuranceFundUsd).toBeCloseTo(end.insuranceFundUsd, 3);
        for (const side of ['longs', 'shorts'] as const) {
          end[side].size.forEach((size, i) => {
            expect(replayed[side].size[i]).toBeCloseTo(size, 9);
          });
          end[side].collateralUsd.forEach((c, i) => {
            expect(replayed[side].collateralUsd[i]).toBeCloseTo(c, 6);
          });
        }
      }),
      { numRuns: 40 },
    );
  });

  it('gives the same result on a reused scratch as on a fresh run', () => {
    fc.assert(
      fc.property(marketArb, shockArb, shockArb, fundArb, (m, first, second, fund) => {
        const { positions, book } = testMarket(m);
        const scratch = createCascadeScratch(positions);
        const working = cloneBook(book);
        const paramsA = engineParams(
          { kind: 'market-sell', usd: first },
          { insuranceFundUsd: fund, recordEvents: false },
        );
        const paramsB = engineParams(
          { kind: 'market-sell', usd: second },
          { insuranceFundUsd: fund },
        );
        runOnBook(positions, working, paramsA, scratch);
        resetBook(working, book);
        const reused = runOnBook(positions, working, paramsB, scratch);
        const fresh = runCascade(positions, book, paramsB);
        expect(reused.result).toEqual(fresh.result);
        expect(hashEvents(reused.events)).toBe(hashEvents(fresh.events));
      }),
      { numRuns: 40 },
    );
  });

  it('stabilising flow never lowers the price or liquidates more (fund covers remainders)', () => {
    // With a fund that takes over every remainder (no ADL): a higher mark can turn an ADL into
    // a fund takeover whose unwinding sells, so the comparison is made where that cannot happen.
    fc.assert(
      fc.property(
        marketArb,
        shockArb,
        fc.double({ min: 1e2, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (m, shock, demand, gamma, cover) => {
          const { positions, book } = testMarket(m);
          const base = engineParams(
            { kind: 'market-sell', usd: shock },
            { insuranceFundUsd: 1e9, demandHorizonSeconds: 300 },
          );
          const without = runCascade(positions, book, base);
          const withFlow = runCascade(positions, book, {
            ...base,
            demandUsdPerSecond: demand,
            demandExponent: gamma,
            shortCoverShare: cover,
          });
          expect(withFlow.result.finalPrice).toBeGreaterThanOrEqual(without.result.finalPrice);
          expect(withFlow.result.minPrice).toBeGreaterThanOrEqual(without.result.minPrice);
          // Liquidated notional at one price (fills at higher prices are worth more USD): every
          // long the flow lets go under is one that goes under without it.
          let qtyWith = 0;
          let qtyWithout = 0;
          for (let i = 0; i < positions.longs.count; i++) {
            const size = positions.longs.size[i]!;
            if (withFlow.wasLiquidated('long', i)) {
              expect(without.wasLiquidated('long', i)).toBe(true);
              qtyWith += size;
            }
            if (without.wasLiquidated('long', i)) qtyWithout += size;
          }
          expect(qtyWith).toBeLessThanOrEqual(qtyWithout);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('never stops at the edge of a tiny snapshot: the fitted tail takes over', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        // More than the snapshot holds (at most 18 BTC).
        fc.double({ min: 2e6, max: 5e8, noNaN: true }),
        fc.integer({ min: 16, max: 200 }),
        (depthLevels, shock, levels) => {
          const { positions } = testMarket({
            seed: 7,
            count: 120,
            openInterestUsd: 5e7,
            depthUsdWithin1Pct: 1e6,
            longShare: 0.7,
          });
          // A few levels a dollar apart around 86,000 on a window of `levels` ticks.
          const bids = Array.from({ length: depthLevels }, (_, k) => ({
            priceUsd: 85_999 - k,
            qty: 0.5 + k,
          }));
          const asks = Array.from({ length: depthLevels }, (_, k) => ({
            priceUsd: 86_001 + k,
            qty: 0.5 + k,
          }));
          const book = bookFromSnapshot({ bids, asks, tickSize: 1, levels });
          const run = runCascade(
            positions,
            book,
            engineParams({ kind: 'market-sell', usd: shock }, { insuranceFundUsd: 1e9 }),
          );
          const r = run.result;
          expect(r.bookExhausted).toBe(false);
          expect(r.unresolvedUsd).toBe(0);
          // The shock itself filled in full, beyond the snapshot's last bid.
          expect(r.depthTail.storedLowUsd).toBeGreaterThanOrEqual(85_999 - depthLevels);
          expect(r.depthTail.usedBelow).toBe(true);
          expect(r.depthTail.lowestTradeUsd).toBeLessThan(r.depthTail.storedLowUsd);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('auto-deleverages profitable shorts when the fund cannot cover a remainder', () => {
    const { positions, book } = testMarket({
      seed: 3,
      count: 400,
      openInterestUsd: 4e8,
      depthUsdWithin1Pct: 3e5,
      longShare: 0.7,
    });
    const run = runCascade(
      positions,
      book,
      engineParams({ kind: 'market-sell', usd: 5e7 }, { insuranceFundUsd: 0, withdrawal: 10 }),
    );
    const kinds = new Set([...eventsOf(run.events)].map((e: CascadeEvent) => e.kind));
    expect(run.result.adlUsd).toBeGreaterThan(0);
    expect(kinds.has('auto-deleveraged')).toBe(true);
  });

  it('lets the fund take over and dump remainders when it can cover them', () => {
    const { positions, book } = testMarket({
      seed: 5,
      count: 400,
      openInterestUsd: 4e8,
      depthUsdWithin1Pct: 3e5,
      longShare: 0.7,
    });
    const run = runCascade(
      positions,
      book,
      engineParams({ kind: 'market-sell', usd: 5e7 }, { insuranceFundUsd: 1e10, withdrawal: 10 }),
    );
    expect(run.result.fundTakeoverUsd).toBeGreaterThan(0);
    expect(run.result.adlUsd).toBe(0);
  });

  it('runs partial liquidations for Hyperliquid and Bybit positions', () => {
    const { positions, book } = testMarket({
      seed: 9,
      count: 200,
      openInterestUsd: 2e9,
      depthUsdWithin1Pct: 5e7,
      longShare: 0.8,
    });
    const run = runCascade(positions, book, engineParams({ kind: 'market-sell', usd: 3e8 }));
    expect(run.result.partialLiquidations).toBeGreaterThan(0);
  });

  it('amplifies the exogenous move when leverage sits near the price', () => {
    const { positions, book } = testMarket({
      seed: 11,
      count: 2000,
      openInterestUsd: 2e9,
      depthUsdWithin1Pct: 2e7,
      longShare: 0.8,
    });
    const run = runCascade(positions, book, engineParams({ kind: 'market-sell', usd: 5e7 }));
    expect(run.result.liquidations).toBeGreaterThan(0);
    expect(run.result.minPrice).toBeLessThan(run.result.exogenousPrice);
    expect(run.result.amplification).toBeGreaterThan(1);
  });
});
