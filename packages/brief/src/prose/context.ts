import type { FactBook } from '../facts/fact.js';
import { formatFact, type FormatOptions } from '../facts/format.js';
import type { BriefInputs } from '../inputs.js';

/** What a section writer gets: the inputs (for decisions) and the facts (for every number). */
export interface WriteContext {
  readonly inputs: BriefInputs;
  readonly facts: FactBook;
  /** Ids of the facts printed so far. */
  readonly used: ReadonlySet<string>;
  /** Prints fact `id`; a missing fact is a bug in the writer. */
  f(id: string, options?: FormatOptions): string;
  has(...ids: string[]): boolean;
  /** A deterministic choice among phrasings, varied by date and key. */
  pick<T>(key: string, options: readonly T[]): T;
}

/** FNV-1a, enough to vary phrasing deterministically. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function writeContext(inputs: BriefInputs, facts: FactBook): WriteContext {
  const used = new Set<string>();
  return {
    inputs,
    facts,
    used,
    f(id, options) {
      const fact = facts.get(id);
      if (fact === undefined) throw new Error(`brief: no fact "${id}"`);
      used.add(id);
      return formatFact(fact, options);
    },
    has: (...ids) => ids.every((id) => facts.has(id)),
    pick<T>(key: string, options: readonly T[]): T {
      const chosen = options[hash(`${inputs.date}|${key}`) % options.length];
      if (chosen === undefined) throw new Error(`brief: no phrasing for ${key}`);
      return chosen;
    },
  };
}

/** "fell"/"rose" by sign; `flat` when zero. */
export function verb(value: number, down: string, up: string, flat = 'was unchanged'): string {
  return value < 0 ? down : value > 0 ? up : flat;
}

/** Singular or plural noun by count. */
export function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

/** "A, B and C". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/** Sentence-cases the first letter. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "a" or "an" before a printed number or word ("an 11.3% fall", "an 8× move", "a 5% fall"). */
export function article(printed: string): string {
  const digits = printed.replace(/^[^0-9A-Za-z]+/, '');
  const integer = (/^[\d,]+/.exec(digits)?.[0] ?? '').replace(/,/g, '');
  if (/^[0-9]/.test(digits)) {
    const eighty = digits.startsWith('8');
    const elevenOrEighteen = /^1[18]/.test(integer) && integer.length % 3 === 2;
    return eighty || elevenOrEighteen ? 'an' : 'a';
  }
  return /^[aeiou]/i.test(digits) ? 'an' : 'a';
}
