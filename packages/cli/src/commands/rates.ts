import { runDatedMacroCommand } from '../dated-macro-command.js';
import type { CliIo } from '../io.js';
import { formatPercent, renderTable } from '../table.js';
import {
  buildRatesReport,
  FIRST_CUT_SPAN_DAYS,
  FIRST_CUT_OFFSETS,
  type RatesReport,
} from '@cascade/services';

export const RATES_HELP = `Usage: cascade rates --date YYYY-MM-DD [--json]

Equities and the rate path:
  - rolling beta and correlation (30 and 90 trading days, ending on DATE or the last trading day
    before it) of S&P 500 and Nasdaq daily returns to daily 2-year Treasury yield changes (FRED
    DGS2, same New York date), in % index return per +10 bp; the Nasdaq − S&P gap is the
    "growth" tilt;
  - first-cut study: S&P 500, Nasdaq and BTC (UTC close sampled on S&P trading days) from 60
    trading days before to 60 after the first cut of each easing cycle in the stored data
    (2019-07-31, 2020-03-03, 2024-09-18, 2025-09-17): did the market bottom before the cut?

Rate expectations: for dates the stored futures cover (2020-10..2024-09-09), also the beta of index
returns to daily changes of the ZQZ24-implied December-2024 EFFR (100 − price, a FedWatch input;
not FedWatch probabilities). Later dates: not available (no stored futures).

Options:
  --date YYYY-MM-DD   end of the beta windows (required)
  --data-dir DIR      market store to read (default $CASCADE_DATA_DIR, else ./.cascade); when
                      it is missing or lacks the macro tables, the files in data/ are read
  --json              machine-readable output
  -h, --help          show this help

Exit codes: 0 ok; 1 no data for DATE; 2 invalid input (the message names the option).
`;

function per10(value: number): string {
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(2)}%`;
}

function toText(report: RatesReport): string {
  const t = report.twoYear;
  const lines = [
    `Equities and the rate path, windows ending ${report.date}.`,
    `2-year Treasury (FRED DGS2) ${t.date}: ${t.yieldPct.toFixed(2)}%, 1-day change ${t.change1dBp === null ? 'n/a' : `${t.change1dBp.toFixed(1)} bp`}.`,
    '',
    renderTable(
      ['index', 'window', 'return per +10 bp 2y', 'correlation'],
      report.betas.map((b) => [
        b.index,
        `${b.window}d`,
        per10(b.betaPer10bp),
        b.correlation.toFixed(2),
      ]),
    ),
    `Growth tilt (Nasdaq − S&P, per +10 bp): ${report.growthTilt.map((g) => `${g.window}d ${per10(g.betaPer10bp)}`).join(', ')}.`,
    report.futuresBetas === null
      ? 'Sensitivity to rate expectations from futures: not available for this date (stored fed funds futures: 2020-10..2024-09-09).'
      : `Sensitivity to the ZQZ24-implied Dec-2024 EFFR (futures; a FedWatch input): ${report.futuresBetas
          .map(
            (b) =>
              `${b.index} ${b.window}d ${per10(b.betaPer10bp)} per +10 bp (corr ${b.correlation.toFixed(2)})`,
          )
          .join('; ')}.`,
    '',
    `First cut of each easing cycle: closes relative to the last close on or before the cut day (offsets in S&P trading days; BTC = UTC close on those days).`,
  ];
  const headers = [
    'cut',
    'asset',
    ...FIRST_CUT_OFFSETS.map((o) => (o > 0 ? `+${o}` : String(o))),
    'low at',
    'low',
    'bottom before cut?',
  ];
  const body = report.firstCuts.flatMap((study) =>
    study.paths.map((p) => [
      study.cut,
      p.asset,
      ...FIRST_CUT_OFFSETS.map((o) => formatPercent(p.at[String(o)] ?? NaN, 1)),
      String(p.lowOffset),
      formatPercent(p.lowRelative, 1),
      p.lowAtWindowStart ? 'no: rose into it' : p.bottomedBefore ? 'yes' : 'no',
    ]),
  );
  lines.push(renderTable(headers, body));
  const spxBefore = report.firstCuts.filter((s) => {
    const p = s.paths.find((q) => q.asset === 'S&P 500');
    return p !== undefined && p.bottomedBefore && !p.lowAtWindowStart;
  }).length;
  lines.push(
    `S&P 500 bottomed inside the ${FIRST_CUT_SPAN_DAYS} days before the first cut in ${spxBefore} of ${report.firstCuts.length} cycles ` +
      `("rose into it": the low is the window's first day).`,
    `Data: ${report.dataSource}.`,
    '',
  );
  return lines.join('\n');
}

export function ratesCommand(argv: readonly string[], io: CliIo): Promise<number> {
  return runDatedMacroCommand(
    {
      name: 'rates',
      help: RATES_HELP,
      build: buildRatesReport,
      toText,
      missing: (date) => `not enough index and 2-year yield history before ${date}`,
    },
    argv,
    io,
  );
}
