export * from './engine.js';
export * from './format.js';
export * from './gate.js';
export * from './rule-specs.js';
export * from './types.js';
export { notionalBetween } from './rules/liquidation-cluster.js';
export { liquidationDistance } from './rules/position-distance.js';
export { nextRegime, type CorrelationRegime } from './rules/correlation-regime.js';
