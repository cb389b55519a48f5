import type { BriefInputs } from '../inputs.js';

/** Inputs with every part missing except those given (tests). */
export function inputsWith(over: Partial<BriefInputs>): BriefInputs {
  return {
    date: '2025-11-21',
    symbol: 'BTC',
    price: undefined,
    level: undefined,
    realized: undefined,
    estimated: undefined,
    cascade: undefined,
    macro: undefined,
    fedwatch: undefined,
    divergence: undefined,
    history: undefined,
    contagion: undefined,
    risk: undefined,
    missing: [],
    ...over,
  };
}
