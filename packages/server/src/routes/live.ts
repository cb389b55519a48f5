/** GET /api/liquidations/live: the live liquidation feed as server-sent events. */
import { streamSSE } from 'hono/streaming';
import type { ApiRouter } from '../api-router.js';
import type { ServerContext } from '../context.js';
import { problem } from '../problems.js';

const HEARTBEAT_MS = 15_000;

export function liveRoutes(router: ApiRouter, context: ServerContext): void {
  router.add({
    method: 'get',
    path: '/api/liquidations/live',
    tag: 'market',
    summary: 'live forced liquidations (Binance, Bybit, OKX) as server-sent events',
    description:
      'Off unless the server runs with --live (or CASCADE_LIVE=1). Events are also stored. Binance sends at most one liquidation per symbol per second: its events carry lowerBound=true.',
    response: {
      kind: 'sse',
      events:
        '`snapshot` [LiquidationEvent] (the newest stored in memory, oldest first) then `liquidation` LiquidationEvent {exchange, symbol, tsMs, side, priceUsd, quantityBase, notionalUsd, lowerBound} per event; a `ping` comment every 15 s',
    },
    otherStatuses: { 503: 'the live feed is off' },
    handle: (_input, c) => {
      const live = context.live;
      if (live === undefined)
        return problem(
          c,
          503,
          'the live feed is off: start the server with --live (or CASCADE_LIVE=1)',
        );
      return streamSSE(c, async (stream) => {
        await stream.writeSSE({ event: 'snapshot', data: JSON.stringify(live.recent()) });
        let eventId = 0;
        const unsubscribe = live.subscribe((event) => {
          eventId += 1;
          void stream.writeSSE({
            event: 'liquidation',
            id: String(eventId),
            data: JSON.stringify(event),
          });
        });
        stream.onAbort(unsubscribe);
        while (!stream.aborted && !stream.closed) {
          await stream.sleep(HEARTBEAT_MS);
          await stream.write(': ping\n\n');
        }
        unsubscribe();
      });
    },
  });
}
