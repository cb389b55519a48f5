/**
 * Grounding check: every numeric token of a text must match a fact under the fact's stated
 * rounding. A token matches a fact of a compatible unit when
 *   - its printed step is not finer than the fact's stated step (no invented precision), and
 *   - the fact's magnitude rounds to the token at the token's step (|fact − token| ≤ step / 2);
 *   - a printed sign (+ or −) must agree with the fact's sign; an unsigned token is a magnitude
 *     whose direction the words carry, so a movement verb right before it ("fell 6.97%", "rose
 *     by 0.98%", "down $1,200") must agree with a nonzero fact's sign.
 * Dates match by month and day (and year when printed), UTC times by hour and minute.
 */
import type { Fact, FactUnit } from '../facts/fact.js';
import { numericTokens, type DateToken, type NumberToken, type Token } from './tokens.js';

export interface UnmatchedToken {
  readonly text: string;
  readonly index: number;
  /** Up to 40 characters either side. */
  readonly context: string;
}

export interface GroundingReport {
  readonly ok: boolean;
  readonly tokenCount: number;
  readonly unmatched: readonly UnmatchedToken[];
}

/** Which fact units a token of each kind may match, and the factor from fact to token unit. */
const COMPATIBLE: Readonly<Record<NumberToken['kind'], readonly (readonly [FactUnit, number])[]>> =
  {
    usd: [['USD', 1]],
    percent: [['fraction', 100]],
    bp: [['bp', 1]],
    x: [['x', 1]],
    number: [
      ['count', 1],
      ['points', 1],
      ['ratio', 1],
      ['x', 1],
      ['bp', 1],
    ],
    ordinal: [['count', 1]],
  };

const RELATIVE_EPS = 1e-9;

function matchesNumber(token: NumberToken, fact: Fact): boolean {
  if (typeof fact.value !== 'number') return false;
  const value = fact.value;
  return COMPATIBLE[token.kind].some(([unit, factor]) => {
    if (unit !== fact.unit) return false;
    if (token.sign !== 0 && Math.sign(value) !== token.sign) return false;
    if (token.direction !== 0 && value !== 0 && Math.sign(value) !== token.direction) return false;
    const eps = RELATIVE_EPS * Math.max(1, token.magnitude);
    // A printed zero carries no precision: it matches what rounds to zero at either step.
    const zero = token.magnitude === 0;
    if (!zero && token.step + eps < fact.stepPrinted) return false;
    const step = zero ? Math.max(token.step, fact.stepPrinted) : token.step;
    return Math.abs(Math.abs(value) * factor - token.magnitude) <= step / 2 + eps;
  });
}

function matchesDate(token: DateToken, fact: Fact): boolean {
  if (fact.unit !== 'date' || typeof fact.value !== 'string') return false;
  const [year, month, day] = fact.value.split('-').map(Number);
  return month === token.month && day === token.day && (token.year ?? year) === year;
}

function yearOf(fact: Fact): number | undefined {
  if (typeof fact.value !== 'string' || (fact.unit !== 'date' && fact.unit !== 'datetime')) {
    return undefined;
  }
  return Number(fact.value.slice(0, 4));
}

function matches(token: Token, fact: Fact): boolean {
  switch (token.kind) {
    case 'date':
      return matchesDate(token, fact);
    case 'time':
      return (
        fact.unit === 'datetime' &&
        typeof fact.value === 'string' &&
        fact.value.slice(11, 16) === token.hhmm
      );
    default:
      return matchesNumber(token, fact) || (token.maybeYear && yearOf(fact) === token.magnitude);
  }
}

function contextOf(text: string, index: number, length: number): string {
  return text.slice(Math.max(0, index - 40), index + length + 40).replace(/\s+/g, ' ');
}

/** Checks every numeric token of `text` against `facts`. */
export function checkGrounding(text: string, facts: readonly Fact[]): GroundingReport {
  const tokens = numericTokens(text);
  const unmatched = tokens
    .filter((token) => !facts.some((fact) => matches(token, fact)))
    .map((token) => ({
      text: token.text,
      index: token.index,
      context: contextOf(text, token.index, token.text.length),
    }));
  return { ok: unmatched.length === 0, tokenCount: tokens.length, unmatched };
}
