/**
 * Charts over simulation steps (not wall-clock time): step i is drawn at time i seconds and the
 * axis labels read "step i".
 */
import {
  HistogramSeries,
  LineSeries,
  type IChartApi,
  type ISeriesApi,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { makeChart } from './theme.js';

const stepTime = (step: number): UTCTimestamp => step as UTCTimestamp;
const stepLabel = (time: Time): string => `step ${typeof time === 'number' ? time : ''}`;

export function makeStepChart(container: HTMLElement): IChartApi {
  return makeChart(container, {
    localization: { timeFormatter: stepLabel },
    timeScale: {
      tickMarkFormatter: (time: Time) => (typeof time === 'number' ? String(time) : ''),
      timeVisible: false,
      borderColor: '#2a313a',
    },
  });
}

export function stepLine(
  chart: IChartApi,
  values: readonly number[],
  color: string,
  title: string,
  pane = 0,
): ISeriesApi<'Line'> {
  const series = chart.addSeries(LineSeries, { color, lineWidth: 2, title }, pane);
  series.setData(values.map((value, step) => ({ time: stepTime(step), value })));
  return series;
}

export function stepBars(
  chart: IChartApi,
  bars: readonly { step: number; value: number }[],
  color: string,
  title: string,
  pane = 1,
): ISeriesApi<'Histogram'> {
  const series = chart.addSeries(
    HistogramSeries,
    { color, title, priceFormat: { type: 'volume' } },
    pane,
  );
  series.setData(bars.map((bar) => ({ time: stepTime(bar.step), value: bar.value })));
  return series;
}
