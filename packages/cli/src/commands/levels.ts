import { detectBreach, detectLevels, isIsoDate, type Bars, type Breach } from '@cascade/analytics';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { repoRoot } from '@cascade/services';
import { renderTable } from '../table.js';

export const LEVELS_HELP = `Usage: cascade levels --symbol BTC/USDT --date YYYY-MM-DD [--json]

Support and resistance levels as of the start of DATE (UTC), from the --lookback days of Binance
spot bars before it (data/crypto-intraday/: 1h for BTC, 4h for the alts), and their breaches on
DATE. Levels merge swing pivots (fractal lows/highs, --pivot bars each side), volume-profile
high-volume nodes and round numbers (multiples of --round) within ±--zone; strength in [0, 1] =
0.4·pivot count (relative) + 0.4·volume node (relative) + 0.2·round number (10·round: 1,
5·round: 0.7, round: 0.4).

Breach rules for a support (resistance mirrored), with the zone [L·(1−zone), L·(1+zone)]:
  depth through   a low below the zone;
  close through   a bar closing below the zone (the breach is confirmed);
  retest          a later bar whose high re-enters the zone and closes below its top;
  reclaimed       two consecutive closes above the zone after the close through.

Options:
  --symbol SYM        BTC/USDT (1h bars) or ETH, SOL, DOGE, XRP, ADA, BNB, DOT, LINK, LTC, TRX
                      against USDT (4h bars, 2025-09-01..2026-01-31) (required)
  --date YYYY-MM-DD   day examined, UTC (required)
  --lookback DAYS     days of bars before DATE for the levels (default 30)
  --zone FRACTION     relative half-width of a level (default 0.0015)
  --pivot N           bars each side of a swing pivot (default 6)
  --round STEP        round-number step (default 1000 for BTC, else 1% of the price rounded)
  --json              machine-readable output
  -h, --help          show this help

Exit codes: 0 ok; 1 no bars for DATE; 2 invalid input (the message names the option).
`;

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

const num = (v: string | undefined, name: string, fallback: number): number => {
  if (v === undefined) return fallback;
  const x = Number(v);
  if (!(Number.isFinite(x) && x > 0)) throw new RangeError(`${name}: "${v}" must be a number > 0`);
  return x;
};

const iso = (ts: number | null) => (ts === null ? null : new Date(ts).toISOString());

function parseOptions(argv: readonly string[], io: CliIo) {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        symbol: { type: 'string' },
        date: { type: 'string' },
        lookback: { type: 'string' },
        zone: { type: 'string' },
        pivot: { type: 'string' },
        round: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
    if (values.help) {
      io.stdout(LEVELS_HELP);
      return EXIT_OK;
    }
    return {
      values,
      lookback: num(values.lookback, '--lookback', 30),
      zone: num(values.zone, '--zone', 0.0015),
      pivot: Math.round(num(values.pivot, '--pivot', 6)),
      roundStep: values.round === undefined ? undefined : num(values.round, '--round', 1000),
    };
  } catch (error) {
    io.stderr(`levels: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
}

export async function levelsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const opts = parseOptions(argv, io);
  if (typeof opts === 'number') return opts;
  const { values, lookback, zone, pivot, roundStep } = opts;
  const symbol = values.symbol;
  const match = symbol === undefined ? null : /^([A-Z0-9]+)\/USDT(:USDT)?$/.exec(symbol);
  const base = match?.[1];
  if (base === undefined) {
    io.stderr(`levels: --symbol BASE/USDT is required (got ${symbol ?? 'nothing'})\n`);
    return EXIT_USAGE;
  }
  const date = values.date;
  if (date === undefined || !isIsoDate(date)) {
    io.stderr(`levels: --date YYYY-MM-DD is required (got ${date ?? 'nothing'})\n`);
    return EXIT_USAGE;
  }
  const loaded = await loadBars(base);
  if (typeof loaded === 'string') {
    io.stderr(`levels: ${loaded}\n`);
    return EXIT_USAGE;
  }
  const { bars, file } = loaded;
  const dayStart = Date.parse(`${date}T00:00:00Z`);
  const first = bars.ts.findIndex((t) => t >= dayStart - lookback * 86_400_000);
  const open = bars.ts.findIndex((t) => t >= dayStart);
  let end = bars.ts.findIndex((t) => t >= dayStart + 86_400_000);
  if (end < 0) end = bars.ts.length;
  if (open <= 0 || first < 0 || open >= end) {
    io.stderr(`levels: no ${base}/USDT bars on ${date} with history before it (${file})\n`);
    return EXIT_FAILURE;
  }
  const before = slice(bars, first, open);
  const day = slice(bars, open, end);
  const lastClose = before.close[before.close.length - 1] ?? 0;
  const step = roundStep ?? (base === 'BTC' ? 1000 : Number((lastClose * 0.01).toPrecision(1)));
  const levels = detectLevels(before, { zone, pivotWidth: pivot, roundStep: step });
  const breaches: (Breach & { strength: number; sources: readonly string[] })[] = [];
  for (const l of levels) {
    const b = detectBreach(day, l.price, l.kind, zone);
    if (b) breaches.push({ ...b, strength: l.strength, sources: l.sources });
  }
  const report = {
    symbol: `${base}/USDT`,
    date,
    file,
    lastCloseBefore: lastClose,
    zone,
    levels,
    breaches,
  };
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : toText(report));
  return EXIT_OK;
}

function toText(r: {
  symbol: string;
  date: string;
  file: string;
  lastCloseBefore: number;
  levels: ReturnType<typeof detectLevels>;
  breaches: (Breach & { strength: number; sources: readonly string[] })[];
}): string {
  const p = (v: number | null) => (v === null ? '—' : v.toFixed(2));
  const t = (v: number | null) => (v === null ? '—' : (iso(v) ?? '').slice(11, 16));
  const strongest = [...r.levels].sort((a, b) => b.strength - a.strength).slice(0, 20);
  const levelRows = strongest
    .sort((a, b) => b.price - a.price)
    .map((l) => [
      p(l.price),
      l.kind,
      l.strength.toFixed(2),
      String(l.pivotTouches),
      l.volumeScore.toFixed(2),
      l.sources.join('+'),
    ]);
  const breachRows = r.breaches
    .sort((a, b) => b.strength - a.strength)
    .map((b) => [
      p(b.level),
      b.kind,
      b.strength.toFixed(2),
      t(b.depthThroughTs),
      t(b.closeThroughTs),
      p(b.closeThroughPrice),
      t(b.retestTs),
      t(b.reclaimTs),
      `${p(b.extremePrice)} (${(b.extremeDistance * 100).toFixed(2)}%)`,
      b.status,
    ]);
  return [
    `${r.symbol} levels as of ${r.date} 00:00 UTC (last close ${p(r.lastCloseBefore)}; ${r.file})`,
    renderTable(['level', 'kind', 'strength', 'pivots', 'volume', 'sources'], levelRows),
    `Breaches on ${r.date} (times UTC):`,
    renderTable(
      [
        'level',
        'kind',
        'strength',
        'depth thru',
        'close thru',
        'close',
        'retest',
        'reclaim',
        'extreme',
        'status',
      ],
      breachRows,
    ),
    '',
  ].join('\n');
}
