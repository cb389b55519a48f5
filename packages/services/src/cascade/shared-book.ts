/**
 * Moves a position book and an order book between threads: the position arrays are copied once
 * into SharedArrayBuffers and every worker reads the same memory.
 */
import type { OrderBook, PositionBook, SideBook } from '@cascade/core';

type Typed = Float64Array | Int32Array | Uint8Array;

function share<T extends Typed>(array: T): T {
  const buffer = new SharedArrayBuffer(array.byteLength);
  const copy = new (array.constructor as new (b: SharedArrayBuffer) => T)(buffer);
  copy.set(array);
  return copy;
}

function shareSide(side: SideBook): SideBook {
  return {
    count: side.count,
    size: share(side.size),
    entryPrice: share(side.entryPrice),
    liquidationPrice: share(side.liquidationPrice),
    bankruptcyPrice: share(side.bankruptcyPrice),
    collateralUsd: share(side.collateralUsd),
    mmr: share(side.mmr),
    venue: share(side.venue),
    id: share(side.id),
  };
}

/** A structured-clone-friendly position book whose arrays live in shared memory. */
export function sharePositionBook(book: PositionBook): PositionBook {
  return { longs: shareSide(book.longs), shorts: shareSide(book.shorts) };
}

/** Order books are small (levels × 2 floats) and mutated per scenario: each worker gets a copy. */
export function plainOrderBook(book: OrderBook): OrderBook {
  return { ...book };
}
