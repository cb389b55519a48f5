export * from './margin/index.js';
