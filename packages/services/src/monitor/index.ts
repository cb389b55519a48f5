export * from './liquidation-maps.js';
export * from './watched-position.js';
