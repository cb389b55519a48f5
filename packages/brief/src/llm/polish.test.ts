/**
 * Polishing against a local OpenAI-compatible server on 127.0.0.1 that answers in the real
 * chat-completions format (object "chat.completion", choices[].message, usage; as in the
 * OpenAI API reference, https://platform.openai.com/docs/api-reference/chat/object).
 */
import { fileSource } from '@cascade/services';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBrief, type Brief } from '../brief.js';
import { polishMarkdown } from './polish.js';

interface Reply {
  status: number;
  body: unknown;
}

let next: (content: string) => Reply = () => ({ status: 500, body: {} });
const requests: {
  url: string;
  auth: string | undefined;
  body: { model: string; messages: { role: string; content: string }[] };
}[] = [];
let server: Server;
let deterministic: Brief;
const source = fileSource('embedded files in data/');
let url = '';

function completion(content: string): unknown {
  return {
    id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
    object: 'chat.completion',
    created: 1741570283,
    model: 'gpt-4o-2024-08-06',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: {
      prompt_tokens: 1117,
      completion_tokens: 46,
      total_tokens: 1163,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_fc9f1d7035',
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const body = JSON.parse(text) as (typeof requests)[number]['body'];
      requests.push({ url: req.url ?? '', auth: req.headers.authorization, body });
      const reply = next(body.messages.at(-1)?.content ?? '');
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  deterministic = await generateBrief({ date: '2025-12-22', source, scenarios: 0 });
});
afterAll(
  () =>
    new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    ),
);

describe('LLM polishing', () => {
  it('accepts a reworded text that keeps every number', async () => {
    next = (content) => ({
      status: 200,
      body: completion(
        content.replace('This brief is written from', 'This article is written from'),
      ),
    });
    const brief = await generateBrief({
      date: '2025-12-22',
      source,
      scenarios: 0,
      llm: { url, model: 'test-model', apiKey: 'k' },
    });
    expect(brief.polish).toEqual({ attempted: true, accepted: true });
    expect(brief.markdown).toContain('This article is written from');
    expect(brief.grounding.ok).toBe(true);
    const request = requests.at(-1);
    expect(request?.url).toBe('/v1/chat/completions');
    expect(request?.auth).toBe('Bearer k');
    expect(request?.body.model).toBe('test-model');
    expect(request?.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(request?.body.messages[1]?.content).toBe(deterministic.markdown);
  });

  it('rejects a text that changes a number and keeps the deterministic one', async () => {
    const close = deterministic.facts.find((f) => f.id === 'price.close')?.printed ?? '';
    next = (content) => ({ status: 200, body: completion(content.replace(close, '$99,999')) });
    const brief = await generateBrief({
      date: '2025-12-22',
      source,
      scenarios: 0,
      llm: { url, model: 'm' },
    });
    expect(brief.polish.accepted).toBe(false);
    expect(brief.polish.reason).toContain('$99,999');
    expect(brief.markdown).toBe(deterministic.markdown);
  });

  it('rejects an added number, an HTTP error and a body that is not a completion', async () => {
    const facts = deterministic.facts;
    const md = deterministic.markdown;
    const cases: [string, (content: string) => Reply][] = [
      ['added', (c) => ({ status: 200, body: completion(`${c}\nAnalysts expect 3 more cuts.`) })],
      ['HTTP 500', () => ({ status: 500, body: { error: { message: 'overloaded' } } })],
      ['not a completion', () => ({ status: 200, body: { choices: [] } })],
    ];
    for (const [name, reply] of cases) {
      next = reply;
      const outcome = await polishMarkdown(md, facts, { url, model: 'm' }, fetch);
      expect(outcome.accepted, name).toBe(false);
    }
  });

  it('falls back when the endpoint is unreachable', async () => {
    const outcome = await polishMarkdown(
      deterministic.markdown,
      deterministic.facts,
      { url: 'http://127.0.0.1:9/v1', model: 'm', timeoutMs: 2000 },
      fetch,
    );
    expect(outcome).toMatchObject({ accepted: false });
  });
});
