import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** What to do on the n-th connection to one path: frames to send, then drop or stay open. */
export interface ConnectionScript {
  /** Wait for the client's subscribe message before sending (Bybit, OKX). */
  readonly awaitSubscribe: boolean;
  /** Reply to the subscribe message. */
  readonly ack?: string;
  /** Text frames, or a Buffer for a binary (garbage) frame. */
  readonly frames: readonly (string | Buffer)[];
  /** `drop`: terminate the TCP connection; `close`: close frame 1011; `stay`: keep open. */
  readonly then: 'drop' | 'close' | 'stay';
}

export interface LiquidationReplayServer {
  readonly url: string;
  /** Subscribe messages received, by path. */
  readonly subscriptions: Map<string, string[]>;
  close(): Promise<void>;
}

/** A local WebSocket server replaying scripted frames per path and connection number. */
export async function startLiquidationReplayServer(
  scripts: Readonly<Record<string, readonly ConnectionScript[]>>,
): Promise<LiquidationReplayServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) =>
    server.once('listening', () => {
      resolve();
    }),
  );
  const connections = new Map<string, number>();
  const subscriptions = new Map<string, string[]>();
  const play = (socket: WebSocket, script: ConnectionScript): void => {
    for (const frame of script.frames) socket.send(frame, { binary: Buffer.isBuffer(frame) });
    if (script.then === 'drop')
      setTimeout(() => {
        socket.terminate();
      }, 20);
    if (script.then === 'close')
      setTimeout(() => {
        socket.close(1011, 'replay: server restart');
      }, 20);
  };
  server.on('connection', (socket, request) => {
    const path = request.url ?? '/';
    const n = connections.get(path) ?? 0;
    connections.set(path, n + 1);
    const list = scripts[path] ?? [];
    const script = list[Math.min(n, list.length - 1)];
    if (script === undefined) {
      socket.close(1008, 'no script');
      return;
    }
    if (!script.awaitSubscribe) {
      play(socket, script);
      return;
    }
    socket.once('message', (data) => {
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : '';
      subscriptions.set(path, [...(subscriptions.get(path) ?? []), text]);
      if (script.ack !== undefined) socket.send(script.ack);
      play(socket, script);
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${String(port)}`,
    subscriptions,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => {
          resolve();
        });
      }),
  };
}
