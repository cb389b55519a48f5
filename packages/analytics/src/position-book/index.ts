export * from './features.js';
export * from './fit-model.js';
export * from './linear-model.js';
export * from './liquidation-model.js';
export * from './nelder-mead.js';
export * from './walk-forward.js';
