export * from './contagion.js';
export * from './dates.js';
export * from './divergence.js';
export * from './fedwatch.js';
export * from './rates.js';
export * from './stats.js';
export * from './heatmap.js';
export * from './heatmap-validation.js';
