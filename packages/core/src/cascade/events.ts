/**
 * The cascade's event log: immutable facts, past tense, held columnar (typed arrays) so a
 * million-position cascade records without allocating an object per event. `eventAt` and
 * `eventsOf` give the object view; `hashEvents` fingerprints a run for determinism checks.
 */

export const EVENT_KINDS = [
  'price-moved',
  'position-liquidated',
  'insurance-fund-credited',
  'insurance-fund-debited',
  'auto-deleveraged',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export type CascadeEvent =
  | {
      readonly kind: 'price-moved';
      readonly step: number;
      readonly fromPriceUsd: number;
      readonly toPriceUsd: number;
    }
  | {
      readonly kind: 'position-liquidated';
      readonly step: number;
      readonly side: 'long' | 'short';
      readonly positionId: number;
      readonly partial: boolean;
      readonly quantity: number;
      /** Quantity the forced order filled in the book. */
      readonly filledQuantity: number;
      /** Average fill price in the book; NaN when nothing filled. */
      readonly fillPriceUsd: number;
      readonly bankruptcyPriceUsd: number;
      /** Change of the position's collateral (realised PnL less what went to the fund). */
      readonly collateralDeltaUsd: number;
      /**
       * Who took the quantity the book could not fill, at the bankruptcy price: the insurance
       * fund (which unwinds it with market orders), auto-deleveraged counterparties (see the
       * auto-deleveraged events that follow), or nobody when both fell short.
       */
      readonly remainderTakenBy: 'none' | 'insurance-fund' | 'auto-deleveraging';
    }
  | {
      readonly kind: 'insurance-fund-credited';
      readonly step: number;
      readonly amountUsd: number;
      readonly balanceUsd: number;
    }
  | {
      readonly kind: 'insurance-fund-debited';
      readonly step: number;
      readonly amountUsd: number;
      readonly balanceUsd: number;
    }
  | {
      readonly kind: 'auto-deleveraged';
      readonly step: number;
      /** Side of the counterparty that was deleveraged. */
      readonly side: 'long' | 'short';
      readonly positionId: number;
      readonly quantity: number;
      readonly priceUsd: number;
      readonly collateralDeltaUsd: number;
    };

const KIND_CODE: Readonly<Record<EventKind, number>> = {
  'price-moved': 0,
  'position-liquidated': 1,
  'insurance-fund-credited': 2,
  'insurance-fund-debited': 3,
  'auto-deleveraged': 4,
};

/** Flags column of position-liquidated rows. */
export const EVENT_PARTIAL = 1;
export const EVENT_REMAINDER_TO_FUND = 2;
export const EVENT_REMAINDER_TO_ADL = 4;

export interface EventLog {
  length: number;
  kind: Uint8Array;
  step: Int32Array;
  /** +1 long, −1 short, 0 none. */
  side: Int8Array;
  position: Int32Array;
  partial: Uint8Array;
  a: Float64Array;
  b: Float64Array;
  c: Float64Array;
  d: Float64Array;
  e: Float64Array;
}

export function createEventLog(capacity = 1024): EventLog {
  return {
    length: 0,
    kind: new Uint8Array(capacity),
    step: new Int32Array(capacity),
    side: new Int8Array(capacity),
    position: new Int32Array(capacity),
    partial: new Uint8Array(capacity),
    a: new Float64Array(capacity),
    b: new Float64Array(capacity),
    c: new Float64Array(capacity),
    d: new Float64Array(capacity),
    e: new Float64Array(capacity),
  };
}

function grow(log: EventLog): void {
  const capacity = log.kind.length * 2;
  const copy = <T extends Uint8Array | Int8Array | Int32Array | Float64Array>(
    old: T,
    make: (n: number) => T,
  ): T => {
    const next = make(capacity);
    next.set(old);
    return next;
  };
  log.kind = copy(log.kind, (n) => new Uint8Array(n));
  log.step = copy(log.step, (n) => new Int32Array(n));
  log.side = copy(log.side, (n) => new Int8Array(n));
  log.position = copy(log.position, (n) => new Int32Array(n));
  log.partial = copy(log.partial, (n) => new Uint8Array(n));
  log.a = copy(log.a, (n) => new Float64Array(n));
  log.b = copy(log.b, (n) => new Float64Array(n));
  log.c = copy(log.c, (n) => new Float64Array(n));
  log.d = copy(log.d, (n) => new Float64Array(n));
  log.e = copy(log.e, (n) => new Float64Array(n));
}

/** Numeric code of an event kind (for hot loops that append by code). */
export const eventCode = (kind: EventKind): number => KIND_CODE[kind];

/** Appends one event row. Columns a..d carry the kind's numbers in declaration order. */
export function appendEvent(
  log: EventLog,
  kind: EventKind,
  step: number,
  side: number,
  position: number,
  partial: boolean,
  a: number,
  b: number,
  c: number,
  d: number,
): void {
  appendEventCode(log, KIND_CODE[kind], step, side, position, partial ? 1 : 0, a, b, c, d, 0);
}

/** Same as `appendEvent` with the kind already as its code. */
export function appendEventCode(
  log: EventLog,
  code: number,
  step: number,
  side: number,
  position: number,
  partial: number,
  a: number,
  b: number,
  c: number,
  d: number,
  e: number,
): void {
  if (log.length === log.kind.length) grow(log);
  const i = log.length++;
  log.kind[i] = code;
  log.step[i] = step;
  log.side[i] = side;
  log.position[i] = position;
  log.partial[i] = partial;
  log.a[i] = a;
  log.b[i] = b;
  log.c[i] = c;
  log.d[i] = d;
  log.e[i] = e;
}

const sideName = (side: number): 'long' | 'short' => (side > 0 ? 'long' : 'short');

function remainderTakenBy(flags: number): 'none' | 'insurance-fund' | 'auto-deleveraging' {
  if ((flags & EVENT_REMAINDER_TO_FUND) !== 0) return 'insurance-fund';
  if ((flags & EVENT_REMAINDER_TO_ADL) !== 0) return 'auto-deleveraging';
  return 'none';
}

export function eventAt(log: EventLog, i: number): CascadeEvent {
  const step = log.step[i] ?? 0;
  const a = log.a[i] ?? 0;
  const b = log.b[i] ?? 0;
  const c = log.c[i] ?? 0;
  const d = log.d[i] ?? 0;
  const side = sideName(log.side[i] ?? 0);
  const positionId = log.position[i] ?? -1;
  switch (EVENT_KINDS[log.kind[i] ?? 0]) {
    case 'price-moved':
      return { kind: 'price-moved', step, fromPriceUsd: a, toPriceUsd: b };
    case 'position-liquidated':
      return {
        kind: 'position-liquidated',
        step,
        side,
        positionId,
        partial: ((log.partial[i] ?? 0) & EVENT_PARTIAL) !== 0,
        quantity: a,
        filledQuantity: log.e[i] ?? 0,
        fillPriceUsd: b,
        bankruptcyPriceUsd: c,
        collateralDeltaUsd: d,
        remainderTakenBy: remainderTakenBy(log.partial[i] ?? 0),
      };
    case 'insurance-fund-credited':
      return { kind: 'insurance-fund-credited', step, amountUsd: a, balanceUsd: b };
    case 'insurance-fund-debited':
      return { kind: 'insurance-fund-debited', step, amountUsd: a, balanceUsd: b };
    default:
      return {
        kind: 'auto-deleveraged',
        step,
        side,
        positionId,
        quantity: a,
        priceUsd: b,
        collateralDeltaUsd: c,
      };
  }
}

export function* eventsOf(log: EventLog): Generator<CascadeEvent> {
  for (let i = 0; i < log.length; i++) yield eventAt(log, i);
}

/** FNV-1a (32-bit) over every column's bytes: equal logs hash equal, bit for bit. */
export function hashEvents(log: EventLog): string {
  let hash = 0x811c9dc5;
  const mix = (bytes: Uint8Array): void => {
    for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  };
  const n = log.length;
  mix(log.kind.subarray(0, n));
  mix(new Uint8Array(log.step.buffer, 0, n * 4));
  mix(new Uint8Array(log.side.buffer, 0, n));
  mix(new Uint8Array(log.position.buffer, 0, n * 4));
  mix(log.partial.subarray(0, n));
  for (const column of [log.a, log.b, log.c, log.d, log.e]) {
    mix(new Uint8Array(column.buffer, 0, n * 8));
  }
  return hash.toString(16).padStart(8, '0');
}
