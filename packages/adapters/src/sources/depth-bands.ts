import type { DepthBand, OrderBookLevel } from '@cascade/core';

/**
 * Cumulative depth within ±p % of the mid price of one snapshot, in the Binance `bookDepth`
 * convention: negative percentages are bids, positive asks (`depthBase` in base units,
 * `notionalUsd` = Σ price × quantity). A band is only written when the fetched levels reach past
 * its edge; a truncated book would understate it.
 */
export function depthBands(
  levels: readonly OrderBookLevel[],
  percentages: readonly number[] = [1, 2, 3, 4, 5],
): DepthBand[] {
  const bids = levels.filter((l) => l.side === 'bid').sort((a, b) => b.price - a.price);
  const asks = levels.filter((l) => l.side === 'ask').sort((a, b) => a.price - b.price);
  const [bestBid, bestAsk] = [bids[0], asks[0]];
  if (bestBid === undefined || bestAsk === undefined) return [];
  const mid = (bestBid.price + bestAsk.price) / 2;
  const bands: DepthBand[] = [];
  const add = (book: readonly OrderBookLevel[], sign: -1 | 1, p: number): void => {
    const edge = mid * (1 + (sign * p) / 100);
    const within = (l: OrderBookLevel): boolean => (sign < 0 ? l.price >= edge : l.price <= edge);
    const deepest = book.at(-1);
    if (deepest === undefined || within(deepest)) return;
    let depthBase = 0;
    let notionalUsd = 0;
    for (const level of book) {
      if (!within(level)) break;
      depthBase += level.quantityBase;
      notionalUsd += level.price * level.quantityBase;
    }
    bands.push({
      exchange: bestBid.exchange,
      symbol: bestBid.symbol,
      tsMs: bestBid.tsMs,
      percentage: sign * p,
      depthBase,
      notionalUsd,
    });
  };
  for (const p of percentages) {
    add(bids, -1, p);
    add(asks, 1, p);
  }
  return bands.sort((a, b) => a.percentage - b.percentage);
}
