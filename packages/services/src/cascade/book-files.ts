/**
 * Order-book files → the simulator's book: Binance historical depth snapshots, Tardis
 * `book_snapshot_25`, and Binance `bookDepth` ±1..5% bands. Every row is validated; errors name
 * the file, line and column.
 */
import { fitDepthCurve, type PriceLevel } from '@cascade/core';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

export class DataFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataFormatError';
  }
}

export interface CsvTable {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export function readCsv(file: string): CsvTable {
  const raw = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const [header = '', ...lines] = text.split(/\r?\n/).filter((line) => line.length > 0);
  return { file, header: header.split(','), rows: lines.map((line) => line.split(',')) };
}

/** A finite number from row `r` (0-based data row) and column `name`, or a located error. */
export function numberAt(table: CsvTable, r: number, name: string): number {
  const column = table.header.indexOf(name);
  if (column < 0) throw new DataFormatError(`${table.file}: missing column "${name}"`);
  const cell = table.rows[r]?.[column] ?? '';
  const value = Number(cell);
  if (cell.trim() === '' || !Number.isFinite(value)) {
    throw new DataFormatError(`${table.file}:${r + 2}: column "${name}": not a number: "${cell}"`);
  }
  return value;
}

function cellAt(table: CsvTable, r: number, name: string): string {
  const column = table.header.indexOf(name);
  if (column < 0) throw new DataFormatError(`${table.file}: missing column "${name}"`);
  return table.rows[r]?.[column] ?? '';
}

/** Binance `symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu` rows. */
export function binanceDepthSnapshot(file: string): { bids: PriceLevel[]; asks: PriceLevel[] } {
  const table = readCsv(file);
  const bids: PriceLevel[] = [];
  const asks: PriceLevel[] = [];
  table.rows.forEach((_, r) => {
    const side = cellAt(table, r, 'side');
    const level = { priceUsd: numberAt(table, r, 'price'), qty: numberAt(table, r, 'qty') };
    if (side === 'b') bids.push(level);
    else if (side === 'a') asks.push(level);
    else
      throw new DataFormatError(
        `${file}:${r + 2}: column "side": expected "a" or "b", got "${side}"`,
      );
  });
  if (bids.length === 0 || asks.length === 0) {
    throw new DataFormatError(`${file}: a snapshot needs both bid and ask rows`);
  }
  return { bids, asks };
}

/** One row of a Tardis `book_snapshot_25` file. */
export function tardisSnapshot(
  file: string,
  row: number,
): { bids: PriceLevel[]; asks: PriceLevel[] } {
  const table = readCsv(file);
  if (row >= table.rows.length)
    throw new DataFormatError(`${file}: has ${table.rows.length} rows, asked for row ${row}`);
  const side = (name: 'bids' | 'asks'): PriceLevel[] => {
    const levels: PriceLevel[] = [];
    for (let k = 0; table.header.includes(`${name}[${k}].price`); k++) {
      levels.push({
        priceUsd: numberAt(table, row, `${name}[${k}].price`),
        qty: numberAt(table, row, `${name}[${k}].amount`),
      });
    }
    return levels;
  };
  return { bids: side('bids'), asks: side('asks') };
}

/** One `bookDepth` snapshot: its cumulative bands (percent from mid → depth, notional, price). */
export interface DepthSnapshot {
  readonly at: string;
  readonly ms: number;
  readonly bands: readonly {
    readonly pct: number;
    readonly depth: string;
    readonly notional: number;
    readonly notionalCell: string;
    readonly weightedPrice: number;
  }[];
}

/** Why a snapshot cannot be trusted: bands whose values repeat an earlier snapshot's, or crossed. */
export interface SnapshotDefect {
  /** Bands (percent) whose depth and notional repeat, to the last digit, an earlier snapshot's. */
  readonly frozenBands: readonly number[];
  /** A bid band's weighted price is at or above an ask band's (stale values). */
  readonly crossed: boolean;
}

const stampMs = (stamp: string): number => Date.parse(`${stamp.replace(' ', 'T')}Z`);

/** The snapshots of a `bookDepth` table, oldest first. */
export function depthSnapshots(table: CsvTable): DepthSnapshot[] {
  const byStamp = new Map<string, DepthSnapshot['bands'][number][]>();
  table.rows.forEach((_, r) => {
    const at = cellAt(table, r, 'timestamp');
    const bands = byStamp.get(at) ?? [];
    bands.push({
      pct: numberAt(table, r, 'percentage'),
      depth: cellAt(table, r, 'depth'),
      notional: numberAt(table, r, 'notional'),
      notionalCell: cellAt(table, r, 'notional'),
      weightedPrice: table.header.includes('weighted_avg_price')
        ? numberAt(table, r, 'weighted_avg_price')
        : Number.NaN,
    });
    byStamp.set(at, bands);
  });
  return [...byStamp]
    .map(([at, bands]) => ({ at, ms: stampMs(at), bands }))
    .sort((a, b) => a.ms - b.ms);
}

/**
 * Vendor-frozen snapshots (cascades.md 1.3: 6.3–22% of 2025 Binance bookDepth snapshots repeat
 * stale values): a band whose depth and notional cells are identical to that band's in any
 * earlier snapshot of the file is frozen (a live book within ±1..5% never repeats to the last
 * digit), and a snapshot whose bid-band weighted price reaches an ask band's is crossed.
 */
export function bookDepthDefects(snapshots: readonly DepthSnapshot[]): Map<string, SnapshotDefect> {
  const seen = new Map<number, Set<string>>();
  const defects = new Map<string, SnapshotDefect>();
  for (const snapshot of snapshots) {
    const frozenBands: number[] = [];
    for (const band of snapshot.bands) {
      const key = `${band.depth}|${band.notionalCell}`;
      const earlier = seen.get(band.pct) ?? new Set<string>();
      if (earlier.has(key)) frozenBands.push(band.pct);
      earlier.add(key);
      seen.set(band.pct, earlier);
    }
    const bidPrices = snapshot.bands.filter((b) => b.pct < 0).map((b) => b.weightedPrice);
    const askPrices = snapshot.bands.filter((b) => b.pct > 0).map((b) => b.weightedPrice);
    const crossed =
      bidPrices.length > 0 &&
      askPrices.length > 0 &&
      Math.max(...bidPrices) >= Math.min(...askPrices);
    if (frozenBands.length > 0 || crossed)
      defects.set(snapshot.at, { frozenBands: frozenBands.sort((a, b) => a - b), crossed });
  }
  return defects;
}

const describeDefect = (d: SnapshotDefect): string =>
  [
    d.frozenBands.length > 0
      ? `bands ${d.frozenBands.map((b) => `${b > 0 ? '+' : ''}${b}%`).join(', ')} repeat values of earlier snapshots (frozen)`
      : '',
    d.crossed ? 'bid and ask bands cross (stale)' : '',
  ]
    .filter((t) => t !== '')
    .join('; ');

/** What to do when the snapshot nearest the requested time is frozen. */
export type FrozenSnapshotPolicy = 'nearest-clean' | 'refuse';

export interface BookDepthFit {
  /** The snapshot the curves were fitted to. */
  readonly at: string;
  /** The snapshot nearest the requested time, and why it was not used (null when it was). */
  readonly nearest: string;
  readonly nearestDefect: string | null;
  /** Snapshots in the file and how many of them are frozen or crossed. */
  readonly snapshots: number;
  readonly defective: number;
  readonly bid: { depthUsdWithin1Pct: number; kappa: number; r2: number };
  readonly askToBidRatio: number;
}

/**
 * Depth curves fitted to the ±1..5% bands of the bookDepth snapshot nearest `timestamp`. A
 * frozen or crossed snapshot (bookDepthDefects) is never fitted: with `frozen: 'refuse'` it is
 * an error naming the snapshot and its bands; by default the nearest clean snapshot is used and
 * the result says which and why.
 */
export function binanceBookDepth(
  file: string,
  timestamp: string,
  frozen: FrozenSnapshotPolicy = 'nearest-clean',
): BookDepthFit {
  const table = readCsv(file);
  const target = stampMs(timestamp);
  if (Number.isNaN(target))
    throw new DataFormatError(`scenario: book.timestamp: not a time: "${timestamp}"`);
  const snapshots = depthSnapshots(table);
  const defects = bookDepthDefects(snapshots);
  const byDistance = (a: DepthSnapshot, b: DepthSnapshot): number =>
    Math.abs(a.ms - target) - Math.abs(b.ms - target) || a.ms - b.ms;
  const nearest = [...snapshots].sort(byDistance)[0];
  if (nearest === undefined) throw new DataFormatError(`${file}: no bookDepth snapshots`);
  const nearestDefect = defects.get(nearest.at);
  let used = nearest;
  if (nearestDefect !== undefined) {
    const why = `${file}: bookDepth snapshot ${nearest.at} (nearest ${timestamp}): ${describeDefect(nearestDefect)}`;
    if (frozen === 'refuse') throw new DataFormatError(`${why}; refused (book.frozen is "refuse")`);
    const clean = snapshots.filter((s) => !defects.has(s.at)).sort(byDistance)[0];
    if (clean === undefined) throw new DataFormatError(`${why}; no clean snapshot in the file`);
    used = clean;
  }
  const bands = used.bands.map((b) => ({ pct: b.pct, cumulativeUsd: b.notional }));
  const bid = fitDepthCurve(
    bands.filter((b) => b.pct < 0).map((b) => ({ pct: -b.pct, cumulativeUsd: b.cumulativeUsd })),
  );
  const ask = fitDepthCurve(bands.filter((b) => b.pct > 0));
  return {
    at: used.at,
    nearest: nearest.at,
    nearestDefect: nearestDefect === undefined ? null : describeDefect(nearestDefect),
    snapshots: snapshots.length,
    defective: defects.size,
    bid,
    askToBidRatio: ask.depthUsdWithin1Pct / bid.depthUsdWithin1Pct,
  };
}
