/** Calendar helpers on ISO `YYYY-MM-DD` strings. Pure: no clock, no time zone. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export interface YearMonthDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Parses `YYYY-MM-DD`; returns undefined when the string is not a real calendar date. */
export function parseIsoDate(text: string): YearMonthDay | undefined {
  const match = ISO_DATE.exec(text);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function isIsoDate(text: string): boolean {
  return parseIsoDate(text) !== undefined;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Months since year 0: year·12 + (month − 1). Consecutive months differ by 1. */
export function monthIndex(year: number, month: number): number {
  return year * 12 + (month - 1);
}

export function monthOfIndex(index: number): { readonly year: number; readonly month: number } {
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** Days since 1970-01-01 (UTC) of an ISO date; NaN when invalid. */
export function dayNumber(text: string): number {
  const parsed = parseIsoDate(text);
  if (parsed === undefined) return Number.NaN;
  return Date.UTC(parsed.year, parsed.month - 1, parsed.day) / MS_PER_DAY;
}

/** ISO date of a day number (inverse of {@link dayNumber}). */
export function isoOfDayNumber(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Adds calendar days to an ISO date. */
export function addDays(text: string, days: number): string {
  return isoOfDayNumber(dayNumber(text) + days);
}

/** Day of month of the n-th Sunday (n ≥ 1) of a month. */
function nthSunday(year: number, month: number, n: number): number {
  const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  return 1 + ((7 - firstWeekday) % 7) + 7 * (n - 1);
}

/**
 * UTC epoch ms of the New York cash close (16:00 America/New_York) on an ISO date: 20:00 UTC
 * under daylight time (second Sunday of March to first Sunday of November, the US rule since
 * 2007), else 21:00 UTC. NaN for an invalid date.
 */
export function newYorkCloseUtcMs(text: string): number {
  const ymd = parseIsoDate(text);
  if (ymd === undefined) return Number.NaN;
  const { year, month, day } = ymd;
  const dstStart = nthSunday(year, 3, 2);
  const dstEnd = nthSunday(year, 11, 1);
  const daylight =
    (month > 3 && month < 11) || (month === 3 && day >= dstStart) || (month === 11 && day < dstEnd);
  return Date.UTC(year, month - 1, day, daylight ? 20 : 21);
}
