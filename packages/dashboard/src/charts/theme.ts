/** Shared chart options: dark theme, UTC time axis, TradingView attribution logo kept on. */
import {
  ColorType,
  CrosshairMode,
  createChart,
  type DeepPartial,
  type IChartApi,
  type TimeChartOptions,
  type UTCTimestamp,
} from 'lightweight-charts';

export const colors = {
  up: '#26a69a',
  down: '#ef5350',
  long: '#ef5350',
  short: '#26a69a',
  btc: '#f7931a',
  spx: '#4f8ef7',
  ndx: '#b07cf7',
  corr: '#cfd8dc',
  level: '#90a4ae',
  support: '#26a69a',
  resistance: '#ef5350',
  broken: '#ffca28',
} as const;

const base: DeepPartial<TimeChartOptions> = {
  autoSize: true,
  layout: {
    background: { type: ColorType.Solid, color: '#11161c' },
    textColor: '#c9d1d9',
    fontSize: 11,
    // The built-in logo injects a <style> element, which the server's CSP (style-src 'self')
    // blocks; makeChart adds the same link to TradingView as an element styled by styles.css.
    attributionLogo: false,
    panes: { separatorColor: '#2a313a' },
  },
  grid: { vertLines: { color: '#1c232b' }, horzLines: { color: '#1c232b' } },
  timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#2a313a' },
  rightPriceScale: { borderColor: '#2a313a' },
  crosshair: { mode: CrosshairMode.Normal },
};

/** Lightweight Charts' licence: a link to https://www.tradingview.com/ where the charts are shown. */
function attribution(): HTMLAnchorElement {
  const link = document.createElement('a');
  link.className = 'tv-attr';
  link.href = 'https://www.tradingview.com/';
  link.target = '_blank';
  link.rel = 'noopener';
  link.title = 'Charting by TradingView Lightweight Charts™';
  link.textContent = 'TradingView';
  return link;
}

export function makeChart(
  container: HTMLElement,
  options: DeepPartial<TimeChartOptions> = {},
): IChartApi {
  const chart = createChart(container, { ...base, ...options });
  container.append(attribution());
  return chart;
}

/** Milliseconds since the epoch → the chart's UTC seconds. */
export function toTime(tsMs: number): UTCTimestamp {
  return Math.floor(tsMs / 1000) as UTCTimestamp;
}

/**
 * Resolves once the chart has drawn its data: setting data schedules the chart's own animation
 * frame, and a frame requested after it runs after it in the same frame.
 */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      resolve();
    });
  });
}
