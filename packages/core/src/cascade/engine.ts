/**
 * The cascade engine: deterministic and event-driven. A shock walks the book; the traded price
 * sets the mark; positions whose liquidation price the mark crossed get their venue's
 * treatment (forced IOC limited at bankruptcy, or a first partial order); fills better than
 * bankruptcy credit the insurance fund and worse ones debit it; remainders the book cannot take
 * go to the fund (which dumps them next step) or, when it cannot cover, to auto-deleveraging
 * of the best-ranked profitable opposite positions at the bankruptcy price. Stabilising flow
 * (dip-buying demand that grows with the move from the start price, short covering at profit)
 * trades against the book each step, and resilience re-forms depth around the traded price.
 * Repeat until nothing is left to execute and the demand's horizon has passed.
 */
import { createAdlQueue, heapify, peek, pop, type AdlQueue } from './adl-queue.js';
import {
  appendEvent,
  appendEventCode,
  createEventLog,
  eventCode,
  EVENT_REMAINDER_TO_ADL,
  EVENT_REMAINDER_TO_FUND,
  type EventLog,
} from './events.js';
import type { CascadeResult, CascadeRun, EndState, EngineParams } from './engine-types.js';
import {
  buyFromAsks,
  cloneBook,
  emptyFill,
  midPrice,
  recentreBook,
  refillDepth,
  REFILL_WINDOW_PCT,
  sellIntoBids,
  withdrawDepth,
  type Fill,
  type OrderBook,
} from './order-book.js';
import { POLICY_BY_VENUE_INDEX } from './policies.js';
import type { PositionBook, SideBook } from './position-book.js';

interface SideState {
  readonly sign: 1 | -1;
  readonly book: SideBook;
  /** Sweep pointer: positions before it have been sent to liquidation. */
  next: number;
  /**
   * Current size and collateral: scratch copies of the book's columns, changed in place; the
   * indexes changed are listed in `dirty` so the next run on the same scratch restores only them.
   */
  readonly size: Float64Array;
  readonly collateral: Float64Array;
  readonly dirty: number[];
  /** 1 once a position has been fully liquidated. */
  readonly closed: Uint8Array;
}

/** What is left of a partially liquidated position, waiting for its new liquidation price. */
interface Remainder {
  readonly state: SideState;
  readonly index: number;
  readonly liquidationPrice: number;
  readonly bankruptcyPrice: number;
  notBeforeStep: number;
}

/** Positions the insurance fund took over, per side, to be unwound with market orders. */
interface FundInventory {
  qty: number;
  /** Σ quantity × takeover (bankruptcy) price. */
  costUsd: number;
}

/** Mutable run state; lives only inside one `runCascade` call. */
interface Run {
  readonly params: EngineParams;
  readonly book: OrderBook;
  readonly longs: SideState;
  readonly shorts: SideState;
  readonly log: EventLog;
  readonly fill: Fill;
  readonly fill2: Fill;
  /**
   * Pending liquidation orders as ranges of the sorted side books, flat
   * [sign, from, to, due, …] (FIFO; due steps are non-decreasing).
   */
  readonly queue: number[];
  queueHead: number;
  /** Remainders waiting for the mark to cross their new liquidation price. */
  readonly waiting: Remainder[];
  /** The highest waiting long and lowest waiting short liquidation price (skip the scan until crossed). */
  waitingLongMax: number;
  waitingShortMin: number;
  /** Remainders crossed, waiting for their venue cooldown. */
  readonly pending: Remainder[];
  readonly fundLong: FundInventory;
  readonly fundShort: FundInventory;
  step: number;
  traded: number;
  mark: number;
  fund: number;
  fundCredit: number;
  fundDebit: number;
  fundMin: number;
  /** ADL queue, the side it ranks (+1/−1, 0 = none) and the mark it was ranked at. */
  readonly adlQueue: AdlQueue;
  adlKey: number;
  /** Step at which the current ranking was computed. */
  adlStep: number;
  totals: {
    long: number;
    short: number;
    liquidations: number;
    partial: number;
    adl: number;
    takeover: number;
    unresolved: number;
    realized: number;
  };
  readonly path: number[];
  /** Price before the shock: the stabilising flow's reference. */
  readonly start: number;
  /** Levels from an edge at which the book's window slides back around the price. */
  readonly recentreMargin: number;
  readonly storedLowUsd: number;
  readonly storedHighUsd: number;
  /** Short covering: the lowest mark whose take-profit crossings have been bought back. */
  coverMark: number;
  readonly coverIndex: EntryIndex | null;
  /**
   * This step's stabilising demand, in base units: dip buyers' market buys (below the start) or
   * the mirror-image sells (above it). Forced orders of the opposite side cross it first.
   */
  buyBudget: number;
  sellBudget: number;
  /** Short covering triggered at this step's open: quantity, and the limit of its orders. */
  coverBudget: number;
  coverLimit: number;
  demandBought: number;
  demandSold: number;
  shortCover: number;
}

/** A side's positions by entry price: sorted entries and the quantity with entry below each. */
interface EntryIndex {
  readonly entries: Float64Array;
  /** cumQty[k] = Σ size of the k lowest entries. */
  readonly cumQty: Float64Array;
}

const entryIndexes = new WeakMap<SideBook, EntryIndex>();

function entryIndexOf(side: SideBook): EntryIndex {
  const known = entryIndexes.get(side);
  if (known !== undefined) return known;
  const order = Array.from({ length: side.count }, (_, i) => i).sort(
    (a, b) => side.entryPrice[a]! - side.entryPrice[b]!,
  );
  const entries = new Float64Array(side.count);
  const cumQty = new Float64Array(side.count + 1);
  order.forEach((i, k) => {
    entries[k] = side.entryPrice[i]!;
    cumQty[k + 1] = cumQty[k]! + side.size[i]!;
  });
  const index = { entries, cumQty };
  entryIndexes.set(side, index);
  return index;
}

/** Quantity of positions with entry price below `price`. */
function qtyBelow(index: EntryIndex, price: number): number {
  let lo = 0;
  let hi = index.entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (index.entries[mid]! < price) lo = mid + 1;
    else hi = mid;
  }
  return index.cumQty[lo]!;
}

const sizeOf = (s: SideState, i: number): number => s.size[i]!;
const collateralOf = (s: SideState, i: number): number => s.collateral[i]!;

/** Marks position `i` as changed in place (restored from the book by the next run). */
function touch(s: SideState, i: number): { size: Float64Array; collateral: Float64Array } {
  s.dirty.push(i);
  return s;
}

/** Runs one cascade over `positions` through a copy of `bookTemplate`. */
export function runCascade(
  positions: PositionBook,
  bookTemplate: OrderBook,
  params: EngineParams,
): CascadeRun {
  return runOnBook(positions, cloneBook(bookTemplate), params);
}

/** Same as `runCascade` but trades on `book` in place (Monte Carlo resets one scratch book). */
export function runOnBook(
  positions: PositionBook,
  book: OrderBook,
  params: EngineParams,
  scratch?: CascadeScratch,
): CascadeRun {
  const run = createRun(positions, book, params, scratch);
  const start = run.traded;
  applyShock(run);
  recordPriceMove(run, start);
  const exogenous = run.traded;
  run.path.push(run.traded);
  let steps = 0;
  while (steps < params.maxSteps) {
    run.step += 1;
    steps += 1;
    const active = stepOnce(run);
    run.path.push(run.traded);
    if (!active) break;
  }
  return {
    result: summarize(run, start, exogenous, steps),
    events: run.log,
    endState: () => endStateOf(run),
    wasLiquidated: (side, index) => (side === 'long' ? run.longs : run.shorts).closed[index] === 1,
  };
}

function resetLog(log: EventLog): EventLog {
  log.length = 0;
  return log;
}

/**
 * Per-run buffers sized to a position book, reusable across runs on the same book (Monte Carlo)
 * so scenarios do not allocate.
 */
export interface CascadeScratch {
  /** Positions on both sides plus headroom (sizes the event log). */
  readonly capacity: number;
  /**
   * Event log reused by every run on this scratch: a run's `events` stay valid only until the
   * scratch is used again.
   */
  readonly log: EventLog;
  readonly adlQueue: AdlQueue;
  readonly closedLongs: Uint8Array;
  readonly closedShorts: Uint8Array;
  /** Working copies of size and collateral: longs, then shorts. */
  readonly overrides: readonly [Float64Array, Float64Array, Float64Array, Float64Array];
  readonly dirty: readonly [number[], number[]];
}

export function createCascadeScratch(positions: PositionBook): CascadeScratch {
  const capacity = positions.longs.count + positions.shorts.count + 16;
  return {
    capacity,
    log: createEventLog(1024),
    adlQueue: createAdlQueue(Math.max(positions.longs.count, positions.shorts.count)),
    closedLongs: new Uint8Array(positions.longs.count),
    closedShorts: new Uint8Array(positions.shorts.count),
    overrides: [
      positions.longs.size.slice(),
      positions.longs.collateralUsd.slice(),
      positions.shorts.size.slice(),
      positions.shorts.collateralUsd.slice(),
    ],
    dirty: [[], []],
  };
}

function createRun(
  positions: PositionBook,
  book: OrderBook,
  params: EngineParams,
  given?: CascadeScratch,
): Run {
  withdrawDepth(book, params.withdrawal);
  book.slides = 0;
  book.edgeHits = 0;
  book.lowestTradeUsd = Infinity;
  book.highestTradeUsd = -Infinity;
  const scratch = given ?? createCascadeScratch(positions);
  scratch.closedLongs.fill(0);
  scratch.closedShorts.fill(0);
  const capacity = scratch.capacity;
  const price = midPrice(book);
  return {
    params,
    book,
    longs: sideState(
      1,
      positions.longs,
      scratch.closedLongs,
      scratch.overrides[0],
      scratch.overrides[1],
      scratch.dirty[0],
    ),
    shorts: sideState(
      -1,
      positions.shorts,
      scratch.closedShorts,
      scratch.overrides[2],
      scratch.overrides[3],
      scratch.dirty[1],
    ),
    log: given
      ? resetLog(given.log)
      : createEventLog(params.recordEvents ? Math.min(2 * capacity, 1 << 16) : 1),
    fill: emptyFill(),
    fill2: emptyFill(),
    queue: [],
    queueHead: 0,
    waiting: [],
    waitingLongMax: -Infinity,
    waitingShortMin: Infinity,
    pending: [],
    fundLong: { qty: 0, costUsd: 0 },
    fundShort: { qty: 0, costUsd: 0 },
    step: 0,
    traded: price,
    mark: price,
    fund: params.insuranceFundUsd,
    fundCredit: 0,
    fundDebit: 0,
    fundMin: params.insuranceFundUsd,
    adlQueue: scratch.adlQueue,
    adlKey: 0,
    adlStep: 0,
    totals: {
      long: 0,
      short: 0,
      liquidations: 0,
      partial: 0,
      adl: 0,
      takeover: 0,
      unresolved: 0,
      realized: 0,
    },
    path: [],
    ...flowState(positions, book, params, price),
  };
}

/** The run state of the stabilising flow and the book's window, at the start price. */
function flowState(positions: PositionBook, book: OrderBook, params: EngineParams, price: number) {
  const n = book.qty.length;
  const window = Math.ceil((price * REFILL_WINDOW_PCT) / 100 / book.tickSize);
  return {
    start: price,
    recentreMargin: Math.max(1, Math.min(window, Math.floor(n / 4))),
    storedLowUsd: book.tail?.storedLowUsd ?? book.baseTick * book.tickSize,
    storedHighUsd: book.tail?.storedHighUsd ?? (book.baseTick + n - 1) * book.tickSize,
    coverMark: price,
    coverIndex: params.shortCoverShare > 0 ? entryIndexOf(positions.shorts) : null,
    buyBudget: 0,
    sellBudget: 0,
    coverBudget: 0,
    coverLimit: 0,
    demandBought: 0,
    demandSold: 0,
    shortCover: 0,
  };
}

function sideState(
  sign: 1 | -1,
  book: SideBook,
  closed: Uint8Array,
  size: Float64Array,
  collateral: Float64Array,
  dirty: number[],
): SideState {
  // Undo the previous run's changes on this scratch.
  for (const i of dirty) {
    size[i] = book.size[i]!;
    collateral[i] = book.collateralUsd[i]!;
  }
  dirty.length = 0;
  return { sign, book, next: 0, size, collateral, dirty, closed };
}

function movePrice(run: Run, to: number): void {
  if (to === to) run.traded = to;
}

/** One price-moved event per step, from the step's opening to its closing traded price. */
function recordPriceMove(run: Run, from: number): void {
  if (run.params.recordEvents && run.traded !== from) {
    appendEvent(run.log, 'price-moved', run.step, 0, -1, false, from, run.traded, 0, 0);
  }
}

/** Walks the book to a target price: sells down to it, or buys up to it. */
function walkToPrice(run: Run, target: number): void {
  if (target < run.traded) sellIntoBids(run.book, Infinity, target, run.fill);
  else if (target > run.traded) buyFromAsks(run.book, Infinity, target, run.fill);
  movePrice(run, target);
}

function applyShock(run: Run): void {
  const shock = run.params.shock;
  switch (shock.kind) {
    case 'market-sell':
    case 'market-buy': {
      const qty = shock.usd / run.traded;
      const fill =
        shock.kind === 'market-sell'
          ? sellIntoBids(run.book, qty, 0, run.fill)
          : buyFromAsks(run.book, qty, Infinity, run.fill);
      if (fill.filledQty > 0) movePrice(run, fill.lastPriceUsd);
      break;
    }
    case 'target-price':
      walkToPrice(run, shock.priceUsd);
      break;
    case 'price-path': {
      const first = shock.pricesUsd[0];
      if (first !== undefined) walkToPrice(run, first);
      break;
    }
  }
  updateMark(run);
}

function updateMark(run: Run): void {
  const s = run.params.markSmoothing;
  run.mark = s > 0 ? s * run.mark + (1 - s) * run.traded : run.traded;
}

/** One step; returns whether anything is still in motion. */
function stepOnce(run: Run): boolean {
  const open = run.traded;
  run.fundCredit = 0;
  run.fundDebit = 0;
  const demanding = demandBudget(run);
  coverBudget(run);
  let executed = executeFundOrders(run);
  executed += executeDue(run);
  executed += executeRemainders(run);
  const path = run.params.shock.kind === 'price-path' ? run.params.shock.pricesUsd : null;
  const exogenous = path !== null && run.step < path.length;
  if (exogenous) walkToPrice(run, path[run.step]!);
  updateMark(run);
  const queued = sweep(run, run.longs) + sweep(run, run.shorts);
  keepDepthAround(run);
  refillDepth(run.book, run.params.resilience, run.traded);
  spendDemand(run);
  recordPriceMove(run, open);
  flushFundEvents(run);
  const waiting =
    run.queueHead < run.queue.length ||
    run.fundLong.qty > 0 ||
    run.fundShort.qty > 0 ||
    run.pending.length > 0;
  const cascading = executed > 0 || queued > 0 || exogenous || waiting;
  return cascading || (demanding && run.params.demandAfterQuiet);
}

/** The book's window follows the price: it slides back around it near an edge. */
function keepDepthAround(run: Run): void {
  recentreBook(run.book, run.traded, run.recentreMargin);
}

/**
 * Stabilising demand for this step: D·(move/d0)^γ·Δt USD of dip buying while the price is below
 * the start (the mirror-image selling above it), for `demandHorizonSeconds` of simulated time.
 * Forced orders of the opposite side cross it first (net order flow walks the book); what is left
 * after the step's orders is spent by `spendDemand`. Returns whether the flow is still running.
 */
function demandBudget(run: Run): boolean {
  run.buyBudget = 0;
  run.sellBudget = 0;
  const p = run.params;
  if (!(p.demandUsdPerSecond > 0) || run.step * p.stepSeconds > p.demandHorizonSeconds)
    return false;
  const start = run.start;
  const movePct = ((start - run.traded) / start) * 100;
  const size = Math.abs(movePct);
  if (!(size > 1e-9)) return false;
  const usd =
    p.demandUsdPerSecond * Math.pow(size / p.demandRefMovePct, p.demandExponent) * p.stepSeconds;
  if (movePct > 0) run.buyBudget = usd / run.traded;
  else run.sellBudget = usd / run.traded;
  return true;
}

/**
 * What is left of the step's demand trades against the re-formed book: a market buy never
 * paying above the start price (or a sell never below it).
 */
function spendDemand(run: Run): void {
  const buy = run.buyBudget;
  const sell = run.sellBudget;
  const cover = run.coverBudget;
  run.buyBudget = 0;
  run.sellBudget = 0;
  run.coverBudget = 0;
  if (cover > 0) {
    const fill = buyFromAsks(run.book, cover, run.coverLimit, run.fill);
    if (fill.filledQty > 0) {
      movePrice(run, fill.lastPriceUsd);
      run.shortCover += fill.notionalUsd;
    }
  }
  if (!(buy > 0) && !(sell > 0)) return;
  const fill =
    buy > 0
      ? buyFromAsks(run.book, buy, run.start, run.fill)
      : sellIntoBids(run.book, sell, run.start, run.fill);
  if (fill.filledQty > 0) {
    movePrice(run, fill.lastPriceUsd);
    if (buy > 0) run.demandBought += fill.notionalUsd;
    else run.demandSold += fill.notionalUsd;
  }
}

/**
 * Short covering at profit: shorts whose take-profit level (entry × (1 − τ)) the price has
 * crossed for the first time since the last step buy back `shortCoverShare` of their quantity,
 * with orders limited at the highest take-profit level crossed. Like the demand, they cross
 * forced sells first; the rest lifts asks after the refill (what the limit leaves is dropped).
 * Shorts already past it at the start price are left out (they would have covered already).
 */
function coverBudget(run: Run): void {
  run.coverBudget = 0;
  const index = run.coverIndex;
  if (index === null || !(run.traded < run.coverMark)) return;
  const k = 1 / (1 - run.params.shortCoverProfitPct / 100);
  const qty =
    (qtyBelow(index, run.coverMark * k) - qtyBelow(index, run.traded * k)) *
    run.params.shortCoverShare;
  run.coverLimit = run.coverMark;
  run.coverMark = run.traded;
  if (qty > 0) run.coverBudget = qty;
}

/** Sends every position whose liquidation price the mark has crossed to the order queue. */
function sweep(run: Run, s: SideState): number {
  const liq = s.book.liquidationPrice;
  const mark = run.mark;
  const due = run.step + 1 + run.params.latencySteps;
  let queued = 0;
  let i = s.next;
  const n = s.book.count;
  if (s.sign > 0) while (i < n && liq[i]! >= mark) i++;
  else while (i < n && liq[i]! <= mark) i++;
  if (i > s.next) {
    run.queue.push(s.sign, s.next, i, due);
    queued += i - s.next;
  }
  s.next = i;
  const reachable = s.sign > 0 ? run.waitingLongMax >= mark : run.waitingShortMin <= mark;
  if (reachable) queued += sweepRemainders(run, s, mark, due);
  return queued;
}

/** Remainders of partial liquidations on side `s` whose new liquidation price is crossed. */
function sweepRemainders(run: Run, s: SideState, mark: number, due: number): number {
  let queued = 0;
  let kept = 0;
  let extreme = s.sign > 0 ? -Infinity : Infinity;
  for (const r of run.waiting) {
    const mine = r.state === s;
    if (mine && (s.sign > 0 ? r.liquidationPrice >= mark : r.liquidationPrice <= mark)) {
      r.notBeforeStep = Math.max(r.notBeforeStep, due);
      run.pending.push(r);
      queued++;
      continue;
    }
    if (mine)
      extreme =
        s.sign > 0 ? Math.max(extreme, r.liquidationPrice) : Math.min(extreme, r.liquidationPrice);
    run.waiting[kept++] = r;
  }
  run.waiting.length = kept;
  if (s.sign > 0) run.waitingLongMax = extreme;
  else run.waitingShortMin = extreme;
  return queued;
}

function executeDue(run: Run): number {
  let executed = 0;
  const queue = run.queue;
  while (run.queueHead < queue.length && queue[run.queueHead + 3]! <= run.step) {
    const s = queue[run.queueHead]! > 0 ? run.longs : run.shorts;
    const from = queue[run.queueHead + 1]!;
    const to = queue[run.queueHead + 2]!;
    run.queueHead += 4;
    executeRange(run, s, from, to);
    executed += to - from;
  }
  if (run.queueHead === queue.length) {
    queue.length = 0;
    run.queueHead = 0;
  }
  return executed;
}

const LIQUIDATED = eventCode('position-liquidated');
const DELEVERAGED = eventCode('auto-deleveraged');

/** Per-venue policy columns for the hot loop. */
const LIMIT_AT_BANKRUPTCY = Uint8Array.from(POLICY_BY_VENUE_INDEX, (p) =>
  p.limitAtBankruptcy ? 1 : 0,
);
const PARTIAL_ABOVE_USD = Float64Array.from(POLICY_BY_VENUE_INDEX, (p) => p.partialAboveUsd);

/**
 * The hot loop: liquidates positions [from, to) of one side in order. A position closed by one
 * order (no partial first order at its size) takes this allocation-free path, with the same
 * arithmetic as `fullLiquidation`; partial liquidations take the general path.
 */
function executeRange(run: Run, s: SideState, from: number, to: number): void {
  const sign = s.sign;
  const { entryPrice, bankruptcyPrice, venue, id } = s.book;
  const { size, collateral: collateralUsd } = s;
  const closed = s.closed;
  const record = run.params.recordEvents;
  const totals = run.totals;
  // The mark moves only between steps; the fill record is reused for every order.
  const mark = run.mark;
  const out = run.fill;
  for (let i = from; i < to; i++) {
    const v = venue[i]!;
    const qty = size[i]!;
    if (closed[i] === 1 || !(qty > 0) || qty * mark > PARTIAL_ABOVE_USD[v]!) {
      liquidate(run, s, i, bankruptcyPrice[i]!, false);
      continue;
    }
    const bankrupt = bankruptcyPrice[i]!;
    const limit = LIMIT_AT_BANKRUPTCY[v] === 1 ? bankrupt : sign > 0 ? 0 : Infinity;
    const fill = walk(run, sign, qty, limit, out);
    const notional = fill.notionalUsd;
    const remaining = qty - fill.filledQty;
    const last = fill.lastPriceUsd;
    const filled = fill.filledQty;
    if (filled > 0) run.traded = last;
    const entry = entryPrice[i]!;
    const collateral = collateralUsd[i]!;
    const realized = sign * (notional - filled * entry) + sign * remaining * (bankrupt - entry);
    // Inline fund transfer (see fundTransfer): what is left of the margin goes to the fund.
    const transfer = collateral + realized;
    run.fund += transfer;
    if (transfer >= 0) run.fundCredit += transfer;
    else run.fundDebit -= transfer;
    if (run.fund < run.fundMin) run.fundMin = run.fund;
    totals.realized += realized;
    totals.liquidations += 1;
    if (sign > 0) totals.long += notional + remaining * bankrupt;
    else totals.short += notional + remaining * bankrupt;
    closed[i] = 1;
    if (record) {
      const vwap = filled > 0 ? notional / filled : Number.NaN;
      appendEventCode(
        run.log,
        LIQUIDATED,
        run.step,
        sign,
        id[i]!,
        0,
        qty,
        vwap,
        bankrupt,
        -collateral,
        filled,
      );
    }
    if (remaining > qty * 1e-12) {
      const at = run.log.length - 1;
      const takenBy = absorbRemainder(run, s, remaining, bankrupt);
      if (record) markRemainder(run.log, at, takenBy);
    }
  }
}

function executeRemainders(run: Run): number {
  const pending = run.pending;
  if (pending.length === 0) return 0;
  let executed = 0;
  let kept = 0;
  // Liquidating a remainder never creates another one, so the list is stable during the loop.
  for (const r of pending) {
    if (r.notBeforeStep > run.step) {
      pending[kept++] = r;
      continue;
    }
    liquidate(run, r.state, r.index, r.bankruptcyPrice, true);
    executed++;
  }
  pending.length = kept;
  return executed;
}

/** Quantity of a forced order crossed against this step's stabilising flow at `price`. */
function crossFlow(run: Run, sign: number, qty: number, price: number): number {
  if (sign < 0) {
    const demand = run.sellBudget < qty ? run.sellBudget : qty;
    run.sellBudget -= demand;
    run.demandSold += demand * price;
    return demand;
  }
  const demand = run.buyBudget < qty ? run.buyBudget : qty;
  run.buyBudget -= demand;
  run.demandBought += demand * price;
  const room = qty - demand;
  const cover =
    room > 0 && run.coverBudget > 0 && price <= run.coverLimit
      ? Math.min(run.coverBudget, room)
      : 0;
  run.coverBudget -= cover;
  run.shortCover += cover * price;
  return cover > 0 ? demand + cover : demand;
}

/**
 * One side's forced order (long positions sell, short positions buy): it first crosses the
 * step's stabilising flow of the other side (dip buying and short covering, or the sells above
 * the start) at the traded price when the order's limit allows it, then walks the book.
 */
function walk(run: Run, sign: number, qty: number, limit: number, out: Fill): Fill {
  const price = run.traded;
  const flow = sign > 0 ? run.buyBudget + run.coverBudget : run.sellBudget;
  const crossable = flow > 0 && (sign > 0 ? price >= limit : price <= limit);
  const crossed = crossable ? crossFlow(run, sign, qty, price) : 0;
  if (crossed === 0) {
    return sign > 0
      ? sellIntoBids(run.book, qty, limit, out)
      : buyFromAsks(run.book, qty, limit, out);
  }
  const rest = qty - crossed;
  if (rest > 0) {
    if (sign > 0) sellIntoBids(run.book, rest, limit, out);
    else buyFromAsks(run.book, rest, limit, out);
  } else {
    out.filledQty = 0;
    out.notionalUsd = 0;
    out.lastPriceUsd = Number.NaN;
  }
  if (!(out.filledQty > 0)) out.lastPriceUsd = price;
  out.filledQty += crossed;
  out.notionalUsd += crossed * price;
  return out;
}

/** Applies the venue's treatment to position `i` of side `s`. */
function liquidate(
  run: Run,
  s: SideState,
  i: number,
  bankrupt: number,
  isRemainder: boolean,
): void {
  const qty = sizeOf(s, i);
  if (!(qty > 0) || s.closed[i] === 1) return;
  const sign = s.sign;
  const policy = POLICY_BY_VENUE_INDEX[s.book.venue[i]!]!;
  const limit = policy.limitAtBankruptcy ? bankrupt : sign > 0 ? 0 : Infinity;
  const notional = qty * run.mark;
  if (!isRemainder && notional > policy.partialAboveUsd) {
    const share =
      policy.partialToUsd > 0 ? 1 - policy.partialToUsd / notional : policy.partialFraction;
    const chunk = qty * share;
    const fill = walk(run, sign, chunk, limit, run.fill);
    if (fill.filledQty >= chunk * (1 - 1e-12)) {
      partialLiquidation(run, s, i, fill, policy.remainderMmr, policy.cooldownSeconds);
      return;
    }
    fullLiquidation(run, s, i, bankrupt, limit, fill);
    return;
  }
  run.fill.filledQty = 0;
  run.fill.notionalUsd = 0;
  fullLiquidation(run, s, i, bankrupt, limit, run.fill);
}

function partialLiquidation(
  run: Run,
  s: SideState,
  i: number,
  fill: Fill,
  remainderMmr: number,
  cooldownSeconds: number,
): void {
  const sign = s.sign;
  const entry = s.book.entryPrice[i]!;
  const { size, collateral } = touch(s, i);
  const vwap = fill.notionalUsd / fill.filledQty;
  const realized = sign * (fill.notionalUsd - fill.filledQty * entry);
  const qtyLeft = size[i]! - fill.filledQty;
  const collateralLeft = collateral[i]! + realized;
  size[i] = qtyLeft;
  collateral[i] = collateralLeft;
  run.totals.realized += realized;
  addLiquidated(run, sign, fill.notionalUsd);
  run.totals.partial += 1;
  movePrice(run, fill.lastPriceUsd);
  const mmr = remainderMmr === remainderMmr ? remainderMmr : s.book.mmr[i]!;
  const liquidationPrice =
    (collateralLeft - sign * qtyLeft * entry) / (qtyLeft * mmr - sign * qtyLeft);
  const bankruptcyPrice = entry - (sign * collateralLeft) / qtyLeft;
  const cooldownSteps = Math.ceil(cooldownSeconds / run.params.stepSeconds);
  run.waiting.push({
    state: s,
    index: i,
    liquidationPrice,
    bankruptcyPrice,
    notBeforeStep: run.step + cooldownSteps,
  });
  if (sign > 0) run.waitingLongMax = Math.max(run.waitingLongMax, liquidationPrice);
  else run.waitingShortMin = Math.min(run.waitingShortMin, liquidationPrice);
  if (run.params.recordEvents) {
    const id = s.book.id[i]!;
    const bankrupt = s.book.bankruptcyPrice[i]!;
    const qty = fill.filledQty;
    appendEventCode(run.log, LIQUIDATED, run.step, sign, id, 1, qty, vwap, bankrupt, realized, qty);
  }
}

function fullLiquidation(
  run: Run,
  s: SideState,
  i: number,
  bankrupt: number,
  limit: number,
  first: Fill,
): void {
  const sign = s.sign;
  const qty = sizeOf(s, i);
  const more = walk(run, sign, qty - first.filledQty, limit, run.fill2);
  const filled = first.filledQty + more.filledQty;
  const notionalFilled = first.notionalUsd + more.notionalUsd;
  if (more.filledQty > 0) movePrice(run, more.lastPriceUsd);
  else if (first.filledQty > 0) movePrice(run, first.lastPriceUsd);
  const entry = s.book.entryPrice[i]!;
  const remainder = qty - filled;
  const collateral = collateralOf(s, i);
  const realized = sign * (notionalFilled - filled * entry) + sign * remainder * (bankrupt - entry);
  // Whatever is left of the margin after the loss goes to the fund; a shortfall is paid by it.
  fundTransfer(run, collateral + realized);
  run.totals.realized += realized;
  run.totals.liquidations += 1;
  addLiquidated(run, sign, notionalFilled + remainder * bankrupt);
  s.closed[i] = 1;
  const record = run.params.recordEvents;
  if (record) {
    const vwap = filled > 0 ? notionalFilled / filled : Number.NaN;
    const id = s.book.id[i]!;
    appendEventCode(
      run.log,
      LIQUIDATED,
      run.step,
      sign,
      id,
      0,
      qty,
      vwap,
      bankrupt,
      -collateral,
      filled,
    );
  }
  if (remainder > qty * 1e-12) {
    const at = run.log.length - 1;
    const takenBy = absorbRemainder(run, s, remainder, bankrupt);
    if (record) markRemainder(run.log, at, takenBy);
  }
}

function addLiquidated(run: Run, sign: number, usd: number): void {
  if (sign > 0) run.totals.long += usd;
  else run.totals.short += usd;
}

function fundTransfer(run: Run, amount: number): void {
  run.fund += amount;
  if (amount >= 0) run.fundCredit += amount;
  else run.fundDebit -= amount;
  if (run.fund < run.fundMin) run.fundMin = run.fund;
}

function flushFundEvents(run: Run): void {
  if (!run.params.recordEvents) return;
  if (run.fundCredit > 0)
    appendEvent(
      run.log,
      'insurance-fund-credited',
      run.step,
      0,
      -1,
      false,
      run.fundCredit,
      run.fund,
      0,
      0,
    );
  if (run.fundDebit > 0)
    appendEvent(
      run.log,
      'insurance-fund-debited',
      run.step,
      0,
      -1,
      false,
      run.fundDebit,
      run.fund,
      0,
      0,
    );
}

/**
 * A remainder the book could not fill at the bankruptcy price: the fund takes it over when it
 * can cover the loss of dumping it at the current mark, otherwise ADL closes it against ranked
 * profitable opposite positions at the bankruptcy price.
 */
function absorbRemainder(run: Run, s: SideState, qty: number, bankrupt: number): number {
  const expectedLoss = qty * Math.max(0, s.sign * (bankrupt - run.mark));
  if (run.fund >= expectedLoss) {
    const inventory = s.sign > 0 ? run.fundLong : run.fundShort;
    inventory.qty += qty;
    inventory.costUsd += qty * bankrupt;
    run.totals.takeover += qty * bankrupt;
    return EVENT_REMAINDER_TO_FUND;
  }
  const left = autoDeleverage(run, s.sign > 0 ? run.shorts : run.longs, qty, bankrupt);
  run.totals.unresolved += left * bankrupt;
  return EVENT_REMAINDER_TO_ADL;
}

/** Records on liquidation event `at` who took its unfilled remainder. */
function markRemainder(log: EventLog, at: number, flag: number): void {
  log.partial[at] = (log.partial[at] ?? 0) | flag;
}

/**
 * The fund unwinds what it took over with one order per side and step, limited at
 * `fundUnwindSlippagePct` from the mark (an execution bounded per step); the rest waits.
 */
function executeFundOrders(run: Run): number {
  return unwind(run, run.fundLong, 1) + unwind(run, run.fundShort, -1);
}

function unwind(run: Run, inventory: FundInventory, sign: 1 | -1): number {
  if (!(inventory.qty > 0)) return 0;
  const { qty, costUsd } = inventory;
  const slip = run.params.fundUnwindSlippagePct / 100;
  const limit = sign > 0 ? run.mark * Math.max(0, 1 - slip) : run.mark * (1 + slip);
  const fill = walk(run, sign, qty, limit, run.fill);
  const averageCost = costUsd / qty;
  if (fill.filledQty > 0) {
    movePrice(run, fill.lastPriceUsd);
    const realized = sign * (fill.notionalUsd - fill.filledQty * averageCost);
    run.totals.realized += realized;
    fundTransfer(run, realized);
  }
  // What the limit leaves is kept at cost and offered again next step.
  const left = qty - fill.filledQty;
  inventory.qty = left > qty * 1e-12 ? left : 0;
  inventory.costUsd = inventory.qty > 0 ? left * averageCost : 0;
  return 1;
}

/**
 * BitMEX/Binance ranking: profitable positions first by PnL% × effective leverage. Closes
 * counterparties at `priceUsd`; returns the quantity left unmatched.
 */
function autoDeleverage(run: Run, counter: SideState, qty: number, priceUsd: number): number {
  const queue = rankForAdl(run, counter);
  const { size, collateral } = counter;
  let left = qty;
  while (left > 0) {
    const j = peek(queue);
    if (j < 0) break;
    const available = size[j]!;
    if (!(available > 0) || counter.closed[j] === 1) {
      pop(queue);
      continue;
    }
    const take = Math.min(available, left);
    const realized = counter.sign * take * (priceUsd - counter.book.entryPrice[j]!);
    counter.dirty.push(j);
    size[j] = available - take;
    collateral[j] = collateral[j]! + realized;
    run.totals.realized += realized;
    run.totals.adl += take * priceUsd;
    left -= take;
    if (run.params.recordEvents) {
      const id = counter.book.id[j]!;
      appendEventCode(
        run.log,
        DELEVERAGED,
        run.step,
        counter.sign,
        id,
        0,
        take,
        priceUsd,
        realized,
        0,
        0,
      );
    }
    if (!(size[j] > 0)) pop(queue);
  }
  return left;
}

/**
 * BitMEX's published ranking (Binance's has the same shape): profitable positions by
 * PnL% × effective leverage. Venues refresh rankings periodically, not per trade: the queue is
 * rebuilt every `adlRefreshSeconds` of simulated time and consumed from the top in between.
 */
function rankForAdl(run: Run, s: SideState): AdlQueue {
  const mark = run.mark;
  const queue = run.adlQueue;
  const refreshSteps = Math.max(
    1,
    Math.ceil(run.params.adlRefreshSeconds / run.params.stepSeconds),
  );
  if (run.adlKey === s.sign && run.step - run.adlStep < refreshSteps) return queue;
  let count = 0;
  for (let j = s.next; j < s.book.count; j++) {
    const qty = sizeOf(s, j);
    const entry = s.book.entryPrice[j]!;
    const pnl = s.sign * qty * (mark - entry);
    if (!(qty > 0) || !(pnl > 0) || s.closed[j] === 1) continue;
    const equity = collateralOf(s, j) + pnl;
    queue.score[count] = (pnl / (qty * entry)) * ((qty * mark) / Math.max(equity, 1e-12));
    queue.index[count] = j;
    count++;
  }
  heapify(queue, count);
  run.adlKey = s.sign;
  run.adlStep = run.step;
  return queue;
}

function summarize(run: Run, start: number, exogenous: number, steps: number): CascadeResult {
  let min = start;
  let max = start;
  for (const p of run.path) {
    if (p < min) min = p;
    if (p > max) max = p;
  }
  const down = exogenous <= start;
  const exogenousMove = Math.abs(start - exogenous);
  const totalMove = down ? start - min : max - start;
  const t = run.totals;
  // Inventory the fund still holds when the run stops (maxSteps) is reported, not traded.
  const held = run.fundLong.costUsd + run.fundShort.costUsd;
  return {
    totalLiquidatedUsd: t.long + t.short,
    longLiquidatedUsd: t.long,
    shortLiquidatedUsd: t.short,
    liquidations: t.liquidations + t.partial,
    partialLiquidations: t.partial,
    startPrice: start,
    exogenousPrice: exogenous,
    minPrice: min,
    maxPrice: max,
    finalPrice: run.traded,
    amplification: exogenousMove > 0 ? totalMove / exogenousMove : 1,
    insuranceFundStartUsd: run.params.insuranceFundUsd,
    insuranceFundEndUsd: run.fund,
    insuranceFundDeltaUsd: run.fund - run.params.insuranceFundUsd,
    insuranceFundMinUsd: run.fundMin,
    fundTakeoverUsd: t.takeover,
    adlUsd: t.adl,
    unresolvedUsd: t.unresolved + held,
    realizedPnlUsd: t.realized,
    steps,
    demandBoughtUsd: run.demandBought,
    demandSoldUsd: run.demandSold,
    shortCoverUsd: run.shortCover,
    depthTail: {
      usedBelow: run.book.lowestTradeUsd < run.storedLowUsd - run.book.tickSize / 2,
      usedAbove: run.book.highestTradeUsd > run.storedHighUsd + run.book.tickSize / 2,
      storedLowUsd: run.storedLowUsd,
      storedHighUsd: run.storedHighUsd,
      lowestTradeUsd: Number.isFinite(run.book.lowestTradeUsd) ? run.book.lowestTradeUsd : start,
      highestTradeUsd: Number.isFinite(run.book.highestTradeUsd) ? run.book.highestTradeUsd : start,
      slides: run.book.slides,
    },
    bookExhausted: run.book.edgeHits > 0,
    pricePath: run.path,
  };
}

function endStateOf(run: Run): EndState {
  const side = (s: SideState) => {
    const size = s.size.slice();
    const collateralUsd = s.collateral.slice();
    for (let i = 0; i < s.book.count; i++) {
      if (s.closed[i] === 1) {
        size[i] = 0;
        collateralUsd[i] = 0;
      }
    }
    return { size, collateralUsd };
  };
  return {
    longs: side(run.longs),
    shorts: side(run.shorts),
    insuranceFundUsd: run.fund,
    priceUsd: run.traded,
  };
}
