import { describe, expect, it } from 'vitest';
import type { BriefInputs } from '../inputs.js';
import { inputsWith } from '../testing/inputs.js';
import { drawCharts, liquidationsChart, priceChart } from './charts.js';
import { escapeXml, ticks } from './svg.js';

const hourly = Array.from({ length: 48 }, (_, i) => ({
  tsMs: Date.UTC(2025, 10, 20) + i * 3_600_000,
  open: 87_000 - i * 50,
  high: 87_100 - i * 50,
  low: 86_800 - i * 60,
  close: 86_950 - i * 50,
}));

const base: BriefInputs = inputsWith({
  price: {
    symbol: 'BTC',
    open: 86_000,
    high: 87_000,
    low: 80_000,
    close: 85_000,
    previousClose: undefined,
    lowAtMs: undefined,
    hourly,
    typicalAbsReturn: undefined,
    source: 't',
  },
  level: {
    priceUsd: 86_000,
    side: 'support',
    strength: 0.3,
    pierceAtMs: undefined,
    closeThroughAtMs: undefined,
    retestAtMs: undefined,
    reclaimed: false,
    nextPriceUsd: undefined,
    source: 't',
  },
  realized: {
    kind: 'reported',
    scope: 's',
    totalUsd: 1.91e9,
    longUsd: 1.78e9,
    shortUsd: 1.3e8,
    traders: undefined,
    peakHour: undefined,
    buckets: [],
    source: 't',
  },
  estimated: {
    clusters: [{ priceUsd: 83_000, notionalUsd: 4.8e8, side: 'long' }],
    longBelowUsd: 3e9,
    shortAboveUsd: 6e8,
    bandFraction: 0.1,
    source: 't',
  },
});

function wellFormed(svg: string): void {
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.trim().endsWith('</svg>')).toBe(true);
  expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  const open = (svg.match(/<(text|title|svg)\b/g) ?? []).length;
  const close = (svg.match(/<\/(text|title|svg)>/g) ?? []).length;
  expect(open).toBe(close);
}

describe('charts', () => {
  it('draws the price with the level line and the labelled cluster estimate', () => {
    const svg = priceChart(base) ?? '';
    wellFormed(svg);
    expect(svg).toContain('level $86K');
    expect(svg).toContain('est. liq.');
    expect(svg).toContain('stroke-dasharray');
  });

  it('draws reported long/short totals as two bars', () => {
    const svg = liquidationsChart(base) ?? '';
    wellFormed(svg);
    expect(svg).toContain('>longs<');
    expect(svg).toContain('>shorts<');
  });

  it('leaves out charts without data', () => {
    expect([...drawCharts(base).keys()]).toEqual(['price', 'liquidations']);
    expect(priceChart({ ...base, price: undefined })).toBeUndefined();
  });

  it('escapes text and picks round ticks', () => {
    expect(escapeXml('S&P <500>')).toBe('S&amp;P &lt;500&gt;');
    expect(ticks(80_000, 87_000)).toEqual([80_000, 82_000, 84_000, 86_000]);
  });
});
