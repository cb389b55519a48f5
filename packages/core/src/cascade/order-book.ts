/**
 * An L2 order book on integer ticks, held as one dense Float64Array of resting base quantity per
 * tick (hftbacktest-style). Bids live at ticks ≤ bestBid, asks at ticks ≥ bestAsk; the book is
 * never crossed (bestBid < bestAsk). Forced orders walk it level by level.
 */
export interface OrderBook {
  readonly tickSize: number;
  /** Tick number of index 0 (price = (baseTick + index) · tickSize). */
  readonly baseTick: number;
  /** Levels below this index are bid levels, the rest ask levels (the book's original mid). */
  readonly splitIndex: number;
  /** Resting base quantity per level, depleted by trading and refilled by resilience. */
  readonly qty: Float64Array;
  /** Quantity each level refills towards (the book after withdrawal). */
  readonly target: Float64Array;
  /** Index of the best bid (−1 when the bid side is exhausted). */
  bestBid: number;
  /** Index of the best ask (qty.length when the ask side is exhausted). */
  bestAsk: number;
}

/** Result of walking the book: filled base quantity, quote notional and the last traded price. */
export interface Fill {
  filledQty: number;
  notionalUsd: number;
  lastPriceUsd: number;
}

export const emptyFill = (): Fill => ({ filledQty: 0, notionalUsd: 0, lastPriceUsd: Number.NaN });

export function priceAt(book: OrderBook, index: number): number {
  return (book.baseTick + index) * book.tickSize;
}

export function indexOfPrice(book: OrderBook, priceUsd: number): number {
  return Math.round(priceUsd / book.tickSize) - book.baseTick;
}

export function midPrice(book: OrderBook): number {
  const bid = book.bestBid >= 0 ? priceAt(book, book.bestBid) : Number.NaN;
  const ask = book.bestAsk < book.qty.length ? priceAt(book, book.bestAsk) : Number.NaN;
  if (bid === bid && ask === ask) return (bid + ask) / 2;
  return bid === bid ? bid : ask;
}

/**
 * Sells up to `qty` base into the bids, never below `limitPriceUsd` (0 for a market order).
 * Mutates the book and writes the fill into `out` (reused to keep hot loops allocation-free).
 */
export function sellIntoBids(book: OrderBook, qty: number, limitPriceUsd: number, out: Fill): Fill {
  const levels = book.qty;
  const limitIndex = Math.max(0, Math.ceil(limitPriceUsd / book.tickSize - 1e-9) - book.baseTick);
  let remaining = qty;
  let notional = 0;
  let i = book.bestBid;
  let last = Number.NaN;
  while (remaining > 0 && i >= limitIndex && i >= 0) {
    const available = levels[i]!;
    if (available > 0) {
      const take = available < remaining ? available : remaining;
      const price = (book.baseTick + i) * book.tickSize;
      levels[i] = available - take;
      remaining -= take;
      notional += take * price;
      last = price;
      if (levels[i]! > 0) break;
    }
    i--;
  }
  while (i >= 0 && levels[i]! <= 0) i--;
  book.bestBid = i;
  out.filledQty = qty - remaining;
  out.notionalUsd = notional;
  out.lastPriceUsd = last;
  return out;
}

/** Buys up to `qty` base from the asks, never above `limitPriceUsd` (Infinity for a market order). */
export function buyFromAsks(book: OrderBook, qty: number, limitPriceUsd: number, out: Fill): Fill {
  const levels = book.qty;
  const top = levels.length - 1;
  const limitIndex = Math.min(
    top,
    Math.floor(limitPriceUsd / book.tickSize + 1e-9) - book.baseTick,
  );
  let remaining = qty;
  let notional = 0;
  let i = book.bestAsk;
  let last = Number.NaN;
  while (remaining > 0 && i <= limitIndex && i <= top) {
    const available = levels[i]!;
    if (available > 0) {
      const take = available < remaining ? available : remaining;
      const price = (book.baseTick + i) * book.tickSize;
      levels[i] = available - take;
      remaining -= take;
      notional += take * price;
      last = price;
      if (levels[i]! > 0) break;
    }
    i++;
  }
  while (i <= top && levels[i]! <= 0) i++;
  book.bestAsk = i;
  out.filledQty = qty - remaining;
  out.notionalUsd = notional;
  out.lastPriceUsd = last;
  return out;
}

/**
 * Liquidity that vanishes as a cascade starts: every level divided by `factor` (W ≥ 1). The
 * undisturbed depth stays in `target`, which resilience refills towards.
 */
export function withdrawDepth(book: OrderBook, factor: number): void {
  const scale = 1 / Math.max(1, factor);
  for (let i = 0; i < book.qty.length; i++) book.qty[i]! *= scale;
}

/** Levels on each side of the traded price that resilience refills each step. */
export const REFILL_WINDOW_PCT = 5;

/**
 * Resilience: withdrawn and consumed liquidity comes back around the price the market trades at
 * now. Each step, bid levels within REFILL_WINDOW_PCT below the traded price move `rate` of the
 * way back to their undisturbed depth; ask levels above it refill towards the undisturbed profile
 * measured from the traded price (asks follow the price down). Bids stay below the best ask and
 * asks above the best bid, so the book never crosses.
 */
export function refillDepth(book: OrderBook, rate: number, tradedPriceUsd: number): void {
  if (!(rate > 0) || !(tradedPriceUsd > 0)) return;
  const { qty, target, splitIndex } = book;
  const n = qty.length;
  const traded = Math.min(
    n - 1,
    Math.max(0, Math.round(tradedPriceUsd / book.tickSize) - book.baseTick),
  );
  const window = Math.ceil((tradedPriceUsd * REFILL_WINDOW_PCT) / 100 / book.tickSize);
  const bidTop = Math.min(traded, book.bestAsk - 1);
  let highestBid = book.bestBid;
  for (let idx = bidTop; idx >= 0 && idx > bidTop - window; idx--) {
    const want = target[idx]!;
    const have = qty[idx]!;
    if (have < want && idx < splitIndex) {
      qty[idx] = have + (want - have) * rate;
      if (idx > highestBid && qty[idx]! > 0) highestBid = idx;
    }
  }
  const askBottom = Math.max(traded + 1, book.bestBid + 1, highestBid + 1);
  let lowestAsk = book.bestAsk;
  for (let idx = askBottom, d = 0; idx < n && d < window && splitIndex + d < n; idx++, d++) {
    const want = target[splitIndex + d]!;
    const have = qty[idx]!;
    if (have < want) {
      qty[idx] = have + (want - have) * rate;
      if (idx < lowestAsk && qty[idx]! > 0) lowestAsk = idx;
    }
  }
  book.bestBid = highestBid;
  book.bestAsk = lowestAsk;
}

/** A deep copy, so one calibrated book can seed many scenarios. */
export function cloneBook(book: OrderBook): OrderBook {
  return {
    tickSize: book.tickSize,
    baseTick: book.baseTick,
    splitIndex: book.splitIndex,
    qty: book.qty.slice(),
    target: book.target.slice(),
    bestBid: book.bestBid,
    bestAsk: book.bestAsk,
  };
}

/** Restores `book` to `from` (same shape) without allocating. */
export function resetBook(book: OrderBook, from: OrderBook): void {
  book.qty.set(from.qty);
  book.target.set(from.target);
  book.bestBid = from.bestBid;
  book.bestAsk = from.bestAsk;
}

/** Resting quote depth (USD) on one side within `pct` percent of the mid. */
export function depthWithinUsd(book: OrderBook, side: 'bid' | 'ask', pct: number): number {
  const mid = midPrice(book);
  let total = 0;
  for (let i = 0; i < book.qty.length; i++) {
    const price = priceAt(book, i);
    const isBid = i <= book.bestBid;
    const inSide =
      side === 'bid'
        ? isBid && price >= mid * (1 - pct / 100)
        : !isBid && i >= book.bestAsk && price <= mid * (1 + pct / 100);
    if (inSide) total += book.qty[i]! * price;
  }
  return total;
}
