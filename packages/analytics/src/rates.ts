/** Equities and the rate path: first-cut event study. */

export interface EventPath {
  /** Offsets in trading days relative to the event (0 = the last trading day on or before it). */
  readonly offsets: Int32Array;
  /** Close / close at offset 0 − 1. */
  readonly relative: Float64Array;
  /** Offset of the lowest close in the window, and its level relative to offset 0. */
  readonly lowOffset: number;
  readonly lowRelative: number;
  /** True when the window's lowest close came before the event day (offset < 0). */
  readonly bottomedBefore: boolean;
  /** True when the low is the window's first close: the series only rose into the event. */
  readonly lowAtWindowStart: boolean;
}

/**
 * Path of a daily series around an event date, `before`/`after` observations either side. The
 * anchor is the last observation dated on or before the event. Returns undefined when the window
 * does not fit in the data.
 */
export function eventPath(
  dates: readonly string[],
  close: Float64Array,
  eventDate: string,
  before: number,
  after: number,
): EventPath | undefined {
  let anchor = -1;
  for (let i = 0; i < dates.length; i++) {
    if ((dates[i] ?? '') <= eventDate) anchor = i;
    else break;
  }
  if (anchor < before || anchor + after >= dates.length) return undefined;
  const length = before + after + 1;
  const offsets = new Int32Array(length);
  const relative = new Float64Array(length);
  const base = close[anchor] ?? Number.NaN;
  let lowOffset = 0;
  let low = Number.POSITIVE_INFINITY;
  for (let k = 0; k < length; k++) {
    const value = close[anchor - before + k] ?? Number.NaN;
    offsets[k] = k - before;
    relative[k] = value / base - 1;
    if (value < low) {
      low = value;
      lowOffset = k - before;
    }
  }
  return {
    offsets,
    relative,
    lowOffset,
    lowRelative: low / base - 1,
    bottomedBefore: lowOffset < 0,
    lowAtWindowStart: lowOffset === -before,
  };
}

/** Value of a path at an offset (NaN when outside). */
export function pathAt(path: EventPath, offset: number): number {
  const first = path.offsets[0] ?? 0;
  return path.relative[offset - first] ?? Number.NaN;
}
