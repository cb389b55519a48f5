import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parametricBook } from './book-builders.js';
import {
  cloneBook,
  emptyFill,
  priceAt,
  refillDepth,
  sellIntoBids,
  slideBook,
  tailQtyAt,
  withdrawDepth,
  type OrderBook,
} from './order-book.js';

const book = (levels: number): OrderBook =>
  parametricBook({
    midPriceUsd: 86_000,
    depthUsdWithin1Pct: 5e7,
    kappa: 1.13,
    levels,
    rangePct: 10,
  });

function expectUncrossed(b: OrderBook): void {
  expect(b.bestBid).toBeLessThan(b.bestAsk);
  b.qty.forEach((q, i) => {
    expect(q).toBeGreaterThanOrEqual(0);
    if (q > 0) expect(i <= b.bestBid || i >= b.bestAsk).toBe(true);
  });
}

describe('order book window', () => {
  it('slides without moving any resting quantity off its price; uncovered levels follow the tail', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 400 }),
        fc.integer({ min: -300, max: 300 }),
        fc.double({ min: 1, max: 20, noNaN: true }),
        (levels, shift, withdrawal) => {
          const b = book(levels);
          withdrawDepth(b, withdrawal);
          const before = new Map<number, number>();
          for (let i = 0; i <= b.bestBid; i++) before.set(Math.round(priceAt(b, i)), b.qty[i]!);
          if (!slideBook(b, shift)) return;
          expectUncrossed(b);
          const tail = b.tail!;
          for (let i = 0; i <= b.bestBid; i++) {
            const price = priceAt(b, i);
            const was = before.get(Math.round(price));
            const want = was ?? tailQtyAt(tail, b.tickSize, price) * b.depthScale;
            expect(b.qty[i]).toBeCloseTo(want, 12);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('fills a sell larger than the window holds, on the tail below it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 400 }),
        fc.double({ min: 1.5, max: 50, noNaN: true }),
        (levels, multiple) => {
          const b = book(levels);
          let windowQty = 0;
          for (let i = 0; i <= b.bestBid; i++) windowQty += b.qty[i]!;
          const lowest = priceAt(b, 0);
          const fill = sellIntoBids(b, windowQty * multiple, 0, emptyFill());
          expect(fill.filledQty).toBeCloseTo(windowQty * multiple, 6);
          expect(fill.lastPriceUsd).toBeLessThan(lowest);
          expect(fill.lastPriceUsd).toBeGreaterThan(0);
          expect(b.edgeHits).toBe(0);
          expect(b.lowestTradeUsd).toBe(fill.lastPriceUsd);
          expectUncrossed(b);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('re-forms bids under a fallen price, not only where they rested', () => {
    const b = book(2000);
    const walked = cloneBook(b);
    // Sell down 5%, leaving the bids there consumed; refill at the new price.
    const target = 86_000 * 0.95;
    sellIntoBids(walked, Infinity, target, emptyFill());
    const at = walked.bestBid;
    refillDepth(walked, 1, target);
    // The level under the new price holds at least the undisturbed profile's best-bid depth.
    expect(walked.qty[Math.min(at, walked.bestAsk - 1)]).toBeGreaterThanOrEqual(
      b.target[b.splitIndex - 1]! * (1 - 1e-12),
    );
    expectUncrossed(walked);
  });
});
