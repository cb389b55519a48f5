/**
 * The live liquidation feed for SSE clients: one watch-liquidations run (the same machinery as
 * `cascade watch-liquidations`: reconnects, dedupe, stored in the store) fanned out to every
 * subscriber, with the newest events kept for clients that connect later.
 */
import { watchLiquidations, type LiquidationFeed, type MarketStore } from '@cascade/adapters';
import type { LiquidationEvent } from '@cascade/core';

type Listener = (event: LiquidationEvent) => void;

export interface LiveHub {
  /** The newest events (oldest first), at most `recentCap`. */
  recent(): readonly LiquidationEvent[];
  subscribe(listener: Listener): () => void;
  stop(): Promise<void>;
}

export interface LiveHubOptions {
  readonly store: MarketStore;
  readonly feeds: readonly LiquidationFeed[];
  readonly onNotice: (message: string) => void;
  readonly recentCap?: number;
}

export function startLiveHub(options: LiveHubOptions): LiveHub {
  const listeners = new Set<Listener>();
  const recent: LiquidationEvent[] = [];
  const cap = options.recentCap ?? 200;
  const controller = new AbortController();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      controller.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  const running = watchLiquidations({
    store: options.store,
    feeds: options.feeds,
    signal: controller.signal,
    sleep,
    onNotice: options.onNotice,
    onEvent: (event) => {
      recent.push(event);
      if (recent.length > cap) recent.shift();
      for (const listener of listeners) listener(event);
    },
  }).catch((error: unknown) => {
    options.onNotice(`live feed stopped: ${(error as Error).message}`);
  });
  return {
    recent: () => recent,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: async () => {
      controller.abort();
      await running;
    },
  };
}
