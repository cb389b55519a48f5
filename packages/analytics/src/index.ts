export * from './dates.js';
export * from './fedwatch.js';
