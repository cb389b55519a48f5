// Data loading: the store, the embedded files, and the macro source over either.
export * from './repo-paths.js';
export * from './market-store.js';
export * from './macro-data.js';
export * from './macro-source.js';
export * from './heatmap-input.js';
export * from './liquidation-model.js';
export * from './position-record.js';
// Cascade scenarios and Monte Carlo.
export * from './cascade/book-files.js';
export * from './cascade/scenario-schema.js';
export * from './cascade/load-scenario.js';
export * from './cascade/position-book-source.js';
export * from './cascade/mc-run.js';
export * from './cascade/mc-support.js';
export * from './cascade/shared-book.js';
export * from './cascade/stress.js';
export * from './cascade/stress-market.js';
export * from './cascade/simulation-documents.js';
export * from './cascade/downsample.js';
export * from './cascade/simulate-run.js';
export * from './cascade/stabilising-flow.js';
// One report builder per analysis (the JSON documents of `cascade <command> --json`).
export * from './reports/history.js';
export * from './reports/divergence.js';
export * from './reports/fedwatch.js';
export * from './reports/rates.js';
export * from './reports/contagion.js';
export * from './reports/levels.js';
export * from './reports/heatmap.js';
export * from './reports/risk.js';
export * from './monitor/index.js';
export * from './scenario-builder/build-scenario.js';
export * from './backtest/scores.js';
export * from './backtest/backtest.js';
export * from './backtest/chart.js';
