/**
 * An L2 order book on integer ticks, held as one dense Float64Array of resting base quantity per
 * tick (hftbacktest-style). Bids live at ticks ≤ bestBid, asks at ticks ≥ bestAsk; the book is
 * never crossed (bestBid < bestAsk). Forced orders walk it level by level.
 *
 * The array is a window onto an unbounded book: when a walk runs past its last level (or the
 * traded price comes near an edge), the window slides and the levels it uncovers are filled from
 * the depth model `tail` (the fitted `B·u^κ` curve), so no run stops at the edge of an
 * arbitrary array.
 */
export interface OrderBook {
  readonly tickSize: number;
  /** Tick number of index 0 (price = (baseTick + index) · tickSize); changes when the window slides. */
  baseTick: number;
  /**
   * Index of the undisturbed book's first ask: `target` is read relative to it (see `target`).
   */
  readonly splitIndex: number;
  /** Resting base quantity per level, depleted by trading and refilled by resilience. */
  readonly qty: Float64Array;
  /**
   * The undisturbed book's profile relative to the price: `target[splitIndex − 1 − d]` is the bid
   * quantity d ticks below the price, `target[splitIndex + d]` the ask quantity d ticks above it.
   * Resilience refills towards it around the traded price, so depth returns where the price is.
   */
  readonly target: Float64Array;
  /**
   * The undisturbed depth at each level of the window (absolute prices: resting orders that come
   * back where they were); slides with the window, uncovered levels taking the tail's depth.
   */
  readonly home: Float64Array;
  /** Index of the best bid (−1 when the bid side is exhausted). */
  bestBid: number;
  /** Index of the best ask (qty.length when the ask side is exhausted). */
  bestAsk: number;
  /** Depth model beyond the window (absent: the window never slides). */
  readonly tail?: BookTail;
  /** Scale of the depth the window uncovers: 1 undisturbed, 1/W once withdrawn. */
  depthScale: number;
  /** How many times the window slid, and the extreme prices the walks reached (for reports). */
  slides: number;
  /** Walks that wanted more depth beyond the window and could not get it (the book's edge). */
  edgeHits: number;
  lowestTradeUsd: number;
  highestTradeUsd: number;
}

/** Cumulative USD depth within u percent of mid: `Cum(u) = B·u^κ` (B = USD depth within 1%). */
export interface DepthCurve {
  /** USD depth within 1% of mid on one side (B). */
  readonly depthUsdWithin1Pct: number;
  readonly kappa: number;
}

/** The depth model a book continues with beyond its stored levels. */
export interface BookTail {
  /** Mid price the curves are measured from (the undisturbed book's mid). */
  readonly midPriceUsd: number;
  readonly bid: DepthCurve;
  readonly ask: DepthCurve;
  /**
   * The deepest stored bid and ask: beyond them the book's depth is the curve, not data (a
   * snapshot's last levels, or the edges of a parametric book's ±rangePct array).
   */
  readonly storedLowUsd: number;
  readonly storedHighUsd: number;
}

/** Cumulative USD depth at `pct` percent from mid. */
export const cumulativeDepthUsd = (curve: DepthCurve, pct: number): number =>
  curve.depthUsdWithin1Pct * Math.pow(Math.max(0, pct), curve.kappa);

/** Base quantity of the tick at `priceUsd` under the tail curves (undisturbed). */
export function tailQtyAt(tail: BookTail, tickSize: number, priceUsd: number): number {
  if (!(priceUsd > 0)) return 0;
  const mid = tail.midPriceUsd;
  const curve = priceUsd < mid ? tail.bid : tail.ask;
  const far = ((Math.abs(priceUsd - mid) + tickSize / 2) / mid) * 100;
  const near = Math.max(0, far - (tickSize / mid) * 100);
  return (cumulativeDepthUsd(curve, far) - cumulativeDepthUsd(curve, near)) / priceUsd;
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

/** Most window slides one walk may make (a guard; a slide moves half the window). */
const MAX_SLIDES_PER_WALK = 1_000;

/**
 * Sells up to `qty` base into the bids, never below `limitPriceUsd` (0 for a market order).
 * Mutates the book and writes the fill into `out` (reused to keep hot loops allocation-free).
 * When the bids in the window run out above the limit, the window slides down onto the tail.
 */
export function sellIntoBids(book: OrderBook, qty: number, limitPriceUsd: number, out: Fill): Fill {
  const levels = book.qty;
  let remaining = qty;
  let notional = 0;
  let last = Number.NaN;
  for (let slides = 0; ; slides++) {
    const limitIndex = Math.max(0, Math.ceil(limitPriceUsd / book.tickSize - 1e-9) - book.baseTick);
    let i = book.bestBid;
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
    const deeper = limitPriceUsd < book.baseTick * book.tickSize;
    if (!(remaining > 0) || i >= 0 || !deeper) break;
    if (slides >= MAX_SLIDES_PER_WALK || !slideBook(book, Math.floor(levels.length / 2))) {
      book.edgeHits += 1;
      break;
    }
  }
  if (last < book.lowestTradeUsd) book.lowestTradeUsd = last;
  out.filledQty = qty - remaining;
  out.notionalUsd = notional;
  out.lastPriceUsd = last;
  return out;
}

/**
 * Buys up to `qty` base from the asks, never above `limitPriceUsd` (Infinity for a market order);
 * slides the window up onto the tail when the asks in it run out below the limit.
 */
export function buyFromAsks(book: OrderBook, qty: number, limitPriceUsd: number, out: Fill): Fill {
  const levels = book.qty;
  const top = levels.length - 1;
  let remaining = qty;
  let notional = 0;
  let last = Number.NaN;
  // An unlimited order of unlimited size would slide forever: it stays inside the window.
  const mayExtend = Number.isFinite(qty) || Number.isFinite(limitPriceUsd);
  for (let slides = 0; ; slides++) {
    const limitIndex = Math.min(
      top,
      Math.floor(limitPriceUsd / book.tickSize + 1e-9) - book.baseTick,
    );
    let i = book.bestAsk;
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
    const higher = limitPriceUsd > (book.baseTick + top) * book.tickSize;
    if (!(remaining > 0) || i <= top || !higher || !mayExtend) break;
    if (slides >= MAX_SLIDES_PER_WALK || !slideBook(book, -Math.floor(levels.length / 2))) {
      book.edgeHits += 1;
      break;
    }
  }
  if (last > book.highestTradeUsd) book.highestTradeUsd = last;
  out.filledQty = qty - remaining;
  out.notionalUsd = notional;
  out.lastPriceUsd = last;
  return out;
}

/**
 * Liquidity that vanishes as a cascade starts: every level divided by `factor` (W ≥ 1), and so is
 * the depth the window uncovers later. The undisturbed profile stays in `target`, which
 * resilience refills towards.
 */
export function withdrawDepth(book: OrderBook, factor: number): void {
  const scale = 1 / Math.max(1, factor);
  for (let i = 0; i < book.qty.length; i++) book.qty[i]! *= scale;
  book.depthScale *= scale;
}

/**
 * Slides the window `shift` ticks: > 0 moves it down in price (the top `shift` levels, far asks,
 * drop out; new levels at the bottom), < 0 up. Uncovered levels get the tail curve's depth ×
 * `depthScale`, as bids below the best ask or asks above the best bid. Never slides below a
 * price of one tick. Returns whether the window moved.
 */
export function slideBook(book: OrderBook, shift: number): boolean {
  const tail = book.tail;
  if (tail === undefined || shift === 0) return false;
  const n = book.qty.length;
  let s = Math.trunc(Math.max(-n, Math.min(n, shift)));
  if (s > 0) s = Math.min(s, book.baseTick - 1);
  if (s === 0 || (s < 0 && shift > 0)) return false;
  const { qty, tickSize } = book;
  book.baseTick -= s;
  book.slides += 1;
  if (s > 0) {
    qty.copyWithin(s, 0, n - s);
    book.home.copyWithin(s, 0, n - s);
    for (let i = 0; i < s; i++) {
      book.home[i] = tailQtyAt(tail, tickSize, (book.baseTick + i) * tickSize);
      qty[i] = book.home[i]! * book.depthScale;
    }
    const bestAsk = book.bestAsk + s;
    book.bestAsk = bestAsk < n ? bestAsk : n;
    let bid = book.bestBid >= 0 ? book.bestBid + s : s - 1;
    if (bid >= book.bestAsk) bid = book.bestAsk - 1;
    while (bid >= 0 && !(qty[bid]! > 0)) bid--;
    book.bestBid = bid;
  } else {
    const k = -s;
    qty.copyWithin(0, k, n);
    book.home.copyWithin(0, k, n);
    for (let i = n - k; i < n; i++) {
      book.home[i] = tailQtyAt(tail, tickSize, (book.baseTick + i) * tickSize);
      qty[i] = book.home[i]! * book.depthScale;
    }
    const bestBid = book.bestBid - k;
    book.bestBid = bestBid >= 0 ? bestBid : -1;
    let ask = book.bestAsk < n ? book.bestAsk - k : n - k;
    if (ask <= book.bestBid) ask = book.bestBid + 1;
    while (ask < n && !(qty[ask]! > 0)) ask++;
    book.bestAsk = ask;
  }
  // Levels between the best bid and best ask hold nothing (the slide may uncover a gap).
  for (let i = book.bestBid + 1; i < book.bestAsk && i < n; i++) qty[i] = 0;
  // A side the slide pushed out entirely (asks far above a crashed price) is quoted again next to
  // the other side with the undisturbed profile at the withdrawn level: quotes follow the price.
  if (book.bestAsk >= n && book.bestBid >= 0) {
    const from = book.bestBid + 1;
    for (let d = 0; from + d < n && book.splitIndex + d < n; d++)
      qty[from + d] = book.target[book.splitIndex + d]! * book.depthScale;
    let ask = from;
    while (ask < n && !(qty[ask]! > 0)) ask++;
    book.bestAsk = ask;
  } else if (book.bestBid < 0 && book.bestAsk < n) {
    const from = book.bestAsk - 1;
    for (let d = 0; from - d >= 0 && book.splitIndex - 1 - d >= 0; d++)
      qty[from - d] = book.target[book.splitIndex - 1 - d]! * book.depthScale;
    let bid = from;
    while (bid >= 0 && !(qty[bid]! > 0)) bid--;
    book.bestBid = bid;
  }
  return true;
}

/**
 * Keeps the traded price away from the window's edges: when it is within `margin` levels of
 * either, the window slides so the price sits at `splitIndex` again.
 */
export function recentreBook(book: OrderBook, tradedPriceUsd: number, margin: number): void {
  if (book.tail === undefined || !(tradedPriceUsd > 0)) return;
  const n = book.qty.length;
  const traded = Math.round(tradedPriceUsd / book.tickSize) - book.baseTick;
  if (traded >= margin && traded < n - margin) return;
  slideBook(book, book.splitIndex - traded);
}

/** Levels on each side of the traded price that resilience refills each step. */
export const REFILL_WINDOW_PCT = 5;

/**
 * Resilience: withdrawn and consumed liquidity comes back around the price the market trades at
 * now. Each step, levels within REFILL_WINDOW_PCT of the traded price move `rate` of the way back
 * to their undisturbed depth. Bids below the price return to the larger of the depth that rested
 * at that level (`home`) and the undisturbed profile measured from the price (`target`), so a
 * falling market finds bids re-formed under its new price, not only where they used to be; asks
 * re-form above the price with the profile measured from it (they follow the price down). Bids
 * stay below the best ask and asks above the best bid, so the book never crosses.
 */
export function refillDepth(book: OrderBook, rate: number, tradedPriceUsd: number): void {
  if (!(rate > 0) || !(tradedPriceUsd > 0)) return;
  const { qty, target, home, splitIndex } = book;
  const n = qty.length;
  const traded = Math.min(
    n - 1,
    Math.max(0, Math.round(tradedPriceUsd / book.tickSize) - book.baseTick),
  );
  const window = Math.ceil((tradedPriceUsd * REFILL_WINDOW_PCT) / 100 / book.tickSize);
  const bidTop = Math.min(traded, book.bestAsk - 1);
  const bidDepth = Math.min(window, splitIndex);
  let highestBid = book.bestBid;
  for (let d = 0; d < bidDepth && bidTop - d >= 0; d++) {
    const idx = bidTop - d;
    const relative = target[splitIndex - 1 - d]!;
    const resting = home[idx]!;
    const want = resting > relative ? resting : relative;
    const have = qty[idx]!;
    if (have < want) {
      const refilled = have + (want - have) * rate;
      qty[idx] = refilled;
      if (idx > highestBid && refilled > 0) highestBid = idx;
    }
  }
  const askBottom = Math.max(traded + 1, book.bestBid + 1, highestBid + 1);
  const askDepth = Math.min(window, n - splitIndex);
  let lowestAsk = book.bestAsk;
  for (let idx = askBottom, d = 0; idx < n && d < askDepth; idx++, d++) {
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
    home: book.home.slice(),
    bestBid: book.bestBid,
    bestAsk: book.bestAsk,
    ...(book.tail === undefined ? {} : { tail: book.tail }),
    depthScale: book.depthScale,
    slides: book.slides,
    edgeHits: book.edgeHits,
    lowestTradeUsd: book.lowestTradeUsd,
    highestTradeUsd: book.highestTradeUsd,
  };
}

/** Restores `book` to `from` (same shape and tail) without allocating. */
export function resetBook(book: OrderBook, from: OrderBook): void {
  book.qty.set(from.qty);
  book.target.set(from.target);
  book.home.set(from.home);
  book.baseTick = from.baseTick;
  book.bestBid = from.bestBid;
  book.bestAsk = from.bestAsk;
  book.depthScale = from.depthScale;
  book.slides = from.slides;
  book.edgeHits = from.edgeHits;
  book.lowestTradeUsd = from.lowestTradeUsd;
  book.highestTradeUsd = from.highestTradeUsd;
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
