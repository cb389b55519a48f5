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

/** A liquidation price, or why the venue cannot price the record (the server's field message). */
type Priced = { readonly price: number | null } | { readonly reason: string };

/**
 * Prices records on one venue. A record the venue cannot price (no bundled tier table) comes
 * back as a 400 naming `body[i]`; those are set aside with their reason and the rest re-posted.
 */
async function priceOn(exchange: string | null, records: readonly Json[]): Promise<Priced[]> {
  const out: Priced[] = records.map(() => ({ reason: 'not priced' }));
  let pending = records.map((_, index) => index);
  for (let attempt = 0; attempt < 2 && pending.length > 0; attempt++) {
    const body = pending.map((i) => (exchange === null ? records[i] : { ...records[i], exchange }));
    const result = await postJson<LiqPriceRow[]>('/api/liq-price', body);
    if (result.ok) {
      pending.forEach((i, k) => (out[i] = { price: result.value[k]?.liquidationPrice ?? null }));
      return out;
    }
    const rejected = new Set<number>();
    for (const issue of result.issues) {
      const match = /^body\[(\d+)\]/.exec(issue.path);
      const original = match === null ? undefined : pending[Number(match[1])];
      if (original === undefined) continue;
      rejected.add(original);
      out[original] = { reason: `${issue.path.replace(/^body\[\d+\]\.?/, '')}: ${issue.message}` };
    }
    if (rejected.size === 0) {
      for (const i of pending) out[i] = { reason: describeFailure(result) };
      return out;
    }
    pending = pending.filter((i) => !rejected.has(i));
  }
  return out;
}

const cell = (priced: Priced | undefined): HTMLElement | string =>
  priced === undefined
    ? '–'
    : 'price' in priced
      ? price(priced.price)
      : h('span', { class: 'muted', text: '–', title: priced.reason });

async function perVenue(records: Json[]): Promise<HTMLElement> {
  const portableIndices = records.flatMap((record, index) => (portable(record) ? [index] : []));
  const [given, ...columns] = await Promise.all([
    priceOn(null, records),
    ...COMPARED_VENUES.map((exchange) =>
      priceOn(
        exchange,
        portableIndices.map((i) => records[i] ?? {}),
      ),
    ),
  ]);
  const rows = records.map((record, index) => {
    const slot = portableIndices.indexOf(index);
    return [
      index,
      `${String(record['exchange'])} ${String(record['symbol'])} ${String(record['side'])} ${String(record['marginMode'])}`,
      cell(given[index]),
      ...columns.map((column) => (slot < 0 ? '' : cell(column[slot]))),
    ];
  });
  const problems = given.flatMap((priced, index) =>
    'reason' in priced ? [`record ${index}: ${priced.reason}`] : [],
  );
  return h('div', { attrs: { 'data-result': 'liq-price' } }, [
    table(['#', 'Position', 'Liquidation (as given)', ...COMPARED_VENUES], rows),
    h('p', {
      class: 'note',
      text:
        'Per-venue columns re-price isolated linear records with each venue’s margin rules and bundled tier table; ' +
        '– means the venue has no bundled tier for the symbol (hover for the reason).',
    }),
    ...problems.map((problem) => message('error', problem)),
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
  // The calibrated example market (examples/scenarios/2025-11-21.json); without a scenario the
  // server would use the fitted position book of its last stored day.
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
  progress.value = progress.max;
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
      h('div', { class: 'span-2' }, [panel('Positions', [form])]),
      h('div', { class: 'span-2' }, [panel('Liquidation prices per venue', [prices])]),
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
