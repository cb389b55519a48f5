/**
 * Simulator: inputs (shock, depth, W, the fitted position book or a leverage mix and venue) → one
 * cascade (price path, liquidation waterfall, insurance fund and ADL), or a Monte Carlo job with
 * live progress and quantiles.
 */
import type { IChartApi } from 'lightweight-charts';
import { describeFailure, postJson } from '../api.js';
import { h, message, panel } from '../dom.js';
import {
  checkboxField,
  numberField,
  parseLeverageMix,
  readChecked,
  readNumber,
  readText,
  selectField,
  textField,
} from '../form.js';
import { runJob } from '../jobs.js';
import {
  bookAsOf,
  buildScenario,
  DEFAULT_INPUTS as D,
  hasOpenInterest,
  loadAnchor,
  VENUE_CHOICES,
  type SimulatorInputs,
} from '../scenario.js';
import type { MonteCarloResult, SimulateResponse } from '../types.js';
import type { Dispose, ViewContext } from './event-view.js';
import {
  adlTable,
  positionsFromNote,
  quantileTable,
  simulationChart,
  simulationSummary,
} from './sim-results.js';

/** Defaults: the calibrated 2025-11-21 example scenario (docs/cascade-simulator.md). */
function inputsForm(): HTMLFormElement {
  return h('form', { class: 'inputs', attrs: { 'data-form': 'simulator' } }, [
    selectField('shockKind', 'Shock', ['market-sell', 'market-buy', 'target-price'], D.shockKind),
    numberField('shockValue', 'Shock size (USD) or target price', D.shockValue),
    numberField('depthUsdWithin1Pct', 'Bid depth within 1% (USD)', D.depthUsdWithin1Pct),
    numberField('kappa', 'Depth curve κ', D.kappa),
    numberField('withdrawal', 'Depth withdrawal W', D.withdrawal),
    numberField('resilience', 'Resilience per step', D.resilience),
    numberField('insuranceFundUsd', 'Insurance fund (USD)', D.insuranceFundUsd),
    checkboxField(
      'positionBook',
      'Positions from the fitted position book (server; ignores the four fields below)',
      D.positionBook,
    ),
    numberField('openInterestUsd', 'Open interest (USD)', D.openInterestUsd),
    numberField('longShare', 'Long share', D.longShare),
    textField(
      'leverageMix',
      'Leverage mix (leverage:weight)',
      Object.entries(D.leverageMix)
        .map(([leverage, weight]) => `${leverage}:${weight}`)
        .join(', '),
    ),
    selectField('venue', 'Venue', VENUE_CHOICES, D.venue),
    numberField('positions', 'Positions', D.positions, '1'),
    numberField('runs', 'Monte Carlo runs', 200, '1'),
    h('div', { class: 'buttons' }, [
      h('button', { text: 'Run simulation', attrs: { type: 'submit', name: 'simulate' } }),
      h('button', { text: 'Run Monte Carlo', attrs: { type: 'button', name: 'montecarlo' } }),
    ]),
  ]);
}

type Read<T> = { ok: true; value: T } | { ok: false; error: string };

function readInputs(form: HTMLFormElement, date: string): Read<SimulatorInputs> {
  const names = [
    'shockValue',
    'depthUsdWithin1Pct',
    'kappa',
    'withdrawal',
    'resilience',
    'insuranceFundUsd',
    'openInterestUsd',
    'longShare',
    'positions',
  ] as const;
  const values: Partial<Record<(typeof names)[number], number>> = {};
  for (const name of names) {
    const read = readNumber(form, name);
    if (!read.ok) return read;
    values[name] = read.value;
  }
  const mix = parseLeverageMix(readText(form, 'leverageMix'));
  if (!mix.ok) return mix;
  const shockKind = readText(form, 'shockKind') as SimulatorInputs['shockKind'];
  return {
    ok: true,
    value: {
      date,
      shockKind,
      shockValue: values.shockValue ?? 0,
      depthUsdWithin1Pct: values.depthUsdWithin1Pct ?? 0,
      kappa: values.kappa ?? 0,
      withdrawal: values.withdrawal ?? 0,
      resilience: values.resilience ?? 0,
      insuranceFundUsd: values.insuranceFundUsd ?? 0,
      openInterestUsd: values.openInterestUsd ?? 0,
      longShare: values.longShare ?? 0,
      leverageMix: mix.value,
      venue: readText(form, 'venue'),
      positions: values.positions ?? 0,
      positionBook: readChecked(form, 'positionBook'),
    },
  };
}

async function scenarioFor(
  form: HTMLFormElement,
  ctx: ViewContext,
): Promise<Read<Record<string, unknown>>> {
  const inputs = readInputs(form, ctx.date);
  if (!inputs.ok) return inputs;
  const anchor = await loadAnchor(ctx.date);
  return anchor.ok ? { ok: true, value: buildScenario(inputs.value, anchor.value) } : anchor;
}

interface Outputs {
  readonly charts: IChartApi[];
  readonly output: HTMLElement;
  readonly progress: HTMLProgressElement;
  readonly mcOutput: HTMLElement;
}

async function simulate(form: HTMLFormElement, ctx: ViewContext, out: Outputs): Promise<void> {
  out.output.replaceChildren(message('info', 'Simulating…'));
  const scenario = await scenarioFor(form, ctx);
  if (!scenario.ok) {
    out.output.replaceChildren(message('error', scenario.error));
    return;
  }
  const result = await postJson<SimulateResponse>('/api/simulate', scenario.value);
  if (!result.ok) {
    out.output.replaceChildren(message('error', describeFailure(result)));
    return;
  }
  const container = h('div', { class: 'chart chart-main', attrs: { 'data-chart': 'simulation' } });
  out.output.replaceChildren(
    simulationSummary(result.value),
    ...positionsFromNote(result.value.summary.positionsFrom),
    container,
    adlTable(result.value),
  );
  out.charts.push(simulationChart(container, result.value));
  container.dataset['points'] = String(result.value.series.step.length);
}

async function monteCarlo(form: HTMLFormElement, ctx: ViewContext, out: Outputs): Promise<void> {
  const { progress, mcOutput } = out;
  mcOutput.replaceChildren(message('info', 'Queued…'));
  const scenario = await scenarioFor(form, ctx);
  const runs = readNumber(form, 'runs');
  if (!scenario.ok || !runs.ok) {
    mcOutput.replaceChildren(
      message('error', scenario.ok ? (runs.ok ? '' : runs.error) : scenario.error),
    );
    return;
  }
  const body = { scenario: scenario.value, runs: runs.value };
  const outcome = await runJob<MonteCarloResult>('/api/montecarlo', body, (p) => {
    progress.max = Math.max(1, p.total);
    progress.value = p.done;
    const done = `${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')}`;
    mcOutput.replaceChildren(message('info', `Running: ${done} scenarios`));
  });
  if (!outcome.ok || outcome.job.result === null) {
    const error = outcome.ok ? 'job finished without a result' : outcome.error;
    mcOutput.replaceChildren(message('error', error));
    return;
  }
  progress.value = progress.max;
  mcOutput.replaceChildren(
    ...positionsFromNote(outcome.job.result.positionsFrom),
    quantileTable(outcome.job.result),
  );
}

export function renderSimulatorView(root: HTMLElement, ctx: ViewContext): Dispose {
  const form = inputsForm();
  const out: Outputs = {
    charts: [],
    output: h('div', { class: 'results' }),
    progress: h('progress', { attrs: { max: '1', value: '0' } }),
    mcOutput: h('div', { class: 'results' }),
  };
  const note =
    `The book is parametric (Cum(u) = B·u^κ); the run starts at ${ctx.date}'s open. Positions come from the fitted ` +
    `liquidation model's position book at the end of ${bookAsOf(ctx.date)} (Binance BTC/USDT:USDT open interest stored on ` +
    `the server; ticked by default when it is stored), or are generated over the leverage mix with entries at the BTC 1h ` +
    `closes of the 72 hours before (volume-weighted). Simulated, not observed.`;
  // Default on when the server stores open interest for the book's day.
  void ctx.meta.then((meta) => {
    const box = form.querySelector<HTMLInputElement>('input[name="positionBook"]');
    if (box) box.checked = hasOpenInterest(meta, bookAsOf(ctx.date));
  });
  root.append(
    h('div', { class: 'grid' }, [
      panel('Scenario', [form], note),
      panel('Cascade', [out.output]),
      h('div', { class: 'span-2' }, [
        panel('Monte Carlo (liquidation-at-risk)', [out.progress, out.mcOutput]),
      ]),
    ]),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void simulate(form, ctx, out);
  });
  form.querySelector('button[name=montecarlo]')?.addEventListener('click', () => {
    void monteCarlo(form, ctx, out);
  });
  return () => {
    for (const chart of out.charts) chart.remove();
  };
}
