import { isIsoDate } from '@cascade/analytics';
import { parseArgs } from 'node:util';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { renderTable } from '../table.js';
import { buildLevelsReport, type LevelsReport } from '@cascade/services';

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
  const report = await buildLevelsReport(base, date, {
    lookbackDays: lookback,
    zone,
    pivotWidth: pivot,
    ...(roundStep === undefined ? {} : { roundStep }),
  });
  if ('error' in report) {
    io.stderr(`levels: ${report.error}\n`);
    return report.missing ? EXIT_FAILURE : EXIT_USAGE;
  }
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : toText(report));
  return EXIT_OK;
}

function toText(r: LevelsReport): string {
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
  const breachRows = [...r.breaches]
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
