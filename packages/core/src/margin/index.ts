export * from './types.js';
export * from './kernel.js';
export * from './evaluate.js';
export { reducePosition, type Reduction } from './reduce.js';
export { writeRow, type RowSpec } from './row-spec.js';
export { MARGIN_MODELS } from './models.js';
export type { VenueRules, DefaultRate } from './venue-rules.js';
export { parseSymbol, sameInstrument } from './symbols.js';
export { TIER_TABLES, TIER_TABLE_SET } from './tiers/registry.js';
export {
  tiersFromBrackets,
  tierIndexAt,
  type Tier,
  type TierTable,
  type TierBasis,
} from './tiers/tier-table.js';
export { buildTierTableSet, type TierTableSet } from './tiers/tier-table-set.js';
