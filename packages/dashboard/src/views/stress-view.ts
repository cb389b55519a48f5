/**
 * Stress test: paste or upload position records → liquidation prices as given and on each venue
 * with a bundled tier table, then the probability of liquidation under the Monte Carlo shocks.
 */
import { describeFailure, postJson } from '../api.js';
import { h, message, panel, table } from '../dom.js';
import { readNumber } from '../form.js';
import { price, share, usd } from '../format.js';
import { runJob } from '../jobs.js';
import type { LiqPriceRow, StressResult } from '../types.js';
import type { Dispose, ViewContext } from './event-view.js';

/** Venues whose BTCUSDT/ETHUSDT tier tables are bundled (the others need `mmr` on each record). */
const COMPARED_VENUES = ['Binance', 'Bybit', 'Hyperliquid', 'dYdX v4'] as const;

type Json = Record<string, unknown>;

function parsePositions(text: string): { ok: true; value: Json[] } | { ok: false; error: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value))
      return { ok: false, error: 'positions: expected a JSON array of position records' };
    return { ok: true, value: value as Json[] };
  } catch (error) {
    return { ok: false, error: `positions: not JSON (${(error as Error).message})` };
  }
}

/** Linear isolated records without venue-specific fields can be re-priced on another venue. */
const portable = (record: Json): boolean =>
  record['contract'] === 'linear' &&
  record['marginMode'] === 'isolated' &&
  record['mmr'] === undefined;

async function perVenue(records: Json[]): Promise<HTMLElement> {
  const given = await postJson<LiqPriceRow[]>('/api/liq-price', records);
  if (!given.ok) return message('error', describeFailure(given));
  const columns = await Promise.all(
    COMPARED_VENUES.map((exchange) =>
      postJson<LiqPriceRow[]>(
        '/api/liq-price',
        records.filter(portable).map((record) => ({ ...record, exchange })),
      ),
    ),
  );
  let portableIndex = 0;
  const rows = records.map((record, index) => {
    const own = given.value[index];
    const cells = [
      index,
      `${String(record['exchange'])} ${String(record['symbol'])} ${String(record['side'])} ${String(record['marginMode'])}`,
      price(own?.liquidationPrice),
    ];
    const slot = portable(record) ? portableIndex++ : -1;
    for (const column of columns) {
      cells.push(slot < 0 || !column.ok ? '–' : price(column.value[slot]?.liquidationPrice));
    }
    return cells;
  });
  const failures = columns.flatMap((column, i) =>
    column.ok ? [] : [`${COMPARED_VENUES[i] ?? ''}: ${describeFailure(column)}`],
  );
  return h('div', { attrs: { 'data-result': 'liq-price' } }, [
    table(['#', 'Position', 'Liquidation (as given)', ...COMPARED_VENUES], rows),
    h('p', {
      class: 'note',
      text: 'Per-venue columns re-price isolated linear records with each venue’s margin rules and bundled tier table.',
    }),
    ...failures.map((failure) => message('error', failure)),
  ]);
}

function stressTable(result: StressResult): HTMLElement {
  const rows = result.positions.map((p) => [
    p.input,
    `${p.venue} ${p.symbol} ${p.side}`,
    price(p.liquidationPrice),
    share(p.probabilityOfLiquidation),
    usd(p.expectedLossUsd),
    usd(p.liquidatingShockUsd),
    p.note ?? '',
  ]);
  return h('div', { attrs: { 'data-result': 'stress' } }, [
    table(
      [
        '#',
        'Position',
        'Liquidation',
        'P(liquidation)',
        'Expected loss',
        'Smallest liquidating sell',
        'Note',
      ],
      rows,
    ),
    h('p', {
      class: 'note',
      text: `${result.runs.toLocaleString('en-US')} Monte Carlo cascades of the calibrated 2025-11-21 scenario (examples/scenarios/2025-11-21.json).`,
    }),
  ]);
}

const STRESS_SCENARIO = '2025-11-21';

/** The stress job over the calibrated example market; progress by SSE. */
async function runStress(
  form: HTMLFormElement,
  text: string,
  progress: HTMLProgressElement,
  out: HTMLElement,
): Promise<void> {
  const records = parsePositions(text);
  if (!records.ok) {
    out.replaceChildren(message('error', records.error));
    return;
  }
  const runCount = readNumber(form, 'runs');
  out.replaceChildren(message('info', 'Queued…'));
  // The calibrated example market (examples/scenarios/2025-11-21.json), the server's default.
  const body = {
    scenario: STRESS_SCENARIO,
    positions: records.value,
    ...(runCount.ok ? { runs: runCount.value } : {}),
  };
  const outcome = await runJob<StressResult>('/api/stress', body, (p) => {
    progress.max = Math.max(1, p.total);
    progress.value = p.done;
  });
  if (!outcome.ok || outcome.job.result === null) {
    out.replaceChildren(
      message('error', outcome.ok ? 'job finished without a result' : outcome.error),
    );
    return;
  }
  out.replaceChildren(stressTable(outcome.job.result));
}

export function renderStressView(root: HTMLElement, _ctx: ViewContext): Dispose {
  const textarea = h('textarea', {
    attrs: {
      name: 'positions',
      rows: '12',
      spellcheck: 'false',
      placeholder: 'Paste a JSON array of position records (docs/position-record.md)',
    },
  });
  const upload = h('input', {
    attrs: { type: 'file', accept: '.json,application/json', name: 'upload' },
  });
  const runs = h('input', {
    attrs: { type: 'number', name: 'runs', value: '200', min: '1', step: '1' },
  });
  const form = h('form', { class: 'inputs', attrs: { 'data-form': 'stress' } }, [
    textarea,
    h('label', { class: 'field' }, [h('span', { text: 'or upload a file' }), upload]),
    h('label', { class: 'field' }, [h('span', { text: 'Monte Carlo runs' }), runs]),
    h('div', { class: 'buttons' }, [
      h('button', { text: 'Liquidation prices', attrs: { type: 'submit', name: 'liq-price' } }),
      h('button', {
        text: 'Probability of liquidation',
        attrs: { type: 'button', name: 'stress' },
      }),
    ]),
  ]);
  const prices = h('div', { class: 'results' });
  const progress = h('progress', { attrs: { max: '1', value: '0' } });
  const stress = h('div', { class: 'results' });
  root.append(
    h('div', { class: 'grid' }, [
      panel('Positions', [form]),
      panel('Liquidation prices per venue', [prices]),
      h('div', { class: 'span-2' }, [panel('Probability of liquidation', [progress, stress])]),
    ]),
  );
  upload.addEventListener('change', () => {
    const file = upload.files?.[0];
    if (file !== undefined) void file.text().then((text) => (textarea.value = text));
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const records = parsePositions(textarea.value);
    if (!records.ok) {
      prices.replaceChildren(message('error', records.error));
      return;
    }
    prices.replaceChildren(message('info', 'Computing…'));
    void perVenue(records.value).then((el) => {
      prices.replaceChildren(el);
    });
  });
  form.querySelector('button[name=stress]')?.addEventListener('click', () => {
    void runStress(form, textarea.value, progress, stress);
  });
  return () => undefined;
}
