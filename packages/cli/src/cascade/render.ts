/** Human-readable output of cascade results: a summary table and a text chart of the price path. */
import type { CascadeResult } from '@cascade/core';
import { renderTable } from '../table.js';

const usd = (value: number): string => {
  const abs = Math.abs(value);
  const [scale, suffix] =
    abs >= 1e9 ? [1e9, 'B'] : abs >= 1e6 ? [1e6, 'M'] : abs >= 1e3 ? [1e3, 'K'] : [1, ''];
  return `${value < 0 ? '-' : ''}$${(abs / scale).toFixed(2)}${suffix}`;
};

export const formatUsd = usd;

const price = (value: number): string =>
  value.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** A fixed-height text chart of a series: one dot per column at the row nearest its value. */
export function textChart(values: readonly number[], width = 60, height = 10): string {
  if (values.length === 0) return '';
  const count = Math.min(width, values.length);
  const columns = Array.from(
    { length: count },
    (_, c) => values[Math.floor((c * (values.length - 1)) / Math.max(1, count - 1))] ?? 0,
  );
  const lo = Math.min(...columns);
  const hi = Math.max(...columns);
  const span = hi - lo || 1;
  const rowOf = (v: number): number => Math.round(((hi - v) / span) * (height - 1));
  const lines: string[] = [];
  for (let row = 0; row < height; row++) {
    const label = price(hi - (span * row) / (height - 1)).padStart(12);
    lines.push(
      `${label} ┤${columns.map((v) => (rowOf(v) === row ? '•' : ' ')).join('')}`.trimEnd(),
    );
  }
  return lines.join('\n') + '\n';
}

export function renderResult(
  name: string,
  result: CascadeResult,
  notes: readonly string[],
): string {
  const rows: string[][] = [
    ['liquidated (total)', usd(result.totalLiquidatedUsd)],
    ['  longs', usd(result.longLiquidatedUsd)],
    ['  shorts', usd(result.shortLiquidatedUsd)],
    [
      'liquidation orders',
      `${result.liquidations.toLocaleString('en-US')} (${result.partialLiquidations.toLocaleString('en-US')} partial)`,
    ],
    ['start price', price(result.startPrice)],
    ['after the shock alone', price(result.exogenousPrice)],
    ['min / max price', `${price(result.minPrice)} / ${price(result.maxPrice)}`],
    ['final price', price(result.finalPrice)],
    ['amplification', `${result.amplification.toFixed(2)}×`],
    ['insurance fund change', usd(result.insuranceFundDeltaUsd)],
    ['taken over by the fund', usd(result.fundTakeoverUsd)],
    ['auto-deleveraged', usd(result.adlUsd)],
    ['unabsorbed (book exhausted)', usd(result.unresolvedUsd)],
    ['steps', String(result.steps)],
  ];
  return (
    `${name}\n\n` +
    renderTable(['measure', 'value'], rows) +
    `\nTraded price by step\n${textChart(result.pricePath)}` +
    notes.map((n) => `${n}\n`).join('')
  );
}
