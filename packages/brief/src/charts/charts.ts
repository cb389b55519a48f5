/** The brief's four charts, as SVG strings; each returns undefined without its data. */
import type { BriefInputs } from '../inputs.js';
import type { ChartId } from '../prose/article.js';
import {
  HEIGHT,
  MARGIN,
  WIDTH,
  frame,
  hline,
  hourLabel,
  line,
  rect,
  scale,
  svgDocument,
  text,
  ticks,
  usdLabel,
} from './svg.js';

const X0 = MARGIN.left;
const X1 = WIDTH - MARGIN.right;
const Y0 = HEIGHT - MARGIN.bottom;
const Y1 = MARGIN.top;
const LONG = '#d64541';
const SHORT = '#2e86de';

export function priceChart(inputs: BriefInputs): string | undefined {
  const bars = inputs.price?.hourly ?? [];
  if (bars.length < 2) return undefined;
  const level = inputs.level?.priceUsd;
  const clusters = (inputs.estimated?.clusters ?? []).slice(0, 6);
  const prices = [
    ...bars.flatMap((b) => [b.low, b.high]),
    ...(level === undefined ? [] : [level]),
    ...clusters.map((c) => c.priceUsd),
  ];
  const lo = Math.min(...prices) * 0.995;
  const hi = Math.max(...prices) * 1.005;
  const y = scale(lo, hi, Y0, Y1);
  const x = scale(bars[0]?.tsMs ?? 0, bars.at(-1)?.tsMs ?? 1, X0, X1);
  const maxCluster = Math.max(1, ...clusters.map((c) => c.notionalUsd));
  const parts = [
    frame(
      'BTC/USDT hourly, broken level and estimated liquidation clusters',
      ticks(lo, hi),
      y,
      usdLabel,
    ),
  ];
  const width = (X1 - X0) / bars.length;
  for (const b of bars) {
    parts.push(rect(x(b.tsMs) - width * 0.1, y(b.high), width * 0.2, y(b.low) - y(b.high), '#999'));
  }
  parts.push(
    line(
      bars.map((b) => [x(b.tsMs), y(b.close)] as const),
      '#222',
    ),
  );
  for (const c of clusters) {
    const w = (c.notionalUsd / maxCluster) * (MARGIN.right - 16);
    parts.push(rect(X1 + 4, y(c.priceUsd) - 3, w, 6, c.side === 'long' ? LONG : SHORT, 0.7));
  }
  if (clusters.length > 0)
    parts.push(text(X1 + 4, Y1 - 4, 'est. liq.', { size: 10, fill: '#666' }));
  if (level !== undefined) {
    parts.push(hline(y(level), X0, X1, '#e67e22'));
    parts.push(
      text(X0 + 4, y(level) - 4, `level ${usdLabel(level)}`, { size: 10, fill: '#e67e22' }),
    );
  }
  parts.push(text(X0, Y0 + 16, hourLabel(bars[0]?.tsMs ?? 0), { size: 10, fill: '#666' }));
  parts.push(
    text(X1, Y0 + 16, `${hourLabel(bars.at(-1)?.tsMs ?? 0)} UTC`, {
      size: 10,
      fill: '#666',
      anchor: 'end',
    }),
  );
  return svgDocument('BTC price, broken level and estimated liquidation clusters', parts.join(''));
}

export function liquidationsChart(inputs: BriefInputs): string | undefined {
  const r = inputs.realized;
  if (r === undefined) return undefined;
  const buckets = r.buckets.length > 0 ? r.buckets : undefined;
  const parts: string[] = [];
  if (buckets !== undefined) {
    const max = Math.max(1, ...buckets.map((b) => Math.max(b.longUsd, b.shortUsd)));
    const y = scale(-max, max, Y0, Y1);
    const x = scale(buckets[0]?.tsMs ?? 0, (buckets.at(-1)?.tsMs ?? 1) + 3_600_000, X0, X1);
    const w = ((X1 - X0) / buckets.length) * 0.8;
    parts.push(
      frame(
        'Realized liquidations per hour: longs (down) vs shorts (up)',
        ticks(-max, max, 4),
        y,
        (v) => usdLabel(Math.abs(v)),
      ),
    );
    for (const b of buckets) {
      parts.push(rect(x(b.tsMs), y(b.shortUsd), w, y(0) - y(b.shortUsd), SHORT));
      parts.push(rect(x(b.tsMs), y(0), w, y(-b.longUsd) - y(0), LONG));
    }
    parts.push(
      text(X0, Y0 + 16, `${hourLabel(buckets[0]?.tsMs ?? 0)} UTC`, { size: 10, fill: '#666' }),
    );
  } else {
    if (r.longUsd === undefined || r.shortUsd === undefined) return undefined;
    const max = Math.max(r.longUsd, r.shortUsd);
    const y = scale(0, max, Y0, Y1);
    parts.push(
      frame(
        'Realized liquidations (reported total): longs vs shorts',
        ticks(0, max, 4),
        y,
        usdLabel,
      ),
    );
    const w = (X1 - X0) / 5;
    parts.push(
      rect(X0 + w, y(r.longUsd), w, Y0 - y(r.longUsd), LONG),
      text(X0 + w * 1.5, Y0 + 16, 'longs', { anchor: 'middle' }),
    );
    parts.push(
      rect(X0 + w * 3, y(r.shortUsd), w, Y0 - y(r.shortUsd), SHORT),
      text(X0 + w * 3.5, Y0 + 16, 'shorts', { anchor: 'middle' }),
    );
  }
  return svgDocument('Realized liquidations, long vs short', parts.join(''));
}

export function btcVsSpxChart(inputs: BriefInputs): string | undefined {
  const series = inputs.macro?.btcVsSpx ?? [];
  const first = series[0];
  if (first === undefined || series.length < 3) return undefined;
  const btc = series.map((p) => (p.btc / first.btc) * 100);
  const spx = series.map((p) => (p.spx / first.spx) * 100);
  const all = [...btc, ...spx];
  const y = scale(Math.min(...all) - 1, Math.max(...all) + 1, Y0, Y1);
  const x = scale(0, series.length - 1, X0, X1);
  const parts = [
    frame(
      `BTC vs S&P 500, daily closes (${first.date} = 100)`,
      ticks(Math.min(...all) - 1, Math.max(...all) + 1),
      y,
      (v) => v.toFixed(0),
    ),
    line(
      btc.map((v, i) => [x(i), y(v)] as const),
      '#f39c12',
      2,
    ),
    line(
      spx.map((v, i) => [x(i), y(v)] as const),
      '#34495e',
      2,
    ),
    text(X1 + 4, y(btc.at(-1) ?? 100), 'BTC', { fill: '#f39c12' }),
    text(X1 + 4, y(spx.at(-1) ?? 100), 'S&P 500', { fill: '#34495e' }),
    text(X1, Y0 + 16, series.at(-1)?.date ?? '', { size: 10, fill: '#666', anchor: 'end' }),
  ];
  return svgDocument('BTC vs S&P 500 normalised', parts.join(''));
}

export function fedwatchChart(inputs: BriefInputs): string | undefined {
  const f = inputs.fedwatch;
  if (f === undefined || f.readings.length === 0) return undefined;
  const readings = [...f.readings].sort((a, b) => a.asOfDate.localeCompare(b.asOfDate));
  const dates = [...new Set(readings.map((r) => r.asOfDate))];
  const y = scale(0, 1, Y0, Y1);
  const x = scale(-0.5, dates.length - 0.5, X0, X1);
  const parts = [
    frame(
      `Probability of a cut at the ${f.meetingDate ?? 'next'} FOMC meeting (published readings)`,
      [0, 0.25, 0.5, 0.75, 1],
      y,
      (v) => `${(v * 100).toFixed(0)}%`,
    ),
  ];
  for (const r of readings) {
    const cx = x(dates.indexOf(r.asOfDate));
    parts.push(
      `<circle cx="${cx.toFixed(1)}" cy="${y(r.probability).toFixed(1)}" r="4" fill="#8e44ad" fill-opacity="0.7"/>`,
    );
  }
  dates.forEach((d, i) =>
    parts.push(text(x(i), Y0 + 16, d.slice(5), { size: 10, fill: '#666', anchor: 'middle' })),
  );
  return svgDocument('FedWatch cut probabilities', parts.join(''));
}

export const CHARTS: Readonly<Record<ChartId, (inputs: BriefInputs) => string | undefined>> = {
  price: priceChart,
  liquidations: liquidationsChart,
  'btc-vs-spx': btcVsSpxChart,
  fedwatch: fedwatchChart,
};

/** Every chart the inputs support, by id. */
export function drawCharts(inputs: BriefInputs): Map<ChartId, string> {
  const out = new Map<ChartId, string>();
  for (const [id, draw] of Object.entries(CHARTS) as [
    ChartId,
    (i: BriefInputs) => string | undefined,
  ][]) {
    const svg = draw(inputs);
    if (svg !== undefined) out.set(id, svg);
  }
  return out;
}
