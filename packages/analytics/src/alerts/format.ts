/** Message formatting shared by the rules (English, fixed locale-independent separators). */

function grouped(value: number, decimals: number): string {
  const [int = '0', frac] = Math.abs(value).toFixed(decimals).split('.');
  const withCommas = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? '-' : ''}${withCommas}${frac === undefined ? '' : `.${frac}`}`;
}

/** Price with thousands separators: 86000 → "$86,000", 85444.93 → "$85,444.93". */
export function formatPrice(value: number): string {
  const decimals = Math.abs(value) >= 1000 ? (Number.isInteger(value) ? 0 : 2) : 4;
  return `$${grouped(value, decimals)}`;
}

/** Notional with K/M/B suffix: 1_912_000_000 → "$1.91B". */
export function formatUsd(value: number): string {
  const abs = Math.abs(value);
  const [div, suffix] =
    abs >= 1e9 ? [1e9, 'B'] : abs >= 1e6 ? [1e6, 'M'] : abs >= 1e3 ? [1e3, 'K'] : [1, ''];
  return `$${grouped(value / div, div === 1 ? 0 : 2)}${suffix}`;
}

/** Percent with sign: 0.0123 (fraction) → "+1.23%". */
export function formatPct(fraction: number, decimals = 2): string {
  return `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(decimals)}%`;
}

/** Duration in the largest whole unit: 3_600_000 → "1h". */
export function formatWindow(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms / 1000}s`;
}

/** "2025-11-21 02:00 UTC". */
export function formatUtc(tsMs: number): string {
  return `${new Date(tsMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
