/**
 * Rebuilds the end state of a cascade from its event log alone: the log is the source of truth.
 */
import type { EndState, SideEndState } from './engine-types.js';
import { eventsOf, type EventLog } from './events.js';
import type { PositionBook, SideBook } from './position-book.js';

function positionsById(side: SideBook): Map<number, number> {
  const map = new Map<number, number>();
  for (let i = 0; i < side.count; i++) map.set(side.id[i]!, i);
  return map;
}

export function replayCascade(
  positions: PositionBook,
  startPriceUsd: number,
  insuranceFundUsd: number,
  log: EventLog,
): EndState {
  const copy = (side: SideBook): SideEndState => ({
    size: side.size.slice(),
    collateralUsd: side.collateralUsd.slice(),
  });
  const longs = copy(positions.longs);
  const shorts = copy(positions.shorts);
  const ids = { long: positionsById(positions.longs), short: positionsById(positions.shorts) };
  let price = startPriceUsd;
  let fund = insuranceFundUsd;
  for (const event of eventsOf(log)) {
    switch (event.kind) {
      case 'price-moved':
        price = event.toPriceUsd;
        break;
      case 'insurance-fund-credited':
        fund += event.amountUsd;
        break;
      case 'insurance-fund-debited':
        fund -= event.amountUsd;
        break;
      case 'position-liquidated': {
        const state = event.side === 'long' ? longs : shorts;
        const i = ids[event.side].get(event.positionId) ?? -1;
        state.size[i] = event.partial ? state.size[i]! - event.quantity : 0;
        state.collateralUsd[i] = state.collateralUsd[i]! + event.collateralDeltaUsd;
        break;
      }
      case 'auto-deleveraged': {
        const state = event.side === 'long' ? longs : shorts;
        const i = ids[event.side].get(event.positionId) ?? -1;
        state.size[i] = state.size[i]! - event.quantity;
        state.collateralUsd[i] = state.collateralUsd[i]! + event.collateralDeltaUsd;
        break;
      }
    }
  }
  return { longs, shorts, insuranceFundUsd: fund, priceUsd: price };
}
