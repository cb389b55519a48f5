/** The simulator's results: price path + liquidation waterfall chart, fund and ADL, MC quantiles. */
import type { IChartApi } from 'lightweight-charts';
import { makeStepChart, stepBars, stepLine } from '../charts/step-chart.js';
import { colors } from '../charts/theme.js';
import { h, table } from '../dom.js';
import { num, pct, price, usd } from '../format.js';
import type { MonteCarloResult, PositionsFrom, SimulateResponse } from '../types.js';

function stat(label: string, value: string): HTMLElement {
  return h('div', { class: 'stat' }, [
    h('span', { class: 'stat-label', text: label }),
    h('span', { class: 'stat-value', text: value }),
  ]);
}

export function simulationSummary(response: SimulateResponse): HTMLElement {
  const s = response.summary;
  return h('div', { class: 'stats', attrs: { 'data-result': 'simulation' } }, [
    stat('Liquidated', usd(s.totalLiquidatedUsd)),
    stat('Longs / shorts', `${usd(s.longLiquidatedUsd)} / ${usd(s.shortLiquidatedUsd)}`),
    stat('Liquidations', s.liquidations.toLocaleString('en-US')),
    stat(
      'Start → low',
      `${price(s.startPrice)} → ${price(s.minPrice)} (${pct(s.minPrice / s.startPrice - 1)})`,
    ),
    stat('Amplification', `${num(s.amplification, 2)}×`),
    stat('Insurance fund', `${usd(s.insuranceFundStartUsd)} → ${usd(s.insuranceFundEndUsd)}`),
    stat('Fund take-over', usd(s.fundTakeoverUsd)),
    stat('ADL', usd(s.adlUsd)),
    stat('Unresolved', usd(s.unresolvedUsd)),
  ]);
}

/** One note per position-book source: what was drawn, and the model's label. */
export function positionsFromNote(list: readonly PositionsFrom[] | undefined): HTMLElement[] {
  return (list ?? []).map((p) =>
    h('p', {
      class: 'note',
      attrs: { 'data-result': 'positions-from' },
      text:
        `${p.positions.toLocaleString('en-US')} positions from the fitted position book at the end of ${p.asOf} ` +
        `(longs ${usd(p.bookLongUsd)}, shorts ${usd(p.bookShortUsd)} live). ` +
        (p.openInterestNote ? `Note: ${p.openInterestNote}. ` : '') +
        `${p.model}.`,
    }),
  );
}

/**
 * Price per step; liquidated USD per step beneath it (the waterfall: longs up, shorts down);
 * the insurance fund and cumulative ADL in the third pane.
 */
export function simulationChart(container: HTMLElement, response: SimulateResponse): IChartApi {
  const chart = makeStepChart(container);
  const { series } = response;
  const column = (values: readonly number[]) => ({ steps: series.step, values });
  stepLine(chart, column(series.priceUsd), { color: colors.btc, title: 'price' });
  stepBars(chart, column(series.longLiquidatedUsd), {
    color: colors.long,
    title: 'longs liquidated',
  });
  stepBars(chart, column(series.shortLiquidatedUsd.map((usd) => -usd)), {
    color: colors.short,
    title: 'shorts liquidated',
  });
  stepLine(chart, column(series.insuranceFundUsd), {
    color: colors.spx,
    title: 'insurance fund',
    pane: 2,
  });
  stepLine(chart, column(series.adlUsd), { color: colors.ndx, title: 'ADL (cumulative)', pane: 2 });
  chart.panes()[1]?.setHeight(110);
  chart.panes()[2]?.setHeight(90);
  chart.timeScale().fitContent();
  return chart;
}

export function adlTable(response: SimulateResponse): HTMLElement {
  const s = response.summary;
  return table(
    ['Insurance fund and ADL', 'USD'],
    [
      ['Insurance fund at the start', usd(s.insuranceFundStartUsd)],
      ['Insurance fund at its lowest', usd(s.insuranceFundMinUsd)],
      ['Insurance fund at the end', usd(s.insuranceFundEndUsd)],
      ['Positions taken over by the fund', usd(s.fundTakeoverUsd)],
      ['Auto-deleveraged (ADL)', usd(s.adlUsd)],
      ['Unresolved (neither fund nor ADL)', usd(s.unresolvedUsd)],
    ],
  );
}

export function quantileTable(result: MonteCarloResult): HTMLElement {
  const rows = (
    [
      ['Liquidated', result.liquidatedUsd, usd],
      ['Long liquidated', result.longLiquidatedUsd, usd],
      ['Drawdown', result.drawdownPct, (v: number) => `${num(v, 2)}%`],
      ['Insurance fund loss', result.insuranceFundLossUsd, usd],
      ['ADL', result.adlUsd, usd],
    ] as const
  ).map(([label, q, f]) => [label, f(q.mean), f(q.p50), f(q.p95), f(q.p99), f(q.max)]);
  return h('div', { attrs: { 'data-result': 'montecarlo' } }, [
    h('p', {
      class: 'lede',
      text: `${result.runs.toLocaleString('en-US')} scenarios in ${num(result.seconds, 1)} s on ${result.threads} threads.`,
    }),
    table(['', 'mean', 'p50', 'p95', 'p99', 'max'], rows),
  ]);
}
