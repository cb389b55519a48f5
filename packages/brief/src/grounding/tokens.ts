/**
 * Numeric tokens of a text: prices and dollar amounts (with K/M/B), percentages, basis points,
 * multiples, counts and ordinals, dates and UTC times. Each token carries the step its printed
 * form implies (`$1.91B` → 0.01 B = $10M), so the checker can compare it with a fact's rounding.
 */
import { MONTH_NAMES } from '../facts/format.js';

export type TokenKind = 'usd' | 'percent' | 'bp' | 'x' | 'number' | 'ordinal' | 'date' | 'time';

interface TokenBase {
  readonly text: string;
  readonly index: number;
}

export interface NumberToken extends TokenBase {
  readonly kind: Exclude<TokenKind, 'date' | 'time'>;
  /** Magnitude in the unit of the matching facts (USD in dollars, percent in points). */
  readonly magnitude: number;
  /** Step of the printed form, same unit. */
  readonly step: number;
  /** `+1`/`−1` when printed with a sign, else 0. */
  readonly sign: -1 | 0 | 1;
  /**
   * The direction a movement verb right before the number gives it ("fell 6.97%" → −1, "rose by
   * 0.98%" → +1), else 0. Only for an unsigned number.
   */
  readonly direction: -1 | 0 | 1;
  /** A bare four-digit number between 1990 and 2100: may be a year. */
  readonly maybeYear: boolean;
}

export interface DateToken extends TokenBase {
  readonly kind: 'date';
  readonly month: number;
  readonly day: number;
  readonly year: number | undefined;
}

export interface TimeToken extends TokenBase {
  readonly kind: 'time';
  readonly hhmm: string;
}

export type Token = NumberToken | DateToken | TimeToken;

/**
 * Names that contain digits but are not quantities. Each is replaced by a digit-free mask of
 * the same length before tokenising.
 */
const NAME_PATTERNS: readonly RegExp[] = [/S&P 500/g, /\b(?:2|10)-year\b/g];

const SCALE: Readonly<Record<string, number>> = {
  K: 1e3,
  M: 1e6,
  B: 1e9,
  T: 1e12,
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  trillion: 1e12,
};

const MONTHS = MONTH_NAMES.join('|');
/** Grouped thousands (1,234,567.8) or plain digits (1234.5). */
const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const TOKEN_RE = new RegExp(
  [
    `(?<monthName>${MONTHS}) (?<mday>\\d{1,2})(?:, (?<myear>\\d{4}))?\\b`,
    `\\b(?<iy>\\d{4})-(?<im>\\d{2})-(?<id>\\d{2})\\b`,
    `\\b(?<hh>\\d{2}):(?<mm>\\d{2}) UTC\\b`,
    `(?<usign>[+\\-−])?\\$(?<unum>${NUMBER})(?:\\s?(?<uscale>K|M|B|T|thousand|million|billion|trillion)\\b)?`,
    `(?<![\\p{L}\\d.,])(?<nsign>[+\\-−])?(?<num>${NUMBER})(?<nsuffix>\\s?%|\\s?bp\\b|\\s?×|x\\b|st\\b|nd\\b|rd\\b|th\\b)?`,
  ].join('|'),
  'gu',
);

function maskNames(text: string): string {
  return NAME_PATTERNS.reduce((t, re) => t.replace(re, (m) => m.replace(/\d/g, '#')), text);
}

/** Markdown link and image targets are addresses, not prose. */
function maskLinkTargets(text: string): string {
  return text.replace(/\]\(([^)]*)\)/g, (m) => m.replace(/\d/g, '#'));
}

function stepOf(digits: string): number {
  const point = digits.indexOf('.');
  return point < 0 ? 1 : 10 ** -(digits.length - point - 1);
}

const FALLING = [
  'fell',
  'falls',
  'fall',
  'dropped',
  'drops',
  'declined',
  'declines',
  'slid',
  'slides',
  'sank',
  'sinks',
  'down',
];
const RISING = [
  'rose',
  'rises',
  'rise',
  'gained',
  'gains',
  'climbed',
  'climbs',
  'jumped',
  'jumps',
  'rallied',
  'rallies',
  'up',
];
/** A movement verb (optionally followed by "by") that ends right where a number starts. */
const MOVEMENT_BEFORE = new RegExp(`\\b(${[...FALLING, ...RISING].join('|')})(?: by)? $`, 'i');

function directionBefore(text: string, index: number): -1 | 0 | 1 {
  const verb = MOVEMENT_BEFORE.exec(text.slice(Math.max(0, index - 24), index))?.[1];
  if (verb === undefined) return 0;
  return FALLING.includes(verb.toLowerCase()) ? -1 : 1;
}

function signOf(sign: string | undefined): -1 | 0 | 1 {
  if (sign === undefined) return 0;
  return sign === '+' ? 1 : -1;
}

function numberKind(suffix: string | undefined): NumberToken['kind'] {
  const s = (suffix ?? '').trim();
  if (s === '%') return 'percent';
  if (s === 'bp') return 'bp';
  if (s === '×' || s === 'x') return 'x';
  if (s === '') return 'number';
  return 'ordinal';
}

function toToken(match: RegExpExecArray, text: string): Token {
  const g = match.groups ?? {};
  const base = { text: match[0], index: match.index };
  if (g['monthName'] !== undefined) {
    const month = MONTH_NAMES.indexOf(g['monthName']) + 1;
    const year = g['myear'] === undefined ? undefined : Number(g['myear']);
    return { ...base, kind: 'date', month, day: Number(g['mday']), year };
  }
  if (g['iy'] !== undefined) {
    return {
      ...base,
      kind: 'date',
      month: Number(g['im']),
      day: Number(g['id']),
      year: Number(g['iy']),
    };
  }
  if (g['hh'] !== undefined) return { ...base, kind: 'time', hhmm: `${g['hh']}:${g['mm']}` };
  if (g['unum'] !== undefined) {
    const scale = SCALE[g['uscale'] ?? ''] ?? 1;
    const digits = g['unum'].replace(/,/g, '');
    const sign = signOf(g['usign']);
    return {
      ...base,
      kind: 'usd',
      magnitude: Number(digits) * scale,
      step: stepOf(digits) * scale,
      sign,
      direction: sign === 0 ? directionBefore(text, match.index) : 0,
      maybeYear: false,
    };
  }
  const raw = g['num'] ?? '';
  const digits = raw.replace(/,/g, '');
  const magnitude = Number(digits);
  const sign = signOf(g['nsign']);
  return {
    ...base,
    kind: numberKind(g['nsuffix']),
    magnitude,
    step: stepOf(digits),
    sign,
    direction: sign === 0 ? directionBefore(text, match.index) : 0,
    maybeYear: /^\d{4}$/.test(raw) && magnitude >= 1990 && magnitude <= 2100,
  };
}

/** All numeric tokens of `text`, in order. */
export function numericTokens(text: string): Token[] {
  const masked = maskLinkTargets(maskNames(text));
  return [...masked.matchAll(TOKEN_RE)].map((m) => {
    const token = toToken(m, masked);
    return { ...token, text: text.slice(token.index, token.index + m[0].length) };
  });
}
