import { z } from 'zod';
import type { EventCatalogEntry, FedWatchReading } from '@cascade/core';

const nullableNumber = z.number().nullable();

const eventSchema = z.array(
  z.object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    window: z.string().min(1),
    totalLiquidatedUsd: nullableNumber,
    longSharePct: nullableNumber,
    btcFrom: nullableNumber,
    btcTo: nullableNumber,
    tradersLiquidated: nullableNumber,
    notes: z.string(),
    source: z.string(),
    confidence: z.string(),
  }),
);

const fedwatchSchema = z.array(
  z.object({
    asOfDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    meetingDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    probabilities: z.record(z.string().regex(/^\d+-\d+$/), z.number().min(0).max(1)),
    source: z.string(),
  }),
);

export type JsonParse<T> = { ok: true; rows: T[] } | { ok: false; path: string; reason: string };

function fail(error: z.ZodError): { ok: false; path: string; reason: string } {
  const issue = error.issues[0];
  const path = (issue?.path ?? []).map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`));
  return { ok: false, path: path.join(''), reason: issue?.message ?? 'invalid' };
}

export function parseEventCatalog(json: unknown): JsonParse<EventCatalogEntry> {
  const parsed = eventSchema.safeParse(json);
  if (!parsed.success) return fail(parsed.error);
  return {
    ok: true,
    rows: parsed.data.map((e) => ({
      date: e.date,
      windowLabel: e.window,
      totalLiquidatedUsd: e.totalLiquidatedUsd,
      longSharePct: e.longSharePct,
      btcFromUsd: e.btcFrom,
      btcToUsd: e.btcTo,
      tradersLiquidated: e.tradersLiquidated,
      notes: e.notes,
      source: e.source,
      confidence: e.confidence,
    })),
  };
}

export function parseFedWatch(json: unknown): JsonParse<FedWatchReading> {
  const parsed = fedwatchSchema.safeParse(json);
  if (!parsed.success) return fail(parsed.error);
  const rows = new Map<string, FedWatchReading>();
  for (const r of parsed.data) {
    for (const [range, probability] of Object.entries(r.probabilities)) {
      const [lower = 0, upper = 0] = range.split('-').map(Number);
      const row = {
        asOfDate: r.asOfDate,
        meetingDate: r.meetingDate,
        lowerBps: lower,
        upperBps: upper,
        probability,
        source: r.source,
      };
      // A later reading from the same source on the same day supersedes the earlier one.
      rows.set(`${r.asOfDate}|${r.meetingDate}|${lower}|${r.source}`, row);
    }
  }
  return { ok: true, rows: [...rows.values()] };
}
