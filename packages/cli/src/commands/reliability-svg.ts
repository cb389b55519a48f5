/** The reliability chart of `cascade heatmap --validate --chart FILE.svg` (log–log, USD per bar). */
import type { WalkForwardReport } from '@cascade/analytics';

const W = 560;
const H = 420;
const M = { top: 56, right: 24, bottom: 56, left: 72 };

function logScale(lo: number, hi: number, from: number, to: number): (v: number) => number {
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  return (v) => from + ((Math.log10(v) - a) / (b - a)) * (to - from);
}

const money = (v: number) =>
  v >= 1e6 ? `$${(v / 1e6).toFixed(v >= 1e7 ? 0 : 1)}M` : `$${(v / 1e3).toFixed(0)}k`;

export function reliabilitySvg(r: WalkForwardReport): string {
  const bins = r.reliability.filter((b) => b.meanForecastUsd > 0 && b.meanRealizedUsd > 0);
  const values = bins.flatMap((b) => [b.meanForecastUsd, b.meanRealizedUsd]);
  const lo = 10 ** Math.floor(Math.log10(Math.min(...values)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...values)));
  const x = logScale(lo, hi, M.left, W - M.right);
  const y = logScale(lo, hi, H - M.bottom, M.top);
  const ticks: string[] = [];
  for (let v = lo; v <= hi * 1.0001; v *= 10) {
    ticks.push(
      `<line x1="${x(v)}" y1="${M.top}" x2="${x(v)}" y2="${H - M.bottom}" stroke="#e5e7eb"/>`,
      `<line x1="${M.left}" y1="${y(v)}" x2="${W - M.right}" y2="${y(v)}" stroke="#e5e7eb"/>`,
      `<text x="${x(v)}" y="${H - M.bottom + 18}" text-anchor="middle">${money(v)}</text>`,
      `<text x="${M.left - 8}" y="${y(v) + 4}" text-anchor="end">${money(v)}</text>`,
    );
  }
  const points = bins
    .map(
      (b, i) =>
        `<circle cx="${x(b.meanForecastUsd).toFixed(1)}" cy="${y(b.meanRealizedUsd).toFixed(1)}" r="5" fill="#2563eb"><title>decile ${i + 1}: forecast ${money(b.meanForecastUsd)}, realized ${money(b.meanRealizedUsd)} (${b.bars} bars)</title></circle>`,
    )
    .join('');
  const first = r.folds[0];
  const last = r.folds[r.folds.length - 1];
  const span = `${new Date(first?.originMs ?? 0).toISOString().slice(0, 10)}..${new Date((last?.endMs ?? 1) - 1).toISOString().slice(0, 10)}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" font-size="11" fill="#374151">
<rect width="${W}" height="${H}" fill="#fff"/>
<text x="${M.left}" y="20" font-size="14" font-weight="600">Total liquidation forecast: reliability out of sample</text>
<text x="${M.left}" y="36">Walk-forward ${span}, ${r.testBars} bars: mean per decile of the forecasts</text>
<text x="${M.left}" y="50">Dashed diagonal = perfect calibration</text>
${ticks.join('\n')}
<line x1="${x(lo)}" y1="${y(lo)}" x2="${x(hi)}" y2="${y(hi)}" stroke="#9ca3af" stroke-dasharray="4 4"/>
${points}
<text x="${(M.left + W - M.right) / 2}" y="${H - 14}" text-anchor="middle">mean forecast per bar (USD, log)</text>
<text transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">mean realized per bar (USD, log)</text>
</svg>
`;
}
