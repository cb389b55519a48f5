import type { OrderBookLevel } from '@cascade/core';
import { describe, expect, it } from 'vitest';
import { depthBands } from './depth-bands.js';

const level = (side: 'bid' | 'ask', price: number, quantityBase: number): OrderBookLevel => ({
  exchange: 'binance',
  symbol: 'BTC/USDT:USDT',
  tsMs: 1,
  side,
  price,
  quantityBase,
});

describe('depthBands', () => {
  // Mid 100: bids at 99.5, 98.5, 97 and asks at 100.5, 101.5, 101.9 (the asks stop short of +2 %).
  const book = [
    level('bid', 99.5, 1),
    level('bid', 97, 4),
    level('bid', 98.5, 2),
    level('ask', 100.5, 1),
    level('ask', 101.5, 3),
    level('ask', 101.9, 5),
  ];

  it('sums base and notional within ±p % of mid, bids negative, only where the book reaches', () => {
    expect(depthBands(book, [1, 2])).toEqual([
      {
        exchange: 'binance',
        symbol: 'BTC/USDT:USDT',
        tsMs: 1,
        percentage: -2,
        depthBase: 3,
        notionalUsd: 99.5 + 197,
      },
      {
        exchange: 'binance',
        symbol: 'BTC/USDT:USDT',
        tsMs: 1,
        percentage: -1,
        depthBase: 1,
        notionalUsd: 99.5,
      },
      {
        exchange: 'binance',
        symbol: 'BTC/USDT:USDT',
        tsMs: 1,
        percentage: 1,
        depthBase: 1,
        notionalUsd: 100.5,
      },
    ]);
  });

  it('is empty without both sides', () => {
    expect(depthBands(book.filter((l) => l.side === 'bid'))).toEqual([]);
  });
});
