import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the server does with the n-th request to a path: answer normally, fail with a status
 * (Telegram/Discord-style JSON error body), hang until the client gives up, or cut the socket.
 */
export type SinkBehaviour =
  | { readonly do: 'ok' }
  | { readonly do: 'fail'; readonly status: number; readonly retryAfterS?: number }
  | { readonly do: 'hang' }
  | { readonly do: 'drop' };

export interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /** What the server answered (a hung or dropped request was not delivered). */
  readonly answered: SinkBehaviour['do'];
}

export interface AlertSinkServer {
  readonly url: string;
  readonly received: ReceivedRequest[];
  close(): Promise<void>;
}

/** Successful replies in each API's documented shape. */
function okReply(path: string, body: string): { status: number; text: string } {
  if (path.includes('/sendMessage')) {
    const sent = JSON.parse(body) as { chat_id: string; text: string };
    return {
      status: 200,
      text: JSON.stringify({
        ok: true,
        result: {
          message_id: 1,
          date: 0,
          chat: { id: sent.chat_id, type: 'private' },
          text: sent.text,
        },
      }),
    };
  }
  if (path.startsWith('/api/webhooks/'))
    return { status: 200, text: JSON.stringify({ id: '1', type: 0, content: '' }) };
  return { status: 204, text: '' };
}

function failReply(path: string, status: number, retryAfterS: number | undefined): string {
  if (path.includes('/sendMessage'))
    return JSON.stringify({
      ok: false,
      error_code: status,
      description:
        status === 429
          ? `Too Many Requests: retry after ${retryAfterS ?? 1}`
          : status === 400
            ? 'Bad Request: chat not found'
            : 'Internal Server Error',
      ...(retryAfterS === undefined ? {} : { parameters: { retry_after: retryAfterS } }),
    });
  if (path.startsWith('/api/webhooks/'))
    return JSON.stringify(
      status === 429
        ? { message: 'You are being rate limited.', retry_after: retryAfterS ?? 1, global: false }
        : status === 404
          ? { message: 'Unknown Webhook', code: 10015 }
          : { message: '500: Internal Server Error', code: 0 },
    );
  return 'upstream failure';
}

/**
 * A local HTTP server on 127.0.0.1 standing in for a JSON webhook, the Telegram Bot API and
 * Discord webhooks. `scripts[path]` lists behaviours for successive requests (the last repeats);
 * paths without a script answer ok.
 */
export async function startAlertSinkServer(
  scripts: Readonly<Record<string, readonly SinkBehaviour[]>>,
): Promise<AlertSinkServer> {
  const received: ReceivedRequest[] = [];
  const counts = new Map<string, number>();
  const hung = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const n = counts.get(path) ?? 0;
      counts.set(path, n + 1);
      const list = scripts[path] ?? [{ do: 'ok' }];
      const behaviour = list[Math.min(n, list.length - 1)] ?? { do: 'ok' };
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ path, headers: request.headers, body, answered: behaviour.do });
      if (behaviour.do === 'hang') {
        hung.add(response);
        return;
      }
      if (behaviour.do === 'drop') {
        request.socket.destroy();
        return;
      }
      const reply =
        behaviour.do === 'ok'
          ? okReply(path, body)
          : {
              status: behaviour.status,
              text: failReply(path, behaviour.status, behaviour.retryAfterS),
            };
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (behaviour.do === 'fail' && behaviour.retryAfterS !== undefined)
        headers['retry-after'] = String(behaviour.retryAfterS);
      response.writeHead(reply.status, headers).end(reply.text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hung) response.destroy();
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
