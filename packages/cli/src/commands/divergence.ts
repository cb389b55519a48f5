import {
  alignToTradingDays,
  attributeMove,
  moveBetween,
  newYorkCloseUtcMs,
  readDays,
  rollingPearsonBeta,
  rollingSpearman,
  type AlignedPair,
  type Attribution,
  type DayReading,
  type WindowMove,
} from '@cascade/analytics';
import { runDatedMacroCommand } from '../dated-macro-command.js';
import type { CliIo } from '../io.js';
import { type MacroSource, type Ohlc, valueOn, type ValueSeries } from '@cascade/services';
import { formatPercent, renderTable } from '../table.js';

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

const WINDOWS = [30, 90] as const;
const RECENT = 60;

interface Correlations {
  readonly index: string;
  readonly window: number;
  readonly pearson: number;
  readonly spearman: number;
  readonly beta: number;
}

function correlationsAt(pair: AlignedPair, at: number, index: string): Correlations[] {
  return WINDOWS.map((window) => {
    const { correlation, beta } = rollingPearsonBeta(pair.equityReturn, pair.btcReturn, window);
    const spearman = rollingSpearman(pair.equityReturn, pair.btcReturn, window);
    return {
      index,
      window,
      pearson: correlation[at] ?? Number.NaN,
      spearman: spearman[at] ?? Number.NaN,
      beta: beta[at] ?? Number.NaN,
    };
  });
}

function intraday(series: Ohlc, date: string): number | null {
  const i = series.dates.indexOf(date);
  if (i < 0) return null;
  return (series.close[i] ?? Number.NaN) / (series.open[i] ?? Number.NaN) - 1;
}

function changeOn(series: ValueSeries, date: string): number | null {
  const i = series.dates.indexOf(date);
  if (i < 1) return null;
  return (series.values[i] ?? Number.NaN) - (series.values[i - 1] ?? Number.NaN);
}

/** Funding change: the day's mean minus the mean of the 7 days before (decimal per 8 h). */
function fundingChange(funding: ValueSeries, date: string): number | null {
  const i = funding.dates.indexOf(date);
  if (i < 7) return null;
  let before = 0;
  for (let k = i - 7; k < i; k++) before += funding.values[k] ?? Number.NaN;
  return (funding.values[i] ?? Number.NaN) - before / 7;
}

interface Report {
  readonly requested: string;
  readonly today: DayReading;
  readonly nasdaq: DayReading | undefined;
  readonly intraday: { readonly btc: number | null; readonly spx: number | null };
  /** BTC between the previous and this trading day's 16:00 New York close (1h bars), if stored. */
  readonly btcCloseToClose: WindowMove | null;
  readonly correlations: readonly Correlations[];
  readonly recentDivergences: readonly DayReading[];
  readonly attribution: Attribution;
  readonly liquidationSource: string | null;
  readonly dataSource: string;
}

export function divergenceCommand(argv: readonly string[], io: CliIo): Promise<number> {
  return runDatedMacroCommand(
    {
      name: 'divergence',
      help: DIVERGENCE_HELP,
      build,
      toText,
      missing: (date) => `no aligned BTC and S&P 500 data with 90 days of history at ${date}`,
    },
    argv,
    io,
  );
}

async function build(requested: string, source: MacroSource): Promise<Report | undefined> {
  const btc = await source.cryptoDaily('BTC');
  const spx = await source.equity('GSPC');
  const nasdaq = await source.equity('IXIC');
  const vix = await source.equity('VIX');
  const twoYear = await source.fred('DGS2');
  const events = await source.events();
  const funding = await source.dailyFunding();
  const hourly = await source.btcHourly();
  const spxPair = alignToTradingDays(btc, spx);
  const nasdaqPair = alignToTradingDays(btc, nasdaq);
  const at = spxPair.dates.findLastIndex((d) => d <= requested);
  const days = readDays(spxPair);
  const today = days.find((d) => d.date === spxPair.dates[at]);
  if (at < 0 || today === undefined) return undefined;
  const date = today.date;
  const nasdaqAt = nasdaqPair.dates.indexOf(date);
  const event = events.find((e) => e.date === date);
  const vixClose: ValueSeries = { dates: vix.dates, values: vix.close };
  const twoYearNow = valueOn(twoYear, date);
  const attribution = attributeMove({
    btcReturn: today.btcReturn,
    btcZ: today.btcZ,
    liquidationsUsd: event?.totalLiquidatedUsd ?? null,
    openInterestChange: null,
    fundingChange: fundingChange(funding, date),
    equityReturn: today.equityReturn,
    equityZ: today.equityZ,
    twoYearChangeBp:
      twoYearNow?.date === date ? Math.round((changeOn(twoYear, date) ?? NaN) * 1000) / 10 : null,
    vixChange: changeOn(vixClose, date),
  });
  const recent = days.filter((d) => d.date <= date).slice(-RECENT);
  return {
    requested,
    today,
    nasdaq: readDays(nasdaqPair).find((d) => d.date === date),
    intraday: { btc: intraday(btc, date), spx: intraday(spx, date) },
    btcCloseToClose:
      at < 1
        ? null
        : (moveBetween(
            hourly,
            newYorkCloseUtcMs(spxPair.dates[at - 1] ?? ''),
            newYorkCloseUtcMs(date),
          ) ?? null),
    correlations: [
      ...correlationsAt(spxPair, at, 'S&P 500'),
      ...(nasdaqAt < 0 ? [] : correlationsAt(nasdaqPair, nasdaqAt, 'Nasdaq')),
    ],
    recentDivergences: recent.filter((d) => d.divergent),
    attribution,
    liquidationSource: event === undefined ? null : `${event.window}: ${event.source}`,
    dataSource: source.label,
  };
}

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

function toText(report: Report): string {
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
    `Divergence days in the last ${RECENT} trading days: ${report.recentDivergences.length}`,
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
