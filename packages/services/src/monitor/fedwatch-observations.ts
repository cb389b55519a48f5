import type { DuckDbMarketStore } from '@cascade/adapters';
import { addDays, type FedWatchObservation } from '@cascade/analytics';
import { storeSource } from '../macro-source.js';
import { computeFedWatch, defaultDayCount, loadFedWatchData } from '../reports/fedwatch.js';

/** Daily readings are known after the US close: stamped 21:00 UTC of their date (as in replay). */
const US_CLOSE_OFFSET_MS = 21 * 3_600_000;
export const COMPUTED_FEDWATCH_SOURCE = 'computed: CME method on stored ZQ settles';

/**
 * FedWatch probabilities COMPUTED from the stored 30-day fed funds futures (docs/fedwatch.md) for
 * every settle date in [fromDate, toDate]: one observation per meeting and target range, for the
 * fedwatch-shift rule (alongside the published readings of `fedwatch_readings`).
 */
export async function fedWatchObservations(
  store: DuckDbMarketStore,
  fromDate: string,
  toDate: string,
): Promise<FedWatchObservation[]> {
  const data = await loadFedWatchData(storeSource(store, 'market store'));
  const dates = [...new Set(data.settles.map((s) => s.date))]
    .filter((d) => d >= fromDate && d <= toDate)
    .sort();
  return dates.flatMap((date) => {
    const computed = computeFedWatch(data, date, defaultDayCount(date));
    if (computed === undefined) return [];
    const tsMs = Date.parse(`${date}T00:00:00Z`) + US_CLOSE_OFFSET_MS;
    return computed.result.meetings.flatMap((m) =>
      m.ranges.map((r) => ({
        kind: 'fedwatch' as const,
        tsMs,
        asOfDate: date,
        meetingDate: m.date,
        range: r.range,
        probability: r.probability,
        basis: 'computed' as const,
        source: COMPUTED_FEDWATCH_SOURCE,
      })),
    );
  });
}

/** The warm-up start of a replay from `fromMs`: the day-over-day baseline needs earlier settles. */
export const fedWatchWarmupDate = (fromMs: number): string =>
  addDays(new Date(fromMs).toISOString().slice(0, 10), -14);
