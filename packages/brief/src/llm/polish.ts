/**
 * Optional polishing of the wording by an OpenAI-compatible chat-completions endpoint. The
 * polished text is accepted only if it prints exactly the numbers the deterministic text printed
 * (same numeric tokens, nothing added or changed), passes the grounding check and keeps the
 * length in range; otherwise the deterministic text stands. `fetch` is injected.
 */
import { z } from 'zod';
import type { Fact } from '../facts/fact.js';
import { checkGrounding } from '../grounding/check.js';
import { numericTokens } from '../grounding/tokens.js';
import { WORDS_MAX, WORDS_MIN } from '../prose/compose.js';
import { countWords } from '../prose/words.js';

export interface LlmConfig {
  /** Base URL, e.g. http://127.0.0.1:8080/v1 (…/chat/completions is appended). */
  readonly url: string;
  readonly model: string;
  readonly apiKey?: string | undefined;
  readonly timeoutMs?: number;
}

export type PolishOutcome =
  | { readonly accepted: true; readonly markdown: string }
  | { readonly accepted: false; readonly reason: string };

const completionSchema = z.object({
  choices: z
    .array(z.object({ message: z.object({ role: z.string(), content: z.string().nullable() }) }))
    .min(1),
});

const SYSTEM_PROMPT =
  'You are a financial copy editor. Improve the wording and flow of the Markdown article you are given. ' +
  'Keep every heading, list item, image link and every number, date, price and percentage exactly as written; ' +
  'do not add, remove, round or change any number. Return only the Markdown.';

function sameNumbers(original: string, polished: string): string | undefined {
  const count = (text: string) => {
    const m = new Map<string, number>();
    for (const t of numericTokens(text)) m.set(t.text, (m.get(t.text) ?? 0) + 1);
    return m;
  };
  const a = count(original);
  const b = count(polished);
  for (const [token, n] of b)
    if ((a.get(token) ?? 0) < n) return `added or changed number "${token}"`;
  for (const [token, n] of a) if ((b.get(token) ?? 0) < n) return `dropped number "${token}"`;
  return undefined;
}

/** Sends the article to the endpoint and checks the answer. Never throws. */
export async function polishMarkdown(
  markdown: string,
  facts: readonly Fact[],
  config: LlmConfig,
  fetchFn: typeof fetch,
): Promise<PolishOutcome> {
  let body: unknown;
  try {
    const response = await fetchFn(`${config.url.replace(/\/$/, '')}/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(config.apiKey === undefined ? {} : { authorization: `Bearer ${config.apiKey}` }),
      },
      body: JSON.stringify({
        model: config.model,
        temperature: 0.3,
        messages: [
          { role: 'system', content: SYSTEM_PROMPT },
          { role: 'user', content: markdown },
        ],
      }),
      signal: AbortSignal.timeout(config.timeoutMs ?? 60_000),
    });
    if (!response.ok)
      return { accepted: false, reason: `endpoint answered HTTP ${response.status}` };
    body = await response.json();
  } catch (error) {
    return {
      accepted: false,
      reason: `endpoint unreachable: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const parsed = completionSchema.safeParse(body);
  if (!parsed.success)
    return {
      accepted: false,
      reason: `not a chat completion: ${parsed.error.issues[0]?.path.join('.') ?? ''}`,
    };
  const polished = (parsed.data.choices[0]?.message.content ?? '').trim();
  if (polished === '') return { accepted: false, reason: 'empty completion' };
  const numbers = sameNumbers(markdown, polished);
  if (numbers !== undefined) return { accepted: false, reason: numbers };
  const grounding = checkGrounding(polished, facts);
  if (!grounding.ok)
    return { accepted: false, reason: `ungrounded number "${grounding.unmatched[0]?.text ?? ''}"` };
  const words = countWords(polished);
  if (words < WORDS_MIN || words > WORDS_MAX)
    return { accepted: false, reason: `length ${words} words out of range` };
  return { accepted: true, markdown: `${polished}\n` };
}
