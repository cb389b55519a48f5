/**
 * Entry: starts the first view's requests (/api/meta, and the event view's candles) before the
 * app and the chart library are loaded and parsed, so the download overlaps the parse.
 */
import './styles.css';
import { getJson } from './api.js';
import { eventCandles } from './event-data.js';
import { hashOf, readState } from './state.js';
import type { Meta } from './types.js';

const meta = getJson<Meta>('/api/meta').then((result) => (result.ok ? result.value : null));
const state = readState();
const candles =
  state.view === 'event' ? eventCandles(meta, state.symbol, state.date, state.days - 1) : undefined;

void import('./app.js').then(({ boot }) => {
  boot({ meta, hash: hashOf(state), candles });
});
