/**
 * A fact: one number (or date) the brief may print, with its unit, where it came from and the
 * rounding it is stated with. The article never types a number: it renders facts.
 */

/**
 * Units a fact can carry.
 * - `USD`: dollars (prices and notionals);
 * - `fraction`: a ratio printed as a percentage (0.0697 → 6.97%);
 * - `bp`: basis points; `points`: index points; `count`: a whole count;
 * - `x`: a multiple (leverage 20×); `ratio`: a plain decimal (correlation 0.64);
 * - `date`: an ISO day `YYYY-MM-DD`; `datetime`: an ISO instant, printed as `HH:MM UTC`.
 */
export type FactUnit =
  'USD' | 'fraction' | 'bp' | 'points' | 'count' | 'x' | 'ratio' | 'date' | 'datetime';

export interface Fact {
  readonly id: string;
  readonly value: number | string;
  readonly unit: FactUnit;
  /** Table/query or computation the value comes from. */
  readonly source: string;
  /**
   * Stated rounding: the finest step the text may print, in the unit's printed form (USD:
   * dollars, fraction: percentage points, bp, points, count, x, ratio). Dates: 1 day; datetimes:
   * 1 minute.
   */
  readonly stepPrinted: number;
}

export type NumericFact = Fact & { readonly value: number };

/** The facts of one brief, in insertion order, keyed by id. */
export class FactBook {
  readonly #facts = new Map<string, Fact>();

  add(fact: Fact): Fact {
    if (typeof fact.value === 'number' && !Number.isFinite(fact.value)) {
      throw new Error(`fact ${fact.id}: value is not finite`);
    }
    if (fact.unit !== 'USD' && fact.stepPrinted > 1) {
      throw new Error(`fact ${fact.id}: only USD facts may be stated coarser than 1`);
    }
    this.#facts.set(fact.id, fact);
    return fact;
  }

  /** Adds a numeric fact when the value is known; returns it (or undefined). */
  num(
    id: string,
    value: number | null | undefined,
    unit: FactUnit,
    stepPrinted: number,
    source: string,
  ): NumericFact | undefined {
    if (value === null || value === undefined || !Number.isFinite(value)) return undefined;
    const fact = { id, value, unit, stepPrinted, source };
    this.add(fact);
    return fact;
  }

  date(id: string, isoDay: string, source: string): Fact {
    return this.add({ id, value: isoDay, unit: 'date', stepPrinted: 1, source });
  }

  datetime(id: string, tsMs: number, source: string): Fact {
    const iso = new Date(tsMs).toISOString();
    return this.add({ id, value: iso, unit: 'datetime', stepPrinted: 1, source });
  }

  get(id: string): Fact | undefined {
    return this.#facts.get(id);
  }

  has(id: string): boolean {
    return this.#facts.has(id);
  }

  all(): readonly Fact[] {
    return [...this.#facts.values()];
  }
}
