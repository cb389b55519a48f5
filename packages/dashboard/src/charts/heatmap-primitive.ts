/**
 * The estimated liquidation heatmap drawn behind the candles as a lightweight-charts series
 * primitive: one cell per (grid row time, price bucket), opacity by log of live USD.
 */
import type {
  IChartApi,
  IPrimitivePaneRenderer,
  IPrimitivePaneView,
  ISeriesApi,
  ISeriesPrimitive,
  PrimitivePaneViewZOrder,
  SeriesAttachedParameter,
  SeriesType,
  UTCTimestamp,
} from 'lightweight-charts';

/** The server's price × time grid: per row, live long + short USD per price bucket. */
export interface HeatmapGrid {
  readonly prices: readonly number[];
  readonly rows: readonly { readonly ts: number; readonly values: readonly number[] }[];
}

interface Cell {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
  readonly alpha: number;
}

interface BitmapScope {
  readonly context: CanvasRenderingContext2D;
  readonly horizontalPixelRatio: number;
  readonly verticalPixelRatio: number;
}

interface Target {
  useBitmapCoordinateSpace(draw: (scope: BitmapScope) => void): void;
}

class HeatmapRenderer implements IPrimitivePaneRenderer {
  readonly #cells: readonly Cell[];

  constructor(cells: readonly Cell[]) {
    this.#cells = cells;
  }

  draw(): void {
    // Drawn in drawBackground so the candles stay on top.
  }

  drawBackground(target: Target): void {
    target.useBitmapCoordinateSpace(({ context, horizontalPixelRatio, verticalPixelRatio }) => {
      for (const cell of this.#cells) {
        context.fillStyle = `rgba(255, 170, 0, ${cell.alpha.toFixed(3)})`;
        const x = Math.round(cell.x0 * horizontalPixelRatio);
        const y = Math.round(cell.y1 * verticalPixelRatio);
        const width = Math.max(1, Math.round((cell.x1 - cell.x0) * horizontalPixelRatio));
        const height = Math.max(1, Math.round((cell.y0 - cell.y1) * verticalPixelRatio));
        context.fillRect(x, y, width, height);
      }
    });
  }
}

export class HeatmapPrimitive implements ISeriesPrimitive, IPrimitivePaneView {
  #chart: IChartApi | null = null;
  #series: ISeriesApi<SeriesType> | null = null;
  #requestUpdate: (() => void) | null = null;
  #grid: HeatmapGrid = { prices: [], rows: [] };
  #cells: Cell[] = [];
  #maxUsd = 0;

  attached(param: SeriesAttachedParameter): void {
    this.#chart = param.chart;
    this.#series = param.series;
    this.#requestUpdate = param.requestUpdate;
  }

  detached(): void {
    this.#chart = null;
    this.#series = null;
    this.#requestUpdate = null;
  }

  setGrid(grid: HeatmapGrid): void {
    this.#grid = grid;
    let max = 0;
    for (const row of grid.rows) for (const usd of row.values) if (usd > max) max = usd;
    this.#maxUsd = max;
    this.#requestUpdate?.();
  }

  paneViews(): readonly IPrimitivePaneView[] {
    return [this];
  }

  zOrder(): PrimitivePaneViewZOrder {
    return 'bottom';
  }

  updateAllViews(): void {
    this.#cells = this.#layout();
  }

  renderer(): IPrimitivePaneRenderer {
    return new HeatmapRenderer(this.#cells);
  }

  #layout(): Cell[] {
    const chart = this.#chart;
    const series = this.#series;
    const { prices, rows } = this.#grid;
    if (chart === null || series === null || rows.length === 0 || prices.length < 2) return [];
    const bucket = (prices[1] ?? 0) - (prices[0] ?? 0);
    const maxUsd = this.#maxUsd;
    if (!(maxUsd > 0)) return [];
    const timeScale = chart.timeScale();
    const cells: Cell[] = [];
    rows.forEach((row, index) => {
      const next =
        rows[index + 1]?.ts ?? row.ts + (row.ts - (rows[index - 1]?.ts ?? row.ts - 3_600_000));
      const x0 = timeScale.timeToCoordinate((row.ts / 1000) as UTCTimestamp);
      const x1 =
        timeScale.timeToCoordinate((next / 1000) as UTCTimestamp) ?? (x0 === null ? null : x0 + 4);
      if (x0 === null || x1 === null) return;
      row.values.forEach((usd, bucketIndex) => {
        if (usd <= 0) return;
        const low = prices[bucketIndex] ?? 0;
        const y0 = series.priceToCoordinate(low);
        const y1 = series.priceToCoordinate(low + bucket);
        if (y0 === null || y1 === null) return;
        // Square-root scale: the large clusters stand out, a thin level stays faint.
        const alpha = 0.75 * Math.sqrt(usd / maxUsd);
        if (alpha >= 0.02) cells.push({ x0, x1, y0, y1, alpha });
      });
    });
    return cells;
  }
}
