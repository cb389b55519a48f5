/**
 * Candles with detected levels as price lines, the estimated liquidation heatmap behind them
 * (series primitive) and realized liquidations long/short in a lower pane.
 */
import {
  CandlestickSeries,
  HistogramSeries,
  LineStyle,
  type IChartApi,
  type ISeriesApi,
} from 'lightweight-charts';
import type { Candle, Level } from '../types.js';
import { HeatmapPrimitive, type HeatmapGrid } from './heatmap-primitive.js';
import { colors, makeChart, toTime } from './theme.js';

export interface LiquidationBar {
  readonly tsMs: number;
  readonly longUsd: number;
  readonly shortUsd: number;
}

export class PriceChart {
  readonly chart: IChartApi;
  readonly #candles: ISeriesApi<'Candlestick'>;
  readonly #heatmap = new HeatmapPrimitive();
  #longs: ISeriesApi<'Histogram'> | null = null;
  #shorts: ISeriesApi<'Histogram'> | null = null;

  constructor(container: HTMLElement) {
    this.chart = makeChart(container);
    this.#candles = this.chart.addSeries(CandlestickSeries, {
      upColor: colors.up,
      downColor: colors.down,
      borderVisible: false,
      wickUpColor: colors.up,
      wickDownColor: colors.down,
    });
    this.#candles.attachPrimitive(this.#heatmap);
  }

  /** All bars; the last `visibleBars` are in view (the rest scroll in), so the first paint is small. */
  setCandles(candles: readonly Candle[], visibleBars = 8 * 24): void {
    this.#candles.setData(
      candles.map((bar) => ({
        time: toTime(bar.tsMs),
        open: bar.open,
        high: bar.high,
        low: bar.low,
        close: bar.close,
      })),
    );
    const last = candles.length - 1;
    this.chart
      .timeScale()
      .setVisibleLogicalRange({ from: Math.max(0, last - visibleBars), to: last + 2 });
  }

  /** The strongest levels (and every broken one) as horizontal lines. */
  setLevels(levels: readonly Level[], broken: ReadonlySet<number>, max = 8): void {
    const chosen = [...levels]
      .sort((a, b) => b.strength - a.strength)
      .filter((level, index) => index < max || broken.has(level.price));
    for (const level of chosen) {
      const isBroken = broken.has(level.price);
      this.#candles.createPriceLine({
        price: level.price,
        color: isBroken
          ? colors.broken
          : level.kind === 'support'
            ? colors.support
            : colors.resistance,
        lineWidth: isBroken ? 2 : 1,
        lineStyle: isBroken ? LineStyle.Solid : LineStyle.Dashed,
        axisLabelVisible: true,
        title: `${level.kind}${isBroken ? ' (broken)' : ''}`,
      });
    }
  }

  setHeatmap(grid: HeatmapGrid): void {
    this.#heatmap.setGrid(grid);
  }

  /** Long liquidations up (red), shorts down (green), USD per bar, in pane 1. */
  setLiquidations(bars: readonly LiquidationBar[]): void {
    this.#longs ??= this.chart.addSeries(
      HistogramSeries,
      { color: colors.long, priceFormat: { type: 'volume' } },
      1,
    );
    this.#shorts ??= this.chart.addSeries(
      HistogramSeries,
      { color: colors.short, priceFormat: { type: 'volume' } },
      1,
    );
    this.#longs.setData(bars.map((bar) => ({ time: toTime(bar.tsMs), value: bar.longUsd })));
    this.#shorts.setData(bars.map((bar) => ({ time: toTime(bar.tsMs), value: -bar.shortUsd })));
    const pane = this.chart.panes()[1];
    pane?.setHeight(110);
  }

  /** Number of candles the chart holds (read by the e2e test through the DOM dataset). */
  candleCount(): number {
    return this.#candles.data().length;
  }
}
