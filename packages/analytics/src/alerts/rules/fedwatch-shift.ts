import { Latches } from '../latch.js';
import type { FedWatchShiftRule } from '../rule-specs.js';
import type { RuleEvaluator } from '../types.js';

interface Track {
  date: string;
  probability: number;
  /** Last probability of the most recent earlier as-of date. */
  previous: { date: string; probability: number } | null;
}

/**
 * FedWatch probability shift: a reading compared with the last reading of the previous as-of date
 * for the same meeting and range; fires once per day and direction when it moved ≥ N points.
 */
export function fedWatchShiftRule(spec: FedWatchShiftRule): RuleEvaluator {
  const tracks = new Map<string, Track>();
  const latches = new Latches();
  return {
    observe(o) {
      if (o.kind !== 'fedwatch') return [];
      if (spec.meeting !== undefined && o.meetingDate !== spec.meeting) return [];
      if (spec.range !== undefined && o.range !== spec.range) return [];
      const id = `${o.meetingDate}|${o.range}|${o.basis}`;
      const track = tracks.get(id);
      if (track === undefined) {
        tracks.set(id, { date: o.asOfDate, probability: o.probability, previous: null });
        return [];
      }
      if (o.asOfDate < track.date) return [];
      if (o.asOfDate > track.date) {
        track.previous = { date: track.date, probability: track.probability };
        track.date = o.asOfDate;
      }
      track.probability = o.probability;
      if (track.previous === null) return [];
      const points = (o.probability - track.previous.probability) * 100;
      const direction = points >= 0 ? 'up' : 'down';
      const on =
        Math.abs(points) >= spec.shiftPoints &&
        (spec.direction === 'both' || spec.direction === direction);
      const key = `${id}|${o.asOfDate}|${direction}`;
      if (!latches.step(key, on, false)) return [];
      return [
        {
          key,
          message: `FedWatch (${o.basis}): P(${o.range} bp after the ${o.meetingDate} FOMC) ${direction === 'up' ? 'rose' : 'fell'} ${Math.abs(points).toFixed(1)} points to ${(o.probability * 100).toFixed(1)}% on ${o.asOfDate} (from ${(track.previous.probability * 100).toFixed(1)}% on ${track.previous.date})`,
          values: {
            meetingDate: o.meetingDate,
            range: o.range,
            asOfDate: o.asOfDate,
            probability: o.probability,
            previousProbability: track.previous.probability,
            previousDate: track.previous.date,
            shiftPoints: points,
            basis: o.basis,
            source: o.source,
          },
        },
      ];
    },
  };
}
