import { isIsoDate } from '@cascade/analytics';
import { parseArgs } from 'node:util';
import { withMacroSource, buildHistoryReport, type HistoryReport } from '@cascade/services';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { formatPercent, renderTable } from '../table.js';

export const HISTORY_HELP = `Usage: cascade history --date YYYY-MM-DD [--json]

How a UTC day compares with the 16 past liquidation events in data/events/historical-events.json
(sources and confidence in that file). For every event and for DATE, from stored prices:
  - BTC drawdown open → low (Binance spot BTCUSDT daily) and BTC open → close;
  - alt drawdowns open → low: median and worst of ETH, SOL, DOGE, XRP, ADA, BNB, DOT, LINK,
    LTC, TRX (those listed that day);
  - S&P 500 close vs previous close that day (none on non-trading days);
  - realized liquidations (24 h, all coins) where the catalog gives them, and for DATE the BTC-only
    liquidations of the Coinglass hourly file in data/derivatives/ when it covers the whole day.
DATE is ranked against the events (severity percentile: share of events no worse) and against
every day since 2017-08-17 for the BTC drawdown; the most similar events come from the RMS of
standardised differences (BTC drawdown, alt median drawdown, S&P move, log liquidations).

Options:
  --date YYYY-MM-DD   day to rank, UTC (required)
  --data-dir DIR      market store to read (default $CASCADE_DATA_DIR, else ./.cascade); when
                      it is missing or lacks the macro tables, the files in data/ are read
  --json              machine-readable output
  -h, --help          show this help

Exit codes: 0 ok; 1 no BTC bar for DATE; 2 invalid input (the message names the option).
`;

const pct = (v: number | null) => formatPercent(v, 1);
const usd = (v: number | null) => (v === null ? '—' : `$${(v / 1e9).toFixed(2)}B`);

function toText(r: HistoryReport): string {
  const d = r.day;
  const p = r.percentileVsEvents;
  const share = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(0)}%`);
  const extra = r.catalogEvent ? [] : [{ ...d, confidence: '(date)', window: '', source: '' }];
  const rows = [...r.events, ...extra]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((e) => [
      e.date === r.date ? `${e.date} ◀` : e.date,
      pct(e.btcDrawdown),
      pct(e.btcReturn),
      pct(e.altMedianDrawdown),
      pct(e.altWorstDrawdown),
      pct(e.spxReturn),
      usd(e.liquidatedUsd),
      e.confidence,
    ]);
  const similar = r.mostSimilar
    .map((s) => `${s.date} (distance ${s.distance.toFixed(2)} over ${s.features.join(', ')})`)
    .join('; ');
  return [
    `History: ${r.date} against ${r.events.length} past liquidation events (${r.source})`,
    renderTable(
      [
        'date',
        'BTC open→low',
        'BTC open→close',
        'alt median dd',
        'alt worst dd',
        'S&P',
        'liquidated',
        'confidence',
      ],
      rows,
    ),
    `${r.date}: BTC drawdown ${pct(d.btcDrawdown)} is deeper than ${share(p.btcDrawdown)} of the other events (severity percentile, ties count half) and than ${share(r.btcDrawdownPercentileAllDays)} of all ${r.allDaysCount} days since ${r.allDaysFrom}`,
    `  alt median drawdown vs events: ${share(p.altMedianDrawdown)}; worst alt: ${share(p.altWorstDrawdown)}; S&P move: ${share(p.spxReturn)}; liquidations: ${share(p.liquidatedUsd)}`,
    `Most similar past events: ${similar || '—'}`,
    r.btcLiquidations === null
      ? 'BTC-only liquidations that day: not in the stored Coinglass hourly file (2025-11-24..2026-03-31)'
      : `BTC-only liquidations that day (Coinglass, Binance+Bybit+OKX): longs $${(r.btcLiquidations.long / 1e6).toFixed(1)}M, shorts $${(r.btcLiquidations.short / 1e6).toFixed(1)}M`,
    'Drawdowns are Binance spot prints, wicks included (e.g. LINKUSDT traded at 0.0001 on 2020-03-12).',
    '',
  ].join('\n');
}

export async function historyCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        date: { type: 'string' },
        'data-dir': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    io.stderr(`history: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.stdout(HISTORY_HELP);
    return EXIT_OK;
  }
  const date = values.date;
  if (date === undefined || !isIsoDate(date)) {
    io.stderr(`history: --date YYYY-MM-DD is required (got ${date ?? 'nothing'})\n`);
    return EXIT_USAGE;
  }
  const report = await withMacroSource(io.cwd, values['data-dir'], (s) =>
    buildHistoryReport(date, s),
  );
  if (report === undefined) {
    io.stderr(`history: no BTC daily bar on ${date} in the stored prices\n`);
    return EXIT_FAILURE;
  }
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : toText(report));
  return EXIT_OK;
}
