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

/** One column of values against the step column (same length, strictly increasing steps). */
export interface StepColumn {
  readonly steps: readonly number[];
  readonly values: readonly number[];
}

const points = ({ steps, values }: StepColumn) =>
  steps.map((step, i) => ({ time: step as UTCTimestamp, value: values[i] ?? Number.NaN }));

export function stepLine(
  chart: IChartApi,
  column: StepColumn,
  options: { color: string; title: string; pane?: number },
): ISeriesApi<'Line'> {
  const pane = options.pane ?? 0;
  const series = chart.addSeries(
    LineSeries,
    {
      color: options.color,
      lineWidth: 2,
      title: options.title,
      // Lower panes hold USD amounts: compact labels (1.8B) instead of ten-digit prices.
      ...(pane > 0 ? { priceFormat: { type: 'volume' as const } } : {}),
    },
    pane,
  );
  series.setData(points(column));
  return series;
}

export function stepBars(
  chart: IChartApi,
  column: StepColumn,
  options: { color: string; title: string; pane?: number },
): ISeriesApi<'Histogram'> {
  const series = chart.addSeries(
    HistogramSeries,
    { color: options.color, title: options.title, priceFormat: { type: 'volume' } },
    options.pane ?? 1,
  );
  series.setData(points(column));
  return series;
}
