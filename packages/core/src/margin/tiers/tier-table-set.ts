import type { TierTable } from './tier-table.js';

/** Tier tables flattened into typed arrays so the batch kernel can search them without objects. */
export interface TierTableSet {
  readonly ids: readonly string[];
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly floor: Float64Array;
  readonly mmr: Float64Array;
  readonly cum: Float64Array;
}

export function buildTierTableSet(tables: readonly TierTable[]): TierTableSet {
  const total = tables.reduce((sum, table) => sum + table.tiers.length, 0);
  const set = {
    ids: tables.map((table) => table.id),
    start: new Int32Array(tables.length),
    count: new Int32Array(tables.length),
    floor: new Float64Array(total),
    mmr: new Float64Array(total),
    cum: new Float64Array(total),
  };
  let offset = 0;
  tables.forEach((table, index) => {
    set.start[index] = offset;
    set.count[index] = table.tiers.length;
    for (const tier of table.tiers) {
      set.floor[offset] = tier.floor;
      set.mmr[offset] = tier.mmr;
      set.cum[offset] = tier.cum;
      offset += 1;
    }
  });
  return set;
}
