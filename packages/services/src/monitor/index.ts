export * from './liquidation-maps.js';
export * from './watched-position.js';
export * from './fedwatch-observations.js';
export * from './macro-refresh.js';
