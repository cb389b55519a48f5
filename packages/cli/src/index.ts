export { main, MAIN_HELP } from './main.js';
export type { CliIo } from './io.js';
