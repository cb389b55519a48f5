import { createHmac } from 'node:crypto';
import { formatUtc } from '@cascade/analytics';
import type { AlertPayload } from './outbox.js';

/** Outcome of one delivery attempt. */
export type SendResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly error: string;
      readonly retryAfterMs?: number;
      /** The sink refused this alert for good (a 4xx other than 408, 425, 429): no retry helps. */
      readonly permanent?: boolean;
    };

/** A network destination for alerts. `send` must honour `signal` (timeouts abort it). */
export interface AlertSink {
  readonly name: string;
  send(payload: AlertPayload, signal: AbortSignal): Promise<SendResult>;
}

export type SinkFetch = (url: string, init: RequestInit) => Promise<Response>;

/** Seconds of a Retry-After header (delta-seconds form), as ms. */
function retryAfterHeader(response: Response): number | undefined {
  const value = Number(response.headers.get('retry-after'));
  return Number.isFinite(value) && value > 0 ? value * 1000 : undefined;
}

async function postJson(
  fetchImpl: SinkFetch,
  url: string,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<Response> {
  return fetchImpl(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'cascade-monitor', ...headers },
    body,
    signal,
  });
}

/** Client errors that a later attempt can still fix: timeout, too early, too many requests. */
const RETRYABLE_4XX = new Set([408, 425, 429]);

const failure = (response: Response, text: string, retryAfterMs?: number): SendResult => {
  const error = `HTTP ${response.status}: ${text.slice(0, 200)}`;
  const { status } = response;
  const permanent = status >= 400 && status < 500 && !RETRYABLE_4XX.has(status);
  return {
    ok: false,
    error,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(permanent ? { permanent } : {}),
  };
};

/**
 * HMAC-SHA256 signature of a webhook body: hex of HMAC(secret, `${timestamp}.${body}`), sent as
 * `X-Cascade-Signature: sha256=<hex>` with `X-Cascade-Timestamp: <unix seconds>`.
 */
export function webhookSignature(secret: string, timestampS: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampS}.${body}`).digest('hex')}`;
}

export interface WebhookOptions {
  readonly name: string;
  readonly url: string;
  readonly secret: string;
  readonly fetch?: SinkFetch;
  /** Unix time for the signature header (injected in tests). */
  readonly nowMs?: () => number;
}

/** JSON webhook: the payload as the body, signed (see `webhookSignature`); 2xx = delivered. */
export function webhookSink(o: WebhookOptions): AlertSink {
  const fetchImpl = o.fetch ?? fetch;
  return {
    name: o.name,
    async send(payload, signal) {
      const body = JSON.stringify(payload);
      const timestampS = Math.floor((o.nowMs ?? Date.now)() / 1000);
      const response = await postJson(
        fetchImpl,
        o.url,
        body,
        {
          'x-cascade-alert-id': payload.id,
          'x-cascade-timestamp': String(timestampS),
          'x-cascade-signature': webhookSignature(o.secret, timestampS, body),
        },
        signal,
      );
      const text = await response.text();
      return response.ok ? { ok: true } : failure(response, text, retryAfterHeader(response));
    },
  };
}

/** Plain-text rendering for chat sinks. */
export function alertText(payload: AlertPayload): string {
  return `[${payload.rule}] ${payload.message}\n${formatUtc(payload.tsMs)} · id ${payload.id}`;
}

export interface TelegramOptions {
  readonly name: string;
  readonly botToken: string;
  readonly chatId: string;
  /** Default https://api.telegram.org */
  readonly apiUrl?: string;
  readonly fetch?: SinkFetch;
}

interface TelegramReply {
  ok?: boolean;
  description?: string;
  parameters?: { retry_after?: number };
}

/** Telegram Bot API `sendMessage` (JSON body; `{ok: true}` = delivered; 429 honours retry_after). */
export function telegramSink(o: TelegramOptions): AlertSink {
  const fetchImpl = o.fetch ?? fetch;
  const url = `${o.apiUrl ?? 'https://api.telegram.org'}/bot${o.botToken}/sendMessage`;
  return {
    name: o.name,
    async send(payload, signal) {
      const body = JSON.stringify({
        chat_id: o.chatId,
        text: alertText(payload).slice(0, 4096),
        disable_web_page_preview: true,
      });
      const response = await postJson(fetchImpl, url, body, {}, signal);
      const text = await response.text();
      let reply: TelegramReply = {};
      try {
        reply = JSON.parse(text) as TelegramReply;
      } catch {
        // not JSON: reported below
      }
      if (response.ok && reply.ok === true) return { ok: true };
      const retry = reply.parameters?.retry_after;
      return failure(
        response,
        reply.description ?? text,
        retry === undefined ? retryAfterHeader(response) : retry * 1000,
      );
    },
  };
}

export interface DiscordOptions {
  readonly name: string;
  readonly webhookUrl: string;
  readonly fetch?: SinkFetch;
}

const DISCORD_FIELD_LIMIT = 25;

/** Discord webhook execute: one embed per alert (title, description, timestamp, fields). */
export function discordSink(o: DiscordOptions): AlertSink {
  const fetchImpl = o.fetch ?? fetch;
  const url = `${o.webhookUrl}${o.webhookUrl.includes('?') ? '&' : '?'}wait=true`;
  return {
    name: o.name,
    async send(payload, signal) {
      const fields = Object.entries(payload.values)
        .filter(([, v]) => v !== null)
        .slice(0, DISCORD_FIELD_LIMIT)
        .map(([name, value]) => ({ name, value: String(value).slice(0, 1024), inline: true }));
      const body = JSON.stringify({
        username: 'Cascade',
        allowed_mentions: { parse: [] },
        embeds: [
          {
            title: `${payload.rule} (${payload.type})`.slice(0, 256),
            description: payload.message.slice(0, 4096),
            timestamp: payload.ts,
            footer: { text: payload.id.slice(0, 2048) },
            fields,
          },
        ],
      });
      const response = await postJson(fetchImpl, url, body, {}, signal);
      const text = await response.text();
      if (response.ok) return { ok: true };
      let retry: number | undefined;
      try {
        const parsed = JSON.parse(text) as { retry_after?: number };
        retry = parsed.retry_after === undefined ? undefined : parsed.retry_after * 1000;
      } catch {
        retry = undefined;
      }
      return failure(response, text, retry ?? retryAfterHeader(response));
    },
  };
}
