/**
 * Order books for the simulator: a parametric shape `Cum(u) = B·u^κ` (cumulative USD depth at u
 * percent from mid, calibrated by "USD depth within 1%" = B and κ), or a real snapshot extended
 * beyond its last level by the same shape fitted to the snapshot itself.
 */
import {
  cumulativeDepthUsd,
  type BookTail,
  type DepthCurve,
  type OrderBook,
} from './order-book.js';

export interface ParametricBookSpec extends DepthCurve {
  readonly midPriceUsd: number;
  /** Total levels (half bids, half asks). */
  readonly levels: number;
  /** Half-width of the book in percent of mid. */
  readonly rangePct: number;
  /** Ask-side depth relative to the bid side (default 1). */
  readonly askToBidRatio?: number;
}

export interface PriceLevel {
  readonly priceUsd: number;
  readonly qty: number;
}

function emptyBook(tickSize: number, midTick: number, levels: number): OrderBook {
  const split = Math.floor(levels / 2);
  return {
    tickSize,
    baseTick: midTick - split,
    splitIndex: split,
    qty: new Float64Array(levels),
    target: new Float64Array(levels),
    home: new Float64Array(levels),
    bestBid: split - 1,
    bestAsk: split,
    depthScale: 1,
    slides: 0,
    edgeHits: 0,
    lowestTradeUsd: Infinity,
    highestTradeUsd: -Infinity,
  };
}

const withTail = (book: OrderBook, tail: BookTail): OrderBook => ({ ...book, tail });

/** Fills levels [from, to) of one side with the curve, measured from `midPriceUsd`. */
function fillFromCurve(
  book: OrderBook,
  curve: DepthCurve,
  midPriceUsd: number,
  from: number,
  to: number,
): void {
  for (let i = from; i < to; i++) {
    const price = (book.baseTick + i) * book.tickSize;
    const far = ((Math.abs(price - midPriceUsd) + book.tickSize / 2) / midPriceUsd) * 100;
    const near = Math.max(0, far - (book.tickSize / midPriceUsd) * 100);
    const usd = cumulativeDepthUsd(curve, far) - cumulativeDepthUsd(curve, near);
    book.qty[i] = usd / price;
  }
}

export function parametricBook(spec: ParametricBookSpec): OrderBook {
  const half = Math.floor(spec.levels / 2);
  const tickSize = (spec.midPriceUsd * spec.rangePct) / 100 / half;
  const book = emptyBook(tickSize, Math.round(spec.midPriceUsd / tickSize), spec.levels);
  fillFromCurve(book, spec, spec.midPriceUsd, 0, book.splitIndex);
  const askCurve = {
    ...spec,
    depthUsdWithin1Pct: spec.depthUsdWithin1Pct * (spec.askToBidRatio ?? 1),
  };
  fillFromCurve(book, askCurve, spec.midPriceUsd, book.splitIndex, spec.levels);
  book.target.set(book.qty);
  book.home.set(book.qty);
  return withTail(book, {
    midPriceUsd: spec.midPriceUsd,
    bid: { depthUsdWithin1Pct: spec.depthUsdWithin1Pct, kappa: spec.kappa },
    ask: { depthUsdWithin1Pct: askCurve.depthUsdWithin1Pct, kappa: spec.kappa },
    storedLowUsd: book.baseTick * tickSize,
    storedHighUsd: (book.baseTick + spec.levels - 1) * tickSize,
  });
}

/** Least-squares fit of log Cum = log B + κ·log u over (pct, cumulative USD) points. */
export function fitDepthCurve(
  points: readonly { readonly pct: number; readonly cumulativeUsd: number }[],
): DepthCurve & { readonly r2: number } {
  const usable = points.filter((p) => p.pct > 0 && p.cumulativeUsd > 0);
  const xs = usable.map((p) => Math.log(p.pct));
  const ys = usable.map((p) => Math.log(p.cumulativeUsd));
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - mx;
    const dy = (ys[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const kappa = sxx > 0 ? sxy / sxx : 1;
  return {
    kappa,
    depthUsdWithin1Pct: Math.exp(my - kappa * mx),
    r2: sxx > 0 && syy > 0 ? (sxy * sxy) / (sxx * syy) : 1,
  };
}

export interface SnapshotBookSpec {
  readonly bids: readonly PriceLevel[];
  readonly asks: readonly PriceLevel[];
  readonly tickSize: number;
  readonly levels: number;
  /** Curve used beyond the snapshot's last level; fitted from the snapshot when omitted. */
  readonly tail?: DepthCurve;
}

/** A real snapshot on a dense tick grid, extended beyond its deepest level by a depth curve. */
export function bookFromSnapshot(spec: SnapshotBookSpec): OrderBook {
  const bestBid = Math.max(...spec.bids.map((l) => l.priceUsd));
  const bestAsk = Math.min(...spec.asks.map((l) => l.priceUsd));
  const mid = (bestBid + bestAsk) / 2;
  const book = emptyBook(spec.tickSize, Math.round(bestAsk / spec.tickSize), spec.levels);
  const tail = spec.tail ?? fitSnapshotCurve(spec, mid);
  fillFromCurve(book, tail, mid, 0, spec.levels);
  // Snapshot levels replace the curve where the snapshot has data.
  const deepestBid = Math.min(...spec.bids.map((l) => l.priceUsd));
  const deepestAsk = Math.max(...spec.asks.map((l) => l.priceUsd));
  for (let i = 0; i < spec.levels; i++) {
    const price = (book.baseTick + i) * book.tickSize;
    if (
      (i < book.splitIndex && price >= deepestBid) ||
      (i >= book.splitIndex && price <= deepestAsk)
    )
      book.qty[i] = 0;
  }
  for (const level of spec.bids) addLevel(book, level, true);
  for (const level of spec.asks) addLevel(book, level, false);
  book.target.set(book.qty);
  book.home.set(book.qty);
  const curve = { depthUsdWithin1Pct: tail.depthUsdWithin1Pct, kappa: tail.kappa };
  return withTail(book, {
    midPriceUsd: mid,
    bid: curve,
    ask: curve,
    storedLowUsd: Math.max(deepestBid, book.baseTick * spec.tickSize),
    storedHighUsd: Math.min(deepestAsk, (book.baseTick + spec.levels - 1) * spec.tickSize),
  });
}

function addLevel(book: OrderBook, level: PriceLevel, bid: boolean): void {
  const i = Math.round(level.priceUsd / book.tickSize) - book.baseTick;
  const inSide = bid ? i >= 0 && i < book.splitIndex : i >= book.splitIndex && i < book.qty.length;
  if (inSide) book.qty[i] = (book.qty[i] ?? 0) + level.qty;
}

function fitSnapshotCurve(spec: SnapshotBookSpec, mid: number): DepthCurve {
  const sorted = [...spec.bids].sort((a, b) => b.priceUsd - a.priceUsd);
  let cumulative = 0;
  const points = sorted.map((level) => {
    cumulative += level.qty * level.priceUsd;
    return { pct: ((mid - level.priceUsd) / mid) * 100, cumulativeUsd: cumulative };
  });
  return fitDepthCurve(points);
}
