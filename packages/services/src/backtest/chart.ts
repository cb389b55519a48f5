/**
 * The backtest chart (docs/validation.md): per day, the forecast's 90% and 50% bands of
 * liquidated USD, the realized figure and the path-driven one, on a log scale. Plain SVG.
 */
import type { BacktestDay } from './backtest.js';

const W = 900;
const H = 360;
const PAD = { left: 64, right: 16, top: 28, bottom: 40 };

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function backtestSvg(days: readonly BacktestDay[], title: string): string {
  const values = days.flatMap((d) => [
    d.forecast.liquidatedUsd.p05,
    d.forecast.liquidatedUsd.p95,
    d.pathDriven.liquidatedUsd,
    d.realized?.liquidatedUsd ?? Number.NaN,
  ]);
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  const lo = Math.log10(Math.max(1e6, Math.min(...positive)));
  const hi = Math.log10(Math.max(...positive, 1e7));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number): number => PAD.left + ((i + 0.5) * plotW) / Math.max(1, days.length);
  const y = (v: number): number =>
    PAD.top + plotH - ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * plotH;
  const bw = Math.max(2, (plotW / Math.max(1, days.length)) * 0.6);
  const parts: string[] = [];
  for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) {
    const v = 10 ** e;
    const label = v >= 1e9 ? `$${v / 1e9}B` : `$${v / 1e6}M`;
    parts.push(
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd"/>`,
      `<text x="${PAD.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11">${label}</text>`,
    );
  }
  days.forEach((d, i) => {
    const f = d.forecast.liquidatedUsd;
    const cx = x(i);
    parts.push(
      `<rect x="${(cx - bw / 2).toFixed(1)}" y="${y(f.p95).toFixed(1)}" width="${bw.toFixed(1)}" height="${Math.max(1, y(f.p05) - y(f.p95)).toFixed(1)}" fill="#c6dbef"/>`,
      `<rect x="${(cx - bw / 2).toFixed(1)}" y="${y(f.p75).toFixed(1)}" width="${bw.toFixed(1)}" height="${Math.max(1, y(f.p25) - y(f.p75)).toFixed(1)}" fill="#6baed6"/>`,
      `<path d="M${(cx - 3).toFixed(1)},${(y(d.pathDriven.liquidatedUsd) - 3).toFixed(1)} l6,6 m0,-6 l-6,6" stroke="#d94801" stroke-width="1.5"/>`,
    );
    if (d.realized)
      parts.push(
        `<circle cx="${cx.toFixed(1)}" cy="${y(d.realized.liquidatedUsd).toFixed(1)}" r="2.6" fill="#111"/>`,
      );
    if (i % 7 === 0)
      parts.push(
        `<text x="${cx.toFixed(1)}" y="${H - PAD.bottom + 16}" text-anchor="middle" font-size="10">${d.date.slice(5)}</text>`,
      );
  });
  const legend =
    `<text x="${PAD.left}" y="${H - 8}" font-size="11">light: forecast p05–p95; dark: p25–p75; ` +
    `• realized (Coinglass BTC, Binance+Bybit+OKX); × path-driven</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">\n` +
    `<rect width="${W}" height="${H}" fill="#fff"/>\n` +
    `<text x="${PAD.left}" y="18" font-size="13">${esc(title)}</text>\n` +
    `${parts.join('\n')}\n${legend}\n</svg>\n`
  );
}
