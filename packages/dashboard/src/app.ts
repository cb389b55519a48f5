/** The app: tabs, date and symbol pickers over the stored data (/api/meta), and the hash router. */
import type { ApiResult } from './api.js';
import { h } from './dom.js';
import { hashOf, readState, views, writeState, type ViewName } from './state.js';
import type { Candles, Meta } from './types.js';
import { renderBriefView } from './views/brief-view.js';
import { renderEventView, type Dispose, type ViewContext } from './views/event-view.js';
import { renderSimulatorView } from './views/simulator-view.js';
import { renderStressView } from './views/stress-view.js';

const labels: Record<ViewName, string> = {
  event: 'Event',
  simulator: 'Simulator',
  stress: 'Stress test',
  brief: 'Brief',
};

const renderers: Record<ViewName, (root: HTMLElement, ctx: ViewContext) => Dispose> = {
  event: renderEventView,
  simulator: renderSimulatorView,
  stress: renderStressView,
  brief: renderBriefView,
};

function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`#${id} missing from index.html`);
  return el;
}

const dateInput = (): HTMLInputElement => byId('date') as HTMLInputElement;
const symbolSelect = (): HTMLSelectElement => byId('symbol') as HTMLSelectElement;

/** Intraday spot symbols first (the event view's candles), then the rest. */
function symbolsOf(meta: Meta): string[] {
  const intraday = meta.candles.filter((c) => c.timeframe !== '1d' && !c.symbol.includes(':'));
  return [...new Set(intraday.map((c) => c.symbol))].sort((a, b) =>
    a.startsWith('BTC') ? -1 : b.startsWith('BTC') ? 1 : a.localeCompare(b),
  );
}

function fillPickers(meta: Meta | null): void {
  const state = readState();
  const dateField = dateInput();
  const symbolField = symbolSelect();
  const btc = meta?.candles.find((c) => c.symbol === 'BTC/USDT' && c.timeframe === '1d');
  if (btc !== undefined) {
    dateField.min = new Date(btc.fromMs).toISOString().slice(0, 10);
    dateField.max = new Date(btc.toMs).toISOString().slice(0, 10);
  }
  dateField.value = state.date;
  const symbols = meta === null ? [state.symbol] : symbolsOf(meta);
  if (!symbols.includes(state.symbol)) symbols.unshift(state.symbol);
  symbolField.replaceChildren(
    ...symbols.map((symbol) => h('option', { text: symbol, attrs: { value: symbol } })),
  );
  symbolField.value = state.symbol;
  dateField.addEventListener('change', () => {
    if (dateField.value !== '') writeState({ date: dateField.value });
  });
  symbolField.addEventListener('change', () => {
    writeState({ symbol: symbolField.value });
  });
}

function renderTabs(active: ViewName): void {
  const nav = byId('tabs');
  nav.replaceChildren(
    ...views.map((view) =>
      h('a', {
        class: view === active ? 'tab active' : 'tab',
        text: labels[view],
        attrs: {
          href: `#${hashOf({ ...readState(), view })}`,
          'data-view': view,
        },
      }),
    ),
  );
}

/** Requests main.ts started before this module loaded, for the state they were made for. */
export interface Prefetched {
  readonly meta: Promise<Meta | null>;
  readonly hash: string;
  readonly candles: Promise<ApiResult<Candles>> | undefined;
}

export function boot(prefetched: Prefetched): void {
  const { meta } = prefetched;
  let firstCandles = prefetched.candles;
  void meta.then(fillPickers);
  const root = byId('view');
  let dispose: Dispose = () => undefined;
  let shown = '';
  const show = (): void => {
    const state = readState();
    const key = hashOf(state);
    if (key === shown) return;
    shown = key;
    dispose();
    root.replaceChildren();
    root.dataset['view'] = state.view;
    delete root.dataset['firstChart'];
    renderTabs(state.view);
    dateInput().value = state.date;
    symbolSelect().value = state.symbol;
    const candles = key === prefetched.hash ? firstCandles : undefined;
    firstCandles = undefined;
    dispose = renderers[state.view](root, { ...state, meta, ...(candles ? { candles } : {}) });
  };
  window.addEventListener('hashchange', show);
  show();
}
