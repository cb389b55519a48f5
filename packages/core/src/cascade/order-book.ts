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

/** Liquidity that vanishes as a cascade starts: every level divided by `factor` (W ≥ 1). */
export function withdrawDepth(book: OrderBook, factor: number): void {
  const scale = 1 / Math.max(1, factor);
  for (let i = 0; i < book.qty.length; i++) {
    book.qty[i]! *= scale;
    book.target[i]! *= scale;
  }
}

/**
 * Resilience: depleted levels refill towards their target by `rate` (0..1) of the gap per step.
 * Refilled bids never reach above the best ask (and asks never below the best bid), so the
 * book stays uncrossed; the touch moves back as levels refill.
 */
export function refillDepth(book: OrderBook, rate: number): void {
  if (!(rate > 0)) return;
  const { qty, target } = book;
  const bidCeiling = Math.min(book.bestAsk - 1, qty.length - 1);
  for (let i = Math.max(0, book.bestBid); i <= bidCeiling; i++) {
    const gap = target[i]! - qty[i]!;
    if (gap > 0 && isBidLevel(book, i)) qty[i]! += gap * rate;
  }
  const askFloor = Math.max(book.bestBid + 1, 0);
  for (let i = askFloor; i < Math.min(book.bestAsk, qty.length); i++) {
    const gap = target[i]! - qty[i]!;
    if (gap > 0 && !isBidLevel(book, i)) qty[i]! += gap * rate;
  }
  book.bestBid = topBid(book);
  book.bestAsk = topAsk(book);
}

function isBidLevel(book: OrderBook, i: number): boolean {
  return i < book.splitIndex;
}

function topBid(book: OrderBook): number {
  let i = Math.min(book.bestAsk - 1, book.qty.length - 1);
  while (i >= 0 && !(book.qty[i]! > 0 && isBidLevel(book, i))) i--;
  return i;
}

function topAsk(book: OrderBook): number {
  let i = Math.max(book.bestBid + 1, 0);
  while (i < book.qty.length && !(book.qty[i]! > 0 && !isBidLevel(book, i))) i++;
  return i;
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
