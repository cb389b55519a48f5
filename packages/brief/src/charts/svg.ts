/** A few SVG string builders: enough for the brief's four small charts. No DOM, no I/O. */

export const WIDTH = 720;
export const HEIGHT = 320;
export const MARGIN = { top: 36, right: 96, bottom: 36, left: 64 } as const;

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Linear map from [d0, d1] to [r0, r1]; a flat domain maps to the middle. */
export function scale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0;
  return (v) => (span === 0 ? (r0 + r1) / 2 : r0 + ((v - d0) / span) * (r1 - r0));
}

const round1 = (v: number) => Math.round(v * 10) / 10;

export function line(
  points: readonly (readonly [number, number])[],
  stroke: string,
  width = 1.5,
): string {
  if (points.length === 0) return '';
  const d = points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${round1(x)},${round1(y)}`).join('');
  return `<path d="${d}" fill="none" stroke="${stroke}" stroke-width="${width}"/>`;
}

export function rect(
  x: number,
  y: number,
  w: number,
  h: number,
  fill: string,
  opacity = 1,
): string {
  return `<rect x="${round1(x)}" y="${round1(y)}" width="${round1(Math.max(0, w))}" height="${round1(Math.max(0, h))}" fill="${fill}"${opacity < 1 ? ` fill-opacity="${opacity}"` : ''}/>`;
}

export function text(
  x: number,
  y: number,
  content: string,
  options: {
    size?: number;
    anchor?: 'start' | 'middle' | 'end';
    fill?: string;
    weight?: string;
  } = {},
): string {
  const { size = 11, anchor = 'start', fill = '#333', weight = 'normal' } = options;
  return `<text x="${round1(x)}" y="${round1(y)}" font-size="${size}" text-anchor="${anchor}" fill="${fill}" font-weight="${weight}">${escapeXml(content)}</text>`;
}

export function hline(y: number, x0: number, x1: number, stroke: string, dash = '6 4'): string {
  return `<line x1="${round1(x0)}" y1="${round1(y)}" x2="${round1(x1)}" y2="${round1(y)}" stroke="${stroke}" stroke-dasharray="${dash}"/>`;
}

/** Nice tick values covering [min, max] (about `count` of them). */
export function ticks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step)
    out.push(Number(v.toPrecision(12)));
  return out;
}

/** The frame: title, y-axis ticks with labels and grid lines. */
export function frame(
  title: string,
  yTicks: readonly number[],
  y: (v: number) => number,
  label: (v: number) => string,
): string {
  const grid = yTicks.map(
    (v) =>
      `${hline(y(v), MARGIN.left, WIDTH - MARGIN.right, '#e5e5e5', '')}${text(MARGIN.left - 6, y(v) + 4, label(v), { anchor: 'end', size: 10, fill: '#666' })}`,
  );
  return `${text(MARGIN.left, 20, title, { size: 14, weight: 'bold' })}${grid.join('')}`;
}

export function svgDocument(title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif"><title>${escapeXml(title)}</title><rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>${body}</svg>\n`;
}

export function usdLabel(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `$${(v / 1e9).toFixed(1)}B`;
  if (a >= 1e6) return `$${(v / 1e6).toFixed(0)}M`;
  if (a >= 1e3) return `$${(v / 1e3).toFixed(a >= 1e4 ? 0 : 1)}K`;
  return `$${v.toFixed(0)}`;
}

export function hourLabel(tsMs: number): string {
  return new Date(tsMs).toISOString().slice(5, 16).replace('T', ' ');
}
