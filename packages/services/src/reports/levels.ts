/** Support/resistance levels before a day and their breaches on it (Binance spot intraday bars). */
import { detectBreach, detectLevels, type Bars, type Breach, type Level } from '@cascade/analytics';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { repoRoot } from '../repo-paths.js';

const row = z.object({
  openTime: z.coerce.number().int(),
  open: z.coerce.number().positive(),
  high: z.coerce.number().positive(),
  low: z.coerce.number().positive(),
  close: z.coerce.number().positive(),
  volume: z.coerce.number().nonnegative(),
});

/** Binance spot klines of BASEUSDT from data/crypto-intraday (1h when present, else 4h). */
async function loadBars(base: string): Promise<{ bars: Bars; file: string } | string> {
  const dir = join(repoRoot(), 'data', 'crypto-intraday');
  const names = readdirSync(dir);
  const file =
    names.find((n) => n.startsWith(`binance_spot_${base}USDT_1h_`)) ??
    names.find((n) => n.startsWith(`binance_spot_${base}USDT_4h_`));
  if (file === undefined)
    return `--symbol: no intraday bars for ${base}/USDT in data/crypto-intraday`;
  const raw = await readFile(join(dir, file));
  const lines = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8').split(/\r?\n/);
  const rows = lines
    .slice(1)
    .filter((l) => l.length > 0)
    .map((l, i) => {
      const c = l.split(',');
      const r = row.safeParse({
        openTime: c[0],
        open: c[1],
        high: c[2],
        low: c[3],
        close: c[4],
        volume: c[5],
      });
      if (!r.success) throw new Error(`${file} line ${i + 2}: ${r.error.issues[0]?.message ?? ''}`);
      return r.data;
    });
  const col = (k: keyof (typeof rows)[number]) => Float64Array.from(rows, (r) => r[k]);
  return {
    file,
    bars: {
      ts: col('openTime'),
      open: col('open'),
      high: col('high'),
      low: col('low'),
      close: col('close'),
      volume: col('volume'),
    },
  };
}

function slice(b: Bars, from: number, to: number): Bars {
  const s = (a: Float64Array) => a.subarray(from, to);
  return {
    ts: s(b.ts),
    open: s(b.open),
    high: s(b.high),
    low: s(b.low),
    close: s(b.close),
    volume: s(b.volume),
  };
}

export interface LevelsOptions {
  /** Days of bars before the day that the levels come from (default 30). */
  readonly lookbackDays?: number;
  /** Zone half-width as a fraction of price (default 0.0015). */
  readonly zone?: number;
  /** Pivot half-width in bars (default 6). */
  readonly pivotWidth?: number;
  /** Round-number step (default $1,000 for BTC, else ~1% of the last close). */
  readonly roundStep?: number;
}

export interface LevelsReport {
  readonly symbol: string;
  readonly date: string;
  readonly file: string;
  readonly lastCloseBefore: number;
  readonly zone: number;
  readonly levels: readonly Level[];
  readonly breaches: readonly (Breach & { strength: number; sources: readonly string[] })[];
}

/** Levels of BASE/USDT on `date`: a report, or why there is none (`missing` = no bars that day). */
export async function buildLevelsReport(
  base: string,
  date: string,
  options: LevelsOptions = {},
): Promise<LevelsReport | { readonly error: string; readonly missing: boolean }> {
  const { lookbackDays = 30, zone = 0.0015, pivotWidth = 6 } = options;
  const loaded = await loadBars(base);
  if (typeof loaded === 'string') return { error: loaded, missing: false };
  const { bars, file } = loaded;
  const dayStart = Date.parse(`${date}T00:00:00Z`);
  const first = bars.ts.findIndex((t) => t >= dayStart - lookbackDays * 86_400_000);
  const open = bars.ts.findIndex((t) => t >= dayStart);
  let end = bars.ts.findIndex((t) => t >= dayStart + 86_400_000);
  if (end < 0) end = bars.ts.length;
  if (open <= 0 || first < 0 || open >= end) {
    return {
      error: `no ${base}/USDT bars on ${date} with history before it (${file})`,
      missing: true,
    };
  }
  const before = slice(bars, first, open);
  const day = slice(bars, open, end);
  const lastClose = before.close[before.close.length - 1] ?? 0;
  const step =
    options.roundStep ?? (base === 'BTC' ? 1000 : Number((lastClose * 0.01).toPrecision(1)));
  const levels = detectLevels(before, { zone, pivotWidth, roundStep: step });
  const breaches: (Breach & { strength: number; sources: readonly string[] })[] = [];
  for (const l of levels) {
    const b = detectBreach(day, l.price, l.kind, zone);
    if (b) breaches.push({ ...b, strength: l.strength, sources: l.sources });
  }
  return { symbol: `${base}/USDT`, date, file, lastCloseBefore: lastClose, zone, levels, breaches };
}
