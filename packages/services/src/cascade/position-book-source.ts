/**
 * The scenario position source `position-book` (docs/scenario.md): the fitted liquidation
 * model's live map at the end of a day, read from the market store (storeHeatmap), and the
 * positions drawn from it (core `positionsFromBook`). Reading is async and needs the store;
 * drawing is pure, so the maps read here can be handed to a worker thread.
 */
import {
  createRng,
  positionsFromBook,
  type LiquidationCells,
  type PositionSpec,
} from '@cascade/core';
import { InputError, storeHeatmap, type HeatmapStore } from '../heatmap-input.js';
import { loadLiquidationModel } from '../liquidation-model.js';
import { withStore } from '../market-store.js';
import { DataFormatError } from './book-files.js';
import type { PositionBookSource, Scenario } from './scenario-schema.js';

const DAY_MS = 86_400_000;
/** The model's bar (data/models/liquidation-model-btc-usdt-1h.json: barMs 3,600,000). */
const TIMEFRAME = '1h';

/** One source's live map as read from the store (plain data: structured-clone safe). */
export interface BookRead {
  /** Index of the source in `scenario.positions`. */
  readonly source: number;
  readonly map: LiquidationCells;
  readonly modelVersion: string;
  /** One line naming the model and its training window. */
  readonly modelLabel: string;
  readonly firstBarMs: number;
  readonly lastBarMs: number;
  readonly lastCloseUsd: number;
  /** Stored open interest at the last bar (USD). */
  readonly openInterestUsd: number;
  /** Which open interest the book ran on when not hourly throughout (daily carried forward), else null. */
  readonly openInterestNote: string | null;
}

/** What a position-book source put into the market: printed with every output that uses it. */
export interface PositionsFrom {
  readonly source: number;
  readonly kind: 'position-book';
  readonly venue: string;
  readonly symbol: string;
  readonly asOf: string;
  /** The liquidation model's label (version and training window). */
  readonly model: string;
  readonly modelVersion: string;
  /** First and last 1h bar the book was run over (ISO, UTC). */
  readonly bookFrom: string;
  readonly bookTo: string;
  readonly lastCloseUsd: number;
  readonly storedOpenInterestUsd: number;
  /** Set when the book did not run on hourly open interest throughout (e.g. daily carried forward). */
  readonly openInterestNote: string | null;
  /** Live notional of the book at `asOf` (before any scaling). */
  readonly bookLongUsd: number;
  readonly bookShortUsd: number;
  /** Factor applied to the book's notional (`openInterestUsd` ÷ book total, else 1). */
  readonly scale: number;
  /** Bucket of the map the positions were drawn from (wider than asked when coarsened). */
  readonly bucketUsd: number;
  readonly cells: number;
  readonly positions: number;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const isoHour = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** Error naming the date and the stored range when the store has no open interest that day. */
async function checkOpenInterest(
  store: HeatmapStore,
  source: PositionBookSource,
  field: string,
): Promise<void> {
  const dayStart = Date.parse(`${source.asOf}T00:00:00Z`);
  const key = { exchange: source.venue, symbol: source.symbol };
  const day = await store.select('open_interest', {
    ...key,
    fromMs: dayStart,
    toMs: dayStart + DAY_MS - 1,
  });
  if (day.some((row) => row.openInterestUsd !== null)) return;
  const all = (await store.select('open_interest', key)).filter((r) => r.openInterestUsd !== null);
  const first = all[0];
  const last = all[all.length - 1];
  const stored =
    first && last
      ? `stored: ${isoDay(first.tsMs)}..${isoDay(last.tsMs)}`
      : 'none stored: load the embedded dataset with `cascade data init`';
  throw new DataFormatError(
    `${field}: no open interest stored for ${source.venue} ${source.symbol} on ${source.asOf} (${stored})`,
  );
}

async function readBook(
  store: HeatmapStore,
  source: PositionBookSource,
  index: number,
  file: string,
): Promise<BookRead> {
  const field = `${file}: field "positions.${index}"`;
  await checkOpenInterest(store, source, `${file}: field "positions.${index}.asOf"`);
  const end = Date.parse(`${source.asOf}T00:00:00Z`) + DAY_MS - 1;
  let loaded;
  try {
    loaded = await storeHeatmap(store, {
      exchange: source.venue,
      symbol: source.symbol,
      timeframe: TIMEFRAME,
      fromMs: end + 1 - source.lookbackDays * DAY_MS,
      toMs: end,
      venue: source.venue,
      notionalUsd: loadLiquidationModel().margin.notionalUsd,
      options: { bucketSize: source.bucketUsd },
    });
  } catch (error) {
    if (error instanceof InputError)
      throw new DataFormatError(`${field}: ${error.message.replace('--symbol: ', '')}`);
    throw error;
  }
  const c = loaded.series.candles;
  const last = c.ts.length - 1;
  const { map } = loaded.result;
  return {
    source: index,
    map: {
      priceOrigin: map.priceOrigin,
      bucketSize: map.bucketSize,
      buckets: map.buckets,
      leverages: [...map.leverages],
      long: map.long,
      short: map.short,
    },
    modelVersion: loaded.model.version,
    modelLabel: loaded.model.label,
    firstBarMs: c.ts[0] ?? Number.NaN,
    lastBarMs: c.ts[last] ?? Number.NaN,
    lastCloseUsd: c.close[last] ?? Number.NaN,
    openInterestUsd: c.openInterest[last] ?? Number.NaN,
    openInterestNote: loaded.openInterest.note,
  };
}

/** True when the scenario draws positions from the fitted position book (needs the store). */
export function usesPositionBook(scenario: Scenario): boolean {
  return scenario.positions.some((p) => p.kind === 'position-book');
}

/**
 * Reads the live map of every position-book source of the scenario from the store. Without open
 * interest on a source's day, a DataFormatError names the file, the field, the date and the
 * stored range.
 */
export async function readPositionBooks(
  scenario: Scenario,
  store: HeatmapStore,
  file: string,
): Promise<BookRead[]> {
  const reads: BookRead[] = [];
  for (const [index, source] of scenario.positions.entries()) {
    if (source.kind === 'position-book') reads.push(await readBook(store, source, index, file));
  }
  return reads;
}

/**
 * readPositionBooks on the store in `dataDir` (else $CASCADE_DATA_DIR, else ./.cascade under
 * `cwd`), opened only when the scenario has a position-book source.
 */
export async function readScenarioBooks(
  scenario: Scenario,
  file: string,
  cwd: string,
  dataDir: string | undefined,
): Promise<BookRead[]> {
  if (!usesPositionBook(scenario)) return [];
  return withStore(cwd, dataDir, (store) => readPositionBooks(scenario, store, file));
}

/** Draws a position-book source's positions from its map (pure; seeded like the generators). */
export function drawBookPositions(
  source: PositionBookSource,
  book: BookRead,
  seed: number,
): { specs: PositionSpec[]; from: PositionsFrom } {
  let drawn;
  try {
    drawn = positionsFromBook(
      book.map,
      {
        venue: source.venue,
        symbol: source.symbol,
        count: source.count,
        ...(source.sizeSigma === undefined ? {} : { sizeSigma: source.sizeSigma }),
        ...(source.openInterestUsd === undefined
          ? {}
          : { openInterestUsd: source.openInterestUsd }),
      },
      createRng(seed),
    );
  } catch (error) {
    if (error instanceof RangeError)
      throw new DataFormatError(`field "positions.${book.source}": ${error.message}`);
    throw error;
  }
  return {
    specs: drawn.specs,
    from: {
      source: book.source,
      kind: 'position-book',
      venue: source.venue,
      symbol: source.symbol,
      asOf: source.asOf,
      model: book.modelLabel,
      modelVersion: book.modelVersion,
      bookFrom: new Date(book.firstBarMs).toISOString(),
      bookTo: new Date(book.lastBarMs).toISOString(),
      lastCloseUsd: book.lastCloseUsd,
      storedOpenInterestUsd: book.openInterestUsd,
      openInterestNote: book.openInterestNote,
      bookLongUsd: drawn.mapLongUsd,
      bookShortUsd: drawn.mapShortUsd,
      scale: drawn.scale,
      bucketUsd: drawn.map.bucketSize,
      cells: drawn.cells,
      positions: drawn.specs.length,
    },
  };
}

const musd = (v: number) => `$${(v / 1e6).toLocaleString('en-US', { maximumFractionDigits: 0 })}M`;

/** The text line of a position-book source, with the model label. */
export function positionsFromNote(p: PositionsFrom): string {
  const scaled = p.scale === 1 ? '' : `, scaled ×${p.scale.toFixed(3)}`;
  return (
    `Positions from the fitted position book, ${p.venue} ${p.symbol} at the end of ${p.asOf} ` +
    `(1h bars ${isoHour(Date.parse(p.bookFrom))}..${isoHour(Date.parse(p.bookTo))} UTC): ` +
    `longs ${musd(p.bookLongUsd)}, shorts ${musd(p.bookShortUsd)} live${scaled} ` +
    `(stored open interest ${musd(p.storedOpenInterestUsd)}, last close ${p.lastCloseUsd.toLocaleString('en-US')}) → ` +
    `${p.positions.toLocaleString('en-US')} positions over ${p.cells.toLocaleString('en-US')} cells of $${p.bucketUsd}. ` +
    (p.openInterestNote === null ? '' : `Note: ${p.openInterestNote}. `) +
    `${p.model}.`
  );
}
