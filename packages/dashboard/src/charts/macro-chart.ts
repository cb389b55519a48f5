/**
 * BTC, S&P 500 and Nasdaq normalised to 100 on the first common trading day, with BTC's rolling
 * correlation to each index (daily returns, aligned on the New York calendar) in a lower pane.
 */
import { alignToTradingDays, rollingPearsonBeta, type DailySeries } from '@cascade/analytics';
import { LineSeries, type IChartApi, type LineData, type UTCTimestamp } from 'lightweight-charts';
import { colors, makeChart } from './theme.js';

export interface NamedSeries {
  readonly label: string;
  readonly color: string;
  readonly series: DailySeries;
}

const dateTime = (date: string): UTCTimestamp =>
  (Date.parse(`${date}T00:00:00Z`) / 1000) as UTCTimestamp;

function normalised(dates: readonly string[], close: Float64Array): LineData[] {
  const first = close[0] ?? Number.NaN;
  return dates.map((date, i) => ({
    time: dateTime(date),
    value: (100 * (close[i] ?? Number.NaN)) / first,
  }));
}

/** Draws the overlay; returns the number of points drawn per line (0 when nothing aligned). */
export function drawMacroChart(
  container: HTMLElement,
  btc: DailySeries,
  indices: readonly NamedSeries[],
  correlationWindow: number,
): { chart: IChartApi; points: number } {
  const chart = makeChart(container, { rightPriceScale: { borderColor: '#2a313a' } });
  let points = 0;
  indices.forEach((index, position) => {
    const pair = alignToTradingDays(btc, index.series);
    if (pair.dates.length < 2) return;
    points = Math.max(points, pair.dates.length);
    if (position === 0) {
      chart
        .addSeries(LineSeries, { color: colors.btc, lineWidth: 2, title: 'BTC' })
        .setData(normalised(pair.dates, pair.btcClose));
    }
    chart
      .addSeries(LineSeries, { color: index.color, lineWidth: 2, title: index.label })
      .setData(normalised(pair.dates, pair.equityClose));
    const { correlation } = rollingPearsonBeta(
      pair.btcReturn,
      pair.equityReturn,
      correlationWindow,
    );
    const corr: LineData[] = [];
    pair.dates.forEach((date, i) => {
      const value = correlation[i];
      if (value !== undefined && Number.isFinite(value)) corr.push({ time: dateTime(date), value });
    });
    chart
      .addSeries(
        LineSeries,
        { color: index.color, lineWidth: 1, title: `ρ${correlationWindow}d ${index.label}` },
        1,
      )
      .setData(corr);
  });
  chart.panes()[1]?.setHeight(100);
  chart.timeScale().fitContent();
  return { chart, points };
}
