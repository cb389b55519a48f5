import type { MacroSource } from '@cascade/services';

/**
 * A macro source that loads each series once and then answers from memory. The analyses read
 * the same series several times (BTC daily in five of them); a long-lived process (the HTTP
 * server) keeps one of these to generate briefs from a warm cache.
 */
export function memoizeSource(source: MacroSource): MacroSource {
  const cache = new Map<string, Promise<unknown>>();
  function once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let hit = cache.get(key) as Promise<T> | undefined;
    if (hit === undefined) {
      hit = load();
      cache.set(key, hit);
      hit.catch(() => cache.delete(key));
    }
    return hit;
  }
  return {
    label: source.label,
    cryptoDaily: (symbol) => once(`crypto:${symbol}`, () => source.cryptoDaily(symbol)),
    equity: (ticker) => once(`equity:${ticker}`, () => source.equity(ticker)),
    fred: (series) => once(`fred:${series}`, () => source.fred(series)),
    fomcDates: () => once('fomc', () => source.fomcDates()),
    zqSettles: () => once('zq', () => source.zqSettles()),
    published: () => once('published', () => source.published()),
    events: () => once('events', () => source.events()),
    dailyFunding: () => once('funding', () => source.dailyFunding()),
    btcHourly: () => once('hourly', () => source.btcHourly()),
    close: () => source.close(),
  };
}

/** A small per-process memo for results that depend only on their key (levels, simulations). */
export class ResultMemo<T> {
  readonly #entries = new Map<string, Promise<T>>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit !== undefined) return hit;
    const value = load();
    this.#entries.set(key, value);
    value.catch(() => this.#entries.delete(key));
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return value;
  }
}
