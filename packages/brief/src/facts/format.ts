import type { Fact } from './fact.js';

export interface FormatOptions {
  /** Digits after the point; clamped so the printed step is never finer than the fact's. */
  readonly decimals?: number;
  /** Print `+`/`−`; otherwise the magnitude is printed and the prose carries the direction. */
  readonly signed?: boolean;
  /** USD: K/M/B suffix (default for values of 1,000,000 and more; prices print in full). */
  readonly compact?: boolean;
  /** Dates: `long` November 21, 2025; `short` November 21; `iso` 2025-11-21. */
  readonly dateStyle?: 'long' | 'short' | 'iso';
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export const MONTH_NAMES: readonly string[] = MONTHS;

const SUFFIXES = [
  { suffix: 'B', scale: 1e9 },
  { suffix: 'M', scale: 1e6 },
  { suffix: 'K', scale: 1e3 },
] as const;

/** Decimals of a step (0.01 → 2, 1 → 0, 1000 → 0). */
export function decimalsOf(step: number): number {
  return step >= 1 ? 0 : Math.max(0, Math.round(-Math.log10(step)));
}

/** `1234.5` → `1,234.50` with `decimals` digits. */
export function groupDigits(value: number, decimals: number): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: true,
  });
}

function signOf(value: number, signed: boolean | undefined, printed: string): string {
  if (signed !== true || !/[1-9]/.test(printed)) return '';
  return value > 0 ? '+' : value < 0 ? '−' : '';
}

/** Rounds to a step coarser than or equal to the fact's stated step. */
function clampDecimals(wanted: number | undefined, stepPrinted: number, fallback: number): number {
  const finest = decimalsOf(stepPrinted);
  return Math.min(wanted ?? fallback, finest);
}

/** The K/M/B unit for a magnitude, coarsened until the fact's step fits in whole digits. */
function compactUnit(magnitude: number, stepPrinted: number): { suffix: string; scale: number } {
  const units = [{ suffix: '', scale: 1 }, ...[...SUFFIXES].reverse()];
  let index = units.findLastIndex((u) => magnitude >= u.scale);
  index = Math.max(index, 0);
  while (stepPrinted / (units[index]?.scale ?? 1) > 1 && index < units.length - 1) index += 1;
  return units[index] ?? { suffix: '', scale: 1 };
}

function formatUsd(fact: Fact & { value: number }, options: FormatOptions): string {
  const magnitude = Math.abs(fact.value);
  const compact = (options.compact ?? magnitude >= 1_000_000) || fact.stepPrinted > 1;
  if (compact) {
    const unit = compactUnit(magnitude, fact.stepPrinted);
    const scaled = magnitude / unit.scale;
    const fallback = scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2;
    const decimals = clampDecimals(options.decimals, fact.stepPrinted / unit.scale, fallback);
    // Compact amounts drop trailing zeros ($86.0K → $86K) unless digits were asked for.
    const grouped = groupDigits(scaled, decimals);
    const text =
      options.decimals === undefined && grouped.includes('.')
        ? grouped.replace(/\.?0+$/, '')
        : grouped;
    return `${signOf(fact.value, options.signed, text)}$${text}${unit.suffix}`;
  }
  const decimals = clampDecimals(options.decimals, fact.stepPrinted, magnitude >= 1000 ? 0 : 2);
  const text = groupDigits(magnitude, decimals);
  return `${signOf(fact.value, options.signed, text)}$${text}`;
}

function formatPlain(
  fact: Fact & { value: number },
  options: FormatOptions,
  scale: number,
  suffix: string,
): string {
  const magnitude = Math.abs(fact.value) * scale;
  const decimals = clampDecimals(options.decimals, fact.stepPrinted, decimalsOf(fact.stepPrinted));
  const text = groupDigits(magnitude, decimals);
  return `${signOf(fact.value, options.signed, text)}${text}${suffix}`;
}

function formatDate(iso: string, style: FormatOptions['dateStyle']): string {
  if (style === 'iso') return iso;
  const [year, month, day] = iso.split('-').map(Number);
  const monthName = MONTHS[(month ?? 1) - 1] ?? 'January';
  return style === 'short' ? `${monthName} ${day}` : `${monthName} ${day}, ${year}`;
}

/** Prints a fact under its stated rounding. */
export function formatFact(fact: Fact, options: FormatOptions = {}): string {
  if (typeof fact.value === 'string') {
    if (fact.unit === 'datetime') return `${fact.value.slice(11, 16)} UTC`;
    return formatDate(fact.value, options.dateStyle ?? 'long');
  }
  const numeric = fact as Fact & { value: number };
  switch (fact.unit) {
    case 'USD':
      return formatUsd(numeric, options);
    case 'fraction':
      return formatPlain(numeric, options, 100, '%');
    case 'bp':
      return formatPlain(numeric, options, 1, ' bp');
    case 'x':
      return formatPlain(numeric, options, 1, '×');
    case 'points':
    case 'count':
    case 'ratio':
    case 'date':
    case 'datetime':
      return formatPlain(numeric, options, 1, '');
  }
}
