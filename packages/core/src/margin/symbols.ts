const QUOTES = ['USDT', 'USDC', 'BUSD', 'USD'] as const;

export interface SymbolParts {
  readonly base: string;
  readonly quote: string | null;
}

/**
 * Splits venue and unified symbols into base and quote:
 * `BTC/USDT:USDT`, `BTCUSDT`, `BTC-USDT-SWAP`, `BTCUSD_PERP`, `XBTUSD`, `BTC-USD`, `BTC`.
 */
export function parseSymbol(symbol: string): SymbolParts {
  const clean = symbol
    .toUpperCase()
    .replace(/\s*\(.*\)\s*/g, '')
    .trim();
  const unified = /^([A-Z0-9]+)[/-]([A-Z0-9]+)/.exec(clean);
  if (unified) return { base: normaliseBase(unified[1] ?? ''), quote: unified[2] ?? null };
  const compact = clean.replace(/_PERP$|PERP$/, '');
  for (const quote of QUOTES) {
    if (compact.endsWith(quote) && compact.length > quote.length) {
      return { base: normaliseBase(compact.slice(0, -quote.length)), quote };
    }
  }
  return { base: normaliseBase(compact), quote: null };
}

const normaliseBase = (base: string): string => (base === 'XBT' ? 'BTC' : base);

/** True when two symbols name the same instrument family (same base and quote). */
export function sameInstrument(a: string, b: string): boolean {
  const pa = parseSymbol(a);
  const pb = parseSymbol(b);
  return pa.base === pb.base && (pa.quote === null || pb.quote === null || pa.quote === pb.quote);
}
