/**
 * Event view: candles with levels, the estimated liquidation heatmap and realized liquidations;
 * BTC against the S&P 500 and Nasdaq with rolling correlation; FedWatch; contagion; history.
 */
import type { IChartApi } from 'lightweight-charts';
import { describeFailure, type ApiResult } from '../api.js';
import { asyncPanel } from '../async-panel.js';
import { afterPaint, colors } from '../charts/theme.js';
import { drawMacroChart } from '../charts/macro-chart.js';
import { PriceChart } from '../charts/price-chart.js';
import { h, message, panel } from '../dom.js';
import * as data from '../event-data.js';
import { pct, price, share, usd, utcTime } from '../format.js';
import type { Candles, DivergenceReport, EventSummary, Meta } from '../types.js';
import { contagionTable, fedWatchBody, historyTable } from './event-tables.js';

export interface ViewContext {
  readonly date: string;
  readonly symbol: string;
  /** Days of intraday candles up to the date. */
  readonly days: number;
  readonly meta: Promise<Meta | null>;
  /** The candles request main.ts already started for this state. */
  readonly candles?: Promise<ApiResult<Candles>>;
}

export type Dispose = () => void;

const DAY_MS = 86_400_000;

function stat(label: string, value: string, tone?: 'up' | 'down'): HTMLElement {
  return h('div', { class: `stat${tone === undefined ? '' : ` ${tone}`}` }, [
    h('span', { class: 'stat-label', text: label }),
    h('span', { class: 'stat-value', text: value }),
  ]);
}

const tone = (value: number | null | undefined): 'up' | 'down' | undefined =>
  value === null || value === undefined ? undefined : value >= 0 ? 'up' : 'down';

/** Percent units (the summary's `…Pct` fields) as a signed percentage. */
const pctUnits = (value: number | null | undefined): string =>
  value === null || value === undefined ? '–' : pct(value / 100);

function topProbability(probabilities: Readonly<Record<string, number>>): string {
  const [range, p] = Object.entries(probabilities).sort(([, a], [, b]) => b - a)[0] ?? [];
  return range === undefined ? '–' : `${share(p)} for ${range} bp`;
}

/** Headline numbers of /api/event/summary (each part may be null) and the divergence verdict. */
function summaryStrip(summary: EventSummary, divergence: DivergenceReport | null): HTMLElement {
  const { price: bar, brokenLevel, liquidations, equities, fedwatch } = summary;
  return h('div', { class: 'stats' }, [
    stat(`${summary.symbol} close`, price(bar?.close), tone(bar?.changePct)),
    stat('Day change', pctUnits(bar?.changePct), tone(bar?.changePct)),
    stat('Intraday drawdown', pctUnits(bar?.drawdownPct), 'down'),
    stat(
      'Level broken',
      brokenLevel === null
        ? 'none'
        : `${price(brokenLevel.priceUsd)} ${brokenLevel.kind} at ${utcTime(brokenLevel.atMs).slice(11)} UTC`,
    ),
    stat(
      `Liquidated (${liquidations?.scope ?? 'reported'})`,
      liquidations === null
        ? '–'
        : `${usd(liquidations.totalUsd)}, ${share(liquidations.longShare, 0)} longs`,
    ),
    stat(
      'S&P 500 / Nasdaq',
      `${pctUnits(equities?.spxChangePct)} / ${pctUnits(equities?.nasdaqChangePct)}`,
      tone(equities?.spxChangePct),
    ),
    stat(
      fedwatch === null ? 'FedWatch' : `FedWatch ${fedwatch.meeting}`,
      fedwatch === null ? '–' : topProbability(fedwatch.probabilities),
    ),
    stat(
      'Regime / attribution',
      `${divergence?.today?.regime ?? '–'} / ${divergence?.attribution?.verdict ?? '–'}`,
    ),
  ]);
}

/** The price panel, and a promise settled once its first chart is drawn (or failed to load). */
function priceSection(
  ctx: ViewContext,
  charts: IChartApi[],
  root: HTMLElement,
): { section: HTMLElement; drawn: Promise<void> } {
  const container = h('div', { class: 'chart chart-main', attrs: { 'data-chart': 'price' } });
  const status = h('div', { class: 'chart-status' }, [message('info', 'Loading candles…')]);
  const legend = h('p', {
    class: 'note',
    text:
      'Lines: detected support/resistance (yellow = broken on the day). Orange cells: ESTIMATED liquidation levels ' +
      '(the fitted liquidation model over open interest, not observed positions). Lower pane: realized liquidations, longs up, shorts down.',
  });
  const section = panel(`${ctx.symbol} — ${ctx.date}`, [container, status, legend]);
  let settle: () => void = () => undefined;
  const drawn = new Promise<void>((resolve) => (settle = resolve));
  void (async () => {
    const candles = await (ctx.candles ??
      data.eventCandles(ctx.meta, ctx.symbol, ctx.date, ctx.days - 1));
    performance.mark('cascade:candles-received');
    status.replaceChildren();
    if (!candles.ok || candles.value.candles.length === 0) {
      settle();
      const text = candles.ok
        ? `No ${ctx.symbol} candles stored around ${ctx.date}.`
        : describeFailure(candles);
      status.append(message(candles.ok ? 'info' : 'error', text));
      return;
    }
    const chart = new PriceChart(container);
    charts.push(chart.chart);
    chart.setCandles(candles.value.candles);
    container.dataset['points'] = String(chart.candleCount());
    await afterPaint();
    performance.mark('cascade:first-chart');
    root.dataset['firstChart'] = 'drawn';
    settle();
    await overlays(ctx, chart, status);
  })();
  return { section, drawn };
}

async function overlays(ctx: ViewContext, chart: PriceChart, status: HTMLElement): Promise<void> {
  const [levels, heatmap, liquidations] = await Promise.all([
    data.levels(ctx.symbol, ctx.date),
    // The liquidation model is fitted on the BTC perpetual's hourly bars.
    data.baseOf(ctx.symbol) === 'BTC' ? data.heatmap(ctx.date) : Promise.resolve(null),
    data.liquidations(ctx.symbol, ctx.date),
  ]);
  if (levels.ok) {
    const broken = new Set(
      levels.value.breaches.filter((b) => b.closeThroughTs !== null).map((b) => b.level),
    );
    chart.setLevels(levels.value.levels, broken);
    const closes = levels.value.breaches
      .filter((b) => b.closeThroughTs !== null)
      .map((b) => price(b.level));
    if (closes.length > 0)
      status.append(message('info', `Closed through on the day: ${closes.join(', ')}.`));
  } else status.append(message('error', `Levels: ${describeFailure(levels)}`));
  if (
    heatmap?.ok === true &&
    heatmap.value.grid !== undefined &&
    heatmap.value.grid.rows.length > 0
  ) {
    chart.setHeatmap(heatmap.value.grid);
    status.dataset['heatmap'] = heatmap.value.openInterest?.source ?? 'hourly';
    // Where the open interest came from when it is not hourly throughout (the gap, in words).
    const note = heatmap.value.openInterest?.note;
    if (note) status.append(message('info', `Estimated heatmap: ${note}.`));
  } else {
    const why =
      heatmap === null
        ? 'the liquidation model is drawn for BTC only'
        : heatmap.ok
          ? 'no open interest stored for this window'
          : heatmap.status === 404
            ? heatmap.error // what is missing and which dates have open interest, in words
            : describeFailure(heatmap);
    status.append(message('info', `Estimated heatmap not drawn: ${why}.`));
  }
  if (liquidations.ok && liquidations.value.length > 0) chart.setLiquidations(liquidations.value);
  else {
    status.append(
      message(
        'info',
        liquidations.ok
          ? 'Realized liquidations: none stored for this window.'
          : `Liquidations: ${describeFailure(liquidations)}`,
      ),
    );
  }
}

function macroSection(ctx: ViewContext, charts: IChartApi[], after: Promise<void>): HTMLElement {
  const container = h('div', { class: 'chart', attrs: { 'data-chart': 'macro' } });
  container.hidden = true;
  const status = h('div', { class: 'chart-status' }, [message('info', 'Loading…')]);
  const section = panel(
    'BTC vs S&P 500 and Nasdaq (normalised = 100)',
    [container, status],
    'Lower pane: 30-trading-day rolling correlation of daily returns.',
  );
  const toMs = data.dayStartMs(ctx.date) + DAY_MS - 1;
  const fromMs = toMs - 180 * DAY_MS;
  void (async () => {
    await after;
    const [btc, spx, ndx] = await Promise.all([
      data.dailyCandles('BTC/USDT', fromMs, toMs),
      data.macroSeries('^GSPC', fromMs, toMs),
      data.macroSeries('^IXIC', fromMs, toMs),
    ]);
    status.replaceChildren();
    if (!btc.ok || !spx.ok || !ndx.ok) {
      for (const result of [btc, spx, ndx]) {
        if (!result.ok) status.append(message('error', describeFailure(result)));
      }
      return;
    }
    container.hidden = false;
    const { chart, points } = drawMacroChart(
      container,
      data.toDailySeries(btc.value),
      [
        { label: 'S&P 500', color: colors.spx, series: spx.value },
        { label: 'Nasdaq', color: colors.ndx, series: ndx.value },
      ],
      30,
    );
    charts.push(chart);
    container.dataset['points'] = String(points);
  })();
  return section;
}

export function renderEventView(root: HTMLElement, ctx: ViewContext): Dispose {
  const charts: IChartApi[] = [];
  // The candles go first: the analyses are requested once the first chart is drawn, so they do
  // not compete with it for the server.
  const price = priceSection(ctx, charts, root);
  const after = <T>(request: () => Promise<T>): Promise<T> => price.drawn.then(request);
  const historyRequest = after(() => data.history(ctx.date));
  const divergenceRequest = after(() => data.divergence(ctx.date));
  const summaryRequest = after(() => data.eventSummary(ctx.symbol, ctx.date));
  const summary = asyncPanel('The day', summaryRequest, async (report, body) => {
    const divergence = await divergenceRequest;
    body.append(summaryStrip(report, divergence.ok ? divergence.value : null));
  });
  root.append(
    h('div', { class: 'grid' }, [
      h('div', { class: 'span-2' }, [summary]),
      h('div', { class: 'span-2' }, [price.section]),
      macroSection(ctx, charts, price.drawn),
      asyncPanel(
        'FedWatch',
        after(() => data.fedWatch(ctx.date)),
        (report, body) => {
          body.append(fedWatchBody(report));
        },
      ),
      asyncPanel(
        'Altcoin contagion',
        after(() => data.contagion(ctx.date)),
        (report, body) => {
          body.append(contagionTable(report));
        },
      ),
      asyncPanel(
        'Historical ranking',
        historyRequest,
        (report, body) => {
          body.append(historyTable(report));
        },
        'Catalogued liquidation events (data/events/historical-events.json), ranked by BTC intraday drawdown.',
      ),
    ]),
  );
  return () => {
    for (const chart of charts) chart.remove();
  };
}
