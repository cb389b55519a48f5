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

/** Depth curves fitted to the ±1..5% bands of the bookDepth snapshot nearest `timestamp`. */
export function binanceBookDepth(
  file: string,
  timestamp: string,
): {
  at: string;
  bid: { depthUsdWithin1Pct: number; kappa: number; r2: number };
  askToBidRatio: number;
} {
  const table = readCsv(file);
  const stamps = [...new Set(table.rows.map((_, r) => cellAt(table, r, 'timestamp')))];
  const target = Date.parse(`${timestamp.replace(' ', 'T')}Z`);
  if (Number.isNaN(target))
    throw new DataFormatError(`scenario: book.timestamp: not a time: "${timestamp}"`);
  const nearest = stamps.reduce((best, stamp) =>
    Math.abs(Date.parse(`${stamp.replace(' ', 'T')}Z`) - target) <
    Math.abs(Date.parse(`${best.replace(' ', 'T')}Z`) - target)
      ? stamp
      : best,
  );
  const bands = table.rows.flatMap((_, r) =>
    cellAt(table, r, 'timestamp') === nearest
      ? [{ pct: numberAt(table, r, 'percentage'), cumulativeUsd: numberAt(table, r, 'notional') }]
      : [],
  );
  const bid = fitDepthCurve(
    bands.filter((b) => b.pct < 0).map((b) => ({ pct: -b.pct, cumulativeUsd: b.cumulativeUsd })),
  );
  const ask = fitDepthCurve(bands.filter((b) => b.pct > 0));
  return { at: nearest, bid, askToBidRatio: ask.depthUsdWithin1Pct / bid.depthUsdWithin1Pct };
}
