import { runDatedMacroCommand } from '../dated-macro-command.js';
import type { CliIo } from '../io.js';
import { formatPercent, renderTable } from '../table.js';
import {
  buildDivergenceReport,
  type DivergenceReport,
  DIVERGENCE_RECENT_DAYS,
} from '@cascade/services';

export const DIVERGENCE_HELP = `Usage: cascade divergence --date YYYY-MM-DD [--json]

BTC versus US equities on DATE (a New York trading day; for a weekend or holiday, the last trading
day before it):
  - alignment: each index close (16:00 New York) is paired with the BTC close of the same UTC
    day (00:00 UTC next day, 3-4 h later); BTC's weekend moves fall into Monday's return;
  - daily close-to-close and intraday (open to close) returns, z-scores against the previous 90
    trading days;
  - rolling Pearson and Spearman correlation and beta of BTC on the S&P 500 and the Nasdaq, 30 and
    90 trading days;
  - the regime of the day and the divergence days (opposite signs, |z| >= 1 for BTC and >= 0.5
    for the index) in the last 60 trading days;
  - attribution of BTC's move: internal (liquidations, open interest, funding reset) vs external
    (equities, 2-year yield, VIX), each piece of evidence listed, missing data marked missing.

Options:
  --date YYYY-MM-DD   day to analyse (required)
  --data-dir DIR      market store to read (default $CASCADE_DATA_DIR, else ./.cascade); when
                      it is missing or lacks the macro tables, the files in data/ are read
  --json              machine-readable output
  -h, --help          show this help

Exit codes: 0 ok; 1 no data for DATE; 2 invalid input (the message names the option).
`;

function z(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
}

function evidenceValue(value: number | null, unit: string): string {
  if (value === null) return 'missing';
  if (unit === 'USD') return `$${(value / 1e9).toFixed(2)}B`;
  if (unit === 'fraction') return formatPercent(value);
  if (unit === 'per 8h') return `${(value * 1e4).toFixed(2)} bp/8h`;
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)} ${unit}`;
}

function toText(report: DivergenceReport): string {
  const { today } = report;
  const lines = [
    `BTC vs US equities on ${today.date}` +
      (report.requested === today.date
        ? ''
        : ` (last trading day on or before ${report.requested})`) +
      '.',
    `Alignment: index close 16:00 New York vs BTC UTC-day close (3-4 h later); z against the previous 90 trading days.`,
    `BTC ${formatPercent(today.btcReturn)} (z ${z(today.btcZ)}), S&P 500 ${formatPercent(today.equityReturn)} (z ${z(today.equityZ)})` +
      (report.nasdaq === undefined
        ? ''
        : `, Nasdaq ${formatPercent(report.nasdaq.equityReturn)} (z ${z(report.nasdaq.equityZ)})`) +
      '.',
    report.btcCloseToClose === null
      ? 'BTC between the two New York closes: no 1h bars stored for this window.'
      : `BTC between the two New York closes (16:00 ET, 1h bars): ${formatPercent(report.btcCloseToClose.return)}, ` +
        `low ${formatPercent(report.btcCloseToClose.drawdown)} (${new Date(report.btcCloseToClose.fromMs).toISOString().slice(0, 16)}Z → ${new Date(report.btcCloseToClose.toMs).toISOString().slice(0, 16)}Z).`,
    `Intraday, open to close: S&P 500 ${report.intraday.spx === null ? 'n/a' : formatPercent(report.intraday.spx)} (New York session); ` +
      `BTC ${report.intraday.btc === null ? 'n/a' : formatPercent(report.intraday.btc)} (UTC day).`,
    `Regime: ${today.regime}${today.divergent ? ' — a divergence day' : ''}.`,
    '',
  ];
  lines.push(
    renderTable(
      ['index', 'window', 'Pearson', 'Spearman', 'beta (BTC on index)'],
      report.correlations.map((c) => [
        c.index,
        `${c.window}d`,
        c.pearson.toFixed(2),
        c.spearman.toFixed(2),
        c.beta.toFixed(2),
      ]),
    ),
  );
  lines.push(
    `Divergence days in the last ${DIVERGENCE_RECENT_DAYS} trading days: ${report.recentDivergences.length}`,
  );
  for (const d of report.recentDivergences) {
    lines.push(
      `  ${d.date}: BTC ${formatPercent(d.btcReturn)} (z ${z(d.btcZ)}), S&P ${formatPercent(d.equityReturn)} (z ${z(d.equityZ)}) — ${d.regime}`,
    );
  }
  const a = report.attribution;
  lines.push(
    '',
    `Attribution of BTC's move: ${a.verdict} (internal ${a.internalScore} of 3, external ${a.externalScore} of 3 factors support it).`,
  );
  lines.push(
    renderTable(
      ['side', 'factor', 'value', 'supports', 'test'],
      a.evidence.map((e) => [
        e.side,
        e.factor,
        evidenceValue(e.value, e.unit),
        e.value === null ? '—' : e.supports ? 'yes' : 'no',
        e.note,
      ]),
    ),
  );
  if (report.liquidationSource !== null) {
    lines.push(`Liquidations: data/events/historical-events.json (${report.liquidationSource}).`);
  }
  lines.push(
    'Open interest: no stored daily OI before 2025-12-04, marked missing.',
    `Data: ${report.dataSource}.`,
    '',
  );
  return lines.join('\n');
}

export function divergenceCommand(argv: readonly string[], io: CliIo): Promise<number> {
  return runDatedMacroCommand(
    {
      name: 'divergence',
      help: DIVERGENCE_HELP,
      build: buildDivergenceReport,
      toText,
      missing: (date) => `no aligned BTC and S&P 500 data with 90 days of history at ${date}`,
    },
    argv,
    io,
  );
}
