import { repoRoot } from '@cascade/services';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** One event of data/events/historical-events.json (reported 24 h totals with sources). */
export interface CatalogEvent {
  readonly date: string;
  readonly window: string;
  readonly totalLiquidatedUsd: number | null;
  readonly longSharePct: number | null;
  readonly tradersLiquidated: number | null;
  readonly notes: string;
  readonly source: string;
}

const eventSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  window: z.string(),
  totalLiquidatedUsd: z.number().nonnegative().nullable(),
  longSharePct: z.number().min(0).max(100).nullable().optional(),
  tradersLiquidated: z.number().int().nonnegative().nullable().optional(),
  notes: z.string().optional(),
  source: z.string(),
});

export const CATALOG_FILE = 'data/events/historical-events.json';

/** The event catalog; errors name the file and the JSON path. */
export async function loadCatalog(): Promise<CatalogEvent[]> {
  const text = await readFile(join(repoRoot(), CATALOG_FILE), 'utf8');
  const parsed = z.array(eventSchema).safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${CATALOG_FILE}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.map((e) => ({
    date: e.date,
    window: e.window,
    totalLiquidatedUsd: e.totalLiquidatedUsd,
    longSharePct: e.longSharePct ?? null,
    tradersLiquidated: e.tradersLiquidated ?? null,
    notes: e.notes ?? '',
    source: e.source,
  }));
}
