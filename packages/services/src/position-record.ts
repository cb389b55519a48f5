/**
 * The position record of `liq-price` and `stress` (the schema of the published liquidation
 * vectors): parsed with zod at the edge, then mapped to the core's PositionSpec.
 */
import type { PositionSpec, VenueId } from '@cascade/core';
import { z } from 'zod';

const VENUE_ALIASES: Readonly<Record<string, VenueId>> = {
  binance: 'binance',
  bybit: 'bybit',
  okx: 'okx',
  bitmex: 'bitmex',
  hyperliquid: 'hyperliquid',
  'dydx v4': 'dydx',
  dydx: 'dydx',
  gate: 'gate',
  'gate.io': 'gate',
  phemex: 'phemex',
};

const positive = z.number().positive();
const nonNegative = z.number().nonnegative();
const finite = z.number();

const venue = z.string().transform((name, ctx) => {
  const id = VENUE_ALIASES[name.trim().toLowerCase()];
  if (id === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `unknown venue "${name}" (known: ${Object.keys(VENUE_ALIASES).join(', ')})`,
    });
    return z.NEVER;
  }
  return id;
});

const crossPosition = z.object({
  symbol: z.string(),
  side: z.enum(['long', 'short']),
  quantity: positive,
  entryPrice: positive,
  markPrice: positive,
  mmr: nonNegative,
  maintenanceAmount: finite.optional(),
  contractSize: positive.optional(),
});

export const positionRecordSchema = z.object({
  exchange: venue,
  contract: z.enum(['linear', 'inverse']),
  marginMode: z.enum(['isolated', 'cross']),
  side: z.enum(['long', 'short']),
  symbol: z.string().default(''),
  entryPrice: positive.nullable(),
  markPrice: positive.optional(),
  quantity: positive,
  contractSize: positive.optional(),
  walletBalance: finite.optional(),
  initialMargin: nonNegative.optional(),
  orderMargin: nonNegative.optional(),
  leverage: positive.nullable().optional(),
  maxLeverage: positive.optional(),
  mmr: nonNegative.max(1).optional(),
  maintenanceAmount: finite.optional(),
  takerFeeRate: nonNegative.max(0.1).optional(),
  otherPositions: z.array(crossPosition).optional(),
  TMM1: nonNegative.optional(),
  UPNL1: finite.optional(),
  bankruptcyAdjustmentPpm: nonNegative.optional(),
  spreadToMaintenanceMarginRatioPpm: nonNegative.optional(),
});

export type PositionRecord = z.infer<typeof positionRecordSchema>;

export const positionRecordsSchema = z.array(positionRecordSchema);

/** Maps a validated record to the core type (dropping absent optionals). */
export function toPositionSpec(record: PositionRecord): PositionSpec {
  const { exchange, TMM1, UPNL1, otherPositions, ...rest } = record;
  const spec: Record<string, unknown> = { venue: exchange };
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) spec[key] = value;
  if (TMM1 !== undefined) spec['otherMaintenanceMargin'] = TMM1;
  if (UPNL1 !== undefined) spec['otherUnrealizedPnl'] = UPNL1;
  if (otherPositions !== undefined) {
    spec['otherPositions'] = otherPositions.map((leg) =>
      Object.fromEntries(Object.entries(leg).filter(([, value]) => value !== undefined)),
    );
  }
  return spec as unknown as PositionSpec;
}

export interface RecordIssue {
  readonly index: number | null;
  readonly field: string;
  readonly message: string;
}

export function formatIssue(source: string, issue: RecordIssue): string {
  const where = issue.index === null ? source : `${source}: record ${issue.index}`;
  return `${where}: field "${issue.field}": ${issue.message}`;
}

/** Parses JSON text into position specs, or the first problem found (index + field). */
export function parsePositionRecords(
  text: string,
): { ok: true; specs: PositionSpec[] } | { ok: false; issue: RecordIssue } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, issue: { index: null, field: '(file)', message: `bad JSON: ${message}` } };
  }
  const parsed = positionRecordsSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const path = first?.path ?? [];
    const index = typeof path[0] === 'number' ? path[0] : null;
    const field = path.slice(index === null ? 0 : 1).join('.') || '(record)';
    return { ok: false, issue: { index, field, message: first?.message ?? 'invalid' } };
  }
  return { ok: true, specs: parsed.data.map(toPositionSpec) };
}
