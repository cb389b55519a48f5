export * from './margin/index.js';
export * from './market/index.js';
export * from './cascade/index.js';
