// Data loading: the store, the embedded files, and the macro source over either.
export * from './repo-paths.js';
export * from './market-store.js';
export * from './macro-data.js';
export * from './macro-source.js';
export * from './heatmap-input.js';
export * from './position-record.js';
// Cascade scenarios and Monte Carlo.
export * from './cascade/book-files.js';
export * from './cascade/scenario-schema.js';
export * from './cascade/load-scenario.js';
export * from './cascade/mc-run.js';
export * from './cascade/mc-support.js';
export * from './cascade/shared-book.js';
export * from './cascade/stress.js';
