import type { LiquidationEvent } from '@cascade/core';
import WebSocket from 'ws';
import type { MarketStore } from '../store/market-store.js';
import type { LiquidationFeed } from './liquidation-feeds.js';

export interface WatchStats {
  stored: number;
  duplicates: number;
  garbage: number;
  reconnects: number;
}

export interface WatchOptions {
  readonly store: MarketStore;
  readonly feeds: readonly LiquidationFeed[];
  readonly signal: AbortSignal;
  readonly sleep: (ms: number) => Promise<void>;
  readonly onEvent?: (event: LiquidationEvent) => void;
  readonly onNotice?: (message: string) => void;
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Remember this many recent event keys to drop duplicates before they reach the store. */
  readonly dedupeWindow?: number;
}

export const eventKey = (e: LiquidationEvent): string =>
  `${e.exchange}|${e.symbol}|${String(e.tsMs)}|${e.side}|${String(e.priceUsd)}|${String(e.quantityBase)}`;

/** Insertion-ordered set with a size cap (oldest keys forgotten first). */
class RecentKeys {
  readonly #keys = new Set<string>();
  readonly #cap: number;
  constructor(cap: number) {
    this.#cap = cap;
  }
  /** True when the key is new (and remembers it). */
  add(key: string): boolean {
    if (this.#keys.has(key)) return false;
    this.#keys.add(key);
    if (this.#keys.size > this.#cap) {
      const oldest = this.#keys.values().next().value;
      if (oldest !== undefined) this.#keys.delete(oldest);
    }
    return true;
  }
  forget(key: string): void {
    this.#keys.delete(key);
  }
}

function frameText(data: WebSocket.RawData): string | undefined {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** One connection's life: resolves when it closes (for any reason). */
function runConnection(
  feed: LiquidationFeed,
  options: WatchOptions,
  handle: (events: LiquidationEvent[]) => Promise<void>,
  stats: WatchStats,
  onOpen: () => void,
): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(feed.url);
    const abort = (): void => {
      socket.terminate();
    };
    options.signal.addEventListener('abort', abort, { once: true });
    let queue = Promise.resolve();
    socket.on('open', () => {
      onOpen();
      for (const message of feed.subscribe) socket.send(message);
    });
    socket.on('message', (data, isBinary) => {
      let events: LiquidationEvent[];
      try {
        const text = isBinary ? undefined : frameText(data);
        if (text === undefined) throw new Error('binary frame');
        events = feed.parse(JSON.parse(text));
      } catch {
        stats.garbage++;
        return;
      }
      if (events.length > 0) queue = queue.then(() => handle(events));
    });
    const done = (): void => {
      options.signal.removeEventListener('abort', abort);
      void queue.finally(() => {
        resolve();
      });
    };
    socket.on('close', done);
    socket.on('error', (error) => {
      options.onNotice?.(`${feed.exchange}: ${error.message}`);
    });
  });
}

async function watchFeed(
  feed: LiquidationFeed,
  options: WatchOptions,
  handle: (events: LiquidationEvent[]) => Promise<void>,
  stats: WatchStats,
): Promise<void> {
  const base = options.backoffMs ?? 500;
  const max = options.maxBackoffMs ?? 30_000;
  let attempt = 0;
  while (!options.signal.aborted) {
    await runConnection(feed, options, handle, stats, () => {
      attempt = 0;
    });
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- aborts while awaiting
    if (options.signal.aborted) break;
    stats.reconnects++;
    const delay = Math.min(max, base * 2 ** attempt);
    attempt++;
    options.onNotice?.(`${feed.exchange}: disconnected, reconnecting in ${String(delay)} ms`);
    await options.sleep(delay);
  }
}

/**
 * Streams liquidations from every feed into the store until `signal` aborts. Reconnects with
 * exponential backoff; drops unparseable frames (counted as garbage); each event is stored once
 * (recent-key dedupe, then the store's natural-key upsert across restarts).
 */
export async function watchLiquidations(options: WatchOptions): Promise<WatchStats> {
  const stats: WatchStats = { stored: 0, duplicates: 0, garbage: 0, reconnects: 0 };
  const recent = new RecentKeys(options.dedupeWindow ?? 100_000);
  const write = async (fresh: LiquidationEvent[]): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      try {
        await options.store.upsert('liquidations', fresh);
        return;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (attempt >= 3)
          throw new Error(`cannot store ${String(fresh.length)} liquidations: ${reason}`, {
            cause: error,
          });
        options.onNotice?.(`store write failed (${reason}); retrying`);
        await options.sleep((options.backoffMs ?? 500) * 2 ** attempt);
      }
    }
  };
  const handle = async (events: LiquidationEvent[]): Promise<void> => {
    const fresh = events.filter((e) => recent.add(eventKey(e)));
    stats.duplicates += events.length - fresh.length;
    if (fresh.length === 0) return;
    try {
      await write(fresh);
    } catch (error) {
      // Forget the keys so a replay after reconnect can still store these events.
      for (const event of fresh) recent.forget(eventKey(event));
      options.onNotice?.(error instanceof Error ? error.message : String(error));
      return;
    }
    stats.stored += fresh.length;
    for (const event of fresh) options.onEvent?.(event);
  };
  await Promise.all(options.feeds.map((feed) => watchFeed(feed, options, handle, stats)));
  return stats;
}
