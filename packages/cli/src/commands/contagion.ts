import {
  addDays,
  contagionDay,
  decomposeBtcPair,
  isIsoDate,
  upDownBeta,
  type AltMove,
  type ContagionDay,
  type UpDownBeta,
} from '@cascade/analytics';
import { parseArgs } from 'node:util';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import {
  CRYPTO_SYMBOLS,
  type HistoricalEvent,
  type MacroSource,
  type Ohlc,
  withMacroSource,
} from '@cascade/services';
import { formatPercent, renderTable } from '../table.js';

export const CONTAGION_HELP = `Usage: cascade contagion --date YYYY-MM-DD [--window DAYS] [--json]

How a BTC move spread to altcoins on DATE (a UTC day; Binance spot daily closes of BTC, ETH, SOL,
DOGE, XRP, ADA, BNB, DOT, LINK, LTC, TRX in data/crypto-daily/):
  - each alt's USD return, intraday drawdown (low / previous close − 1) and BTC-pair
    decomposition: USD return = (1 + r_alt/BTC)(1 + r_BTC) − 1;
  - betas of the alt's daily returns to BTC's (all days, BTC-up days, BTC-down days) over the
    DAYS days before DATE;
  - breadth: share of alts that fell more than BTC; the ranking of drawdowns;
  - the same statistics on the past events in data/events/historical-events.json.

Options:
  --date YYYY-MM-DD   event day, UTC (required)
  --window DAYS       beta window in days before the move (default 90, at least 20)
  --days N            measure the move over the N UTC days ending on DATE (default 1), here
                      and for the past events
  --data-dir DIR      market store to read (default $CASCADE_DATA_DIR, else ./.cascade); when
                      it is missing or lacks the macro tables, the files in data/ are read
  --json              machine-readable output
  -h, --help          show this help

Exit codes: 0 ok; 1 no data for DATE; 2 invalid input (the message names the option).
`;

interface Panel {
  readonly symbol: string;
  readonly series: Ohlc;
  readonly index: Map<string, number>;
}

async function loadPanel(source: MacroSource): Promise<Panel[]> {
  const panels: Panel[] = [];
  for (const symbol of CRYPTO_SYMBOLS) {
    const series = await source.cryptoDaily(symbol);
    panels.push({ symbol, series, index: new Map(series.dates.map((d, i) => [d, i])) });
  }
  return panels;
}

/**
 * Close-to-close return over the `days` UTC days ending on `date` (from the close before them),
 * and the drawdown: lowest low in those days / that close − 1. Undefined without every bar.
 */
function moveOn(
  panel: Panel,
  date: string,
  days = 1,
): { usdReturn: number; drawdown: number } | undefined {
  const i = panel.index.get(date);
  const j = panel.index.get(addDays(date, -days));
  if (i === undefined || j === undefined || i - j !== days) return undefined;
  const prev = panel.series.close[j] ?? Number.NaN;
  let low = Number.POSITIVE_INFINITY;
  for (let k = j + 1; k <= i; k++) low = Math.min(low, panel.series.low[k] ?? Number.NaN);
  return { usdReturn: (panel.series.close[i] ?? Number.NaN) / prev - 1, drawdown: low / prev - 1 };
}

/** Daily returns of two assets on the `window` UTC days ending the day before `date`. */
function returnsBefore(btc: Panel, alt: Panel, date: string, window: number) {
  const x = new Float64Array(window).fill(Number.NaN);
  const y = new Float64Array(window).fill(Number.NaN);
  for (let k = 0; k < window; k++) {
    const day = addDays(date, -window + k);
    x[k] = moveOn(btc, day)?.usdReturn ?? Number.NaN;
    y[k] = moveOn(alt, day)?.usdReturn ?? Number.NaN;
  }
  return { x, y };
}

interface DayReport {
  readonly date: string;
  readonly day: ContagionDay;
  readonly alts: number;
}

function dayReport(panels: readonly Panel[], date: string, days: number): DayReport | undefined {
  const [btcPanel, ...altPanels] = panels;
  const btc = btcPanel === undefined ? undefined : moveOn(btcPanel, date, days);
  if (btc === undefined) return undefined;
  const alts: AltMove[] = altPanels.flatMap((panel) => {
    const move = moveOn(panel, date, days);
    return move === undefined ? [] : [{ symbol: panel.symbol, ...move }];
  });
  return { date, day: contagionDay(btc, alts), alts: alts.length };
}

export async function contagionCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      date: { type: 'string' },
      window: { type: 'string', default: '90' },
      days: { type: 'string', default: '1' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(CONTAGION_HELP);
    return EXIT_OK;
  }
  if (values.date === undefined || !isIsoDate(values.date)) {
    io.stderr(`contagion: --date must be a calendar date YYYY-MM-DD\n\n${CONTAGION_HELP}`);
    return EXIT_USAGE;
  }
  const window = Number(values.window);
  if (!Number.isInteger(window) || window < 20 || window > 2000) {
    io.stderr(`contagion: --window must be an integer number of days, 20..2000\n`);
    return EXIT_USAGE;
  }
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 30) {
    io.stderr(`contagion: --days must be an integer number of days, 1..30\n`);
    return EXIT_USAGE;
  }
  const date = values.date;
  const json = values.json;
  return withMacroSource(io.cwd, values['data-dir'], async (source) =>
    report(
      io,
      { date, window, days, json, label: source.label },
      await loadPanel(source),
      await source.events(),
    ),
  );
}

interface Request {
  readonly date: string;
  readonly window: number;
  readonly days: number;
  readonly json: boolean;
  readonly label: string;
}

function report(
  io: CliIo,
  { date, window, days, json, label }: Request,
  panels: readonly Panel[],
  events: readonly HistoricalEvent[],
): number {
  const today = dayReport(panels, date, days);
  if (today === undefined) {
    io.stderr(`contagion: no BTC daily bars for ${date} and the day before\n`);
    return EXIT_FAILURE;
  }
  const [btcPanel, ...altPanels] = panels;
  const betas = new Map<string, UpDownBeta>();
  for (const alt of altPanels) {
    if (btcPanel === undefined) break;
    const { x, y } = returnsBefore(btcPanel, alt, addDays(date, 1 - days), window);
    const beta = upDownBeta(x, y);
    if (beta.days >= window * 0.8) betas.set(alt.symbol, beta);
  }
  const todayLiquidated = events.find((e) => e.date === date)?.totalLiquidatedUsd ?? null;
  const past = events
    .filter((e) => e.date !== date)
    .flatMap((event) => {
      const report = dayReport(panels, event.date, days);
      return report === undefined ? [] : [{ event, report }];
    });
  io.stdout(
    json
      ? toJson(today, betas, past, window, todayLiquidated, days)
      : `${toText(today, betas, past, window, todayLiquidated, days)}Data: ${label}.\n`,
  );
  return EXIT_OK;
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

interface PastEvent {
  readonly event: HistoricalEvent;
  readonly report: DayReport;
}

/** Rank (1 = worst) of today's median alt return among today and the past events. */
function severityRank(today: DayReport, past: readonly PastEvent[]): number {
  return past.filter((p) => p.report.day.medianAltReturn < today.day.medianAltReturn).length + 1;
}

function toJson(
  today: DayReport,
  betas: ReadonlyMap<string, UpDownBeta>,
  past: readonly PastEvent[],
  window: number,
  liquidatedUsd: number | null,
  days: number,
): string {
  const { day } = today;
  const out = {
    date: today.date,
    days,
    totalLiquidatedUsd: liquidatedUsd,
    btc: { return: r6(day.btcReturn), drawdown: r6(day.btcDrawdown) },
    breadth: r6(day.breadth),
    shareDown: r6(day.shareDown),
    medianAltReturn: r6(day.medianAltReturn),
    medianPairReturn: r6(day.medianPairReturn),
    betaWindowDays: window,
    alts: day.ranking.map((a) => {
      const beta = betas.get(a.symbol);
      const d = decomposeBtcPair(a.usdReturn, day.btcReturn);
      return {
        symbol: a.symbol,
        drawdownRank: a.rank,
        usdReturn: r6(a.usdReturn),
        drawdown: r6(a.drawdown),
        pairReturn: r6(d.pair),
        crossTerm: r6(d.cross),
        beta: beta === undefined ? null : r6(beta.beta),
        upBeta: beta === undefined ? null : r6(beta.upBeta),
        downBeta: beta === undefined ? null : r6(beta.downBeta),
        expectedFromBeta: beta === undefined ? null : r6(beta.beta * day.btcReturn),
      };
    }),
    comparison: {
      rankByMedianAltReturn: severityRank(today, past),
      of: past.length + 1,
      pastEvents: past.map(({ event, report }) => ({
        date: event.date,
        totalLiquidatedUsd: event.totalLiquidatedUsd,
        alts: report.alts,
        btcReturn: r6(report.day.btcReturn),
        btcDrawdown: r6(report.day.btcDrawdown),
        medianAltReturn: r6(report.day.medianAltReturn),
        breadth: r6(report.day.breadth),
        shareDown: r6(report.day.shareDown),
      })),
    },
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

function beta2(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? '—' : value.toFixed(2);
}

function toText(
  today: DayReport,
  betas: ReadonlyMap<string, UpDownBeta>,
  past: readonly PastEvent[],
  window: number,
  liquidatedUsd: number | null,
  days: number,
): string {
  const { day } = today;
  const span =
    days === 1 ? `on ${today.date} (UTC day` : `over the ${days} UTC days to ${today.date} (`;
  const lines = [
    `Altcoin contagion ${span}, Binance spot daily).`,
    `BTC: ${formatPercent(day.btcReturn)} close to close, drawdown ${formatPercent(day.btcDrawdown)} (lowest low vs the starting close).`,
    `Breadth: ${formatPercent(day.breadth, 0)} of ${today.alts} alts fell more than BTC; ${formatPercent(day.shareDown, 0)} fell. ` +
      `Median alt ${formatPercent(day.medianAltReturn)} in USD, ${formatPercent(day.medianPairReturn)} against BTC.`,
    '',
  ];
  const headers = [
    'rank',
    'alt',
    'drawdown',
    'USD return',
    'vs BTC',
    `beta ${window}d`,
    'up beta',
    'down beta',
    'beta × BTC',
  ];
  const body = day.ranking.map((a) => {
    const beta = betas.get(a.symbol);
    return [
      String(a.rank),
      a.symbol,
      formatPercent(a.drawdown),
      formatPercent(a.usdReturn),
      formatPercent(a.pairReturn),
      beta2(beta?.beta),
      beta2(beta?.upBeta),
      beta2(beta?.downBeta),
      beta === undefined ? '—' : formatPercent(beta.beta * day.btcReturn),
    ];
  });
  lines.push(renderTable(headers, body));
  lines.push(
    `Compared with past events (data/events/historical-events.json): rank ${severityRank(today, past)} of ${past.length + 1} by median alt return (1 = worst).`,
  );
  const pastRows = [today, ...past.map((p) => p.report)]
    .sort((a, b) => a.day.medianAltReturn - b.day.medianAltReturn)
    .map((r) => {
      const liq =
        r.date === today.date
          ? liquidatedUsd
          : past.find((p) => p.event.date === r.date)?.event.totalLiquidatedUsd;
      return [
        r.date === today.date ? `${r.date} *` : r.date,
        formatPercent(r.day.btcReturn),
        formatPercent(r.day.btcDrawdown),
        formatPercent(r.day.medianAltReturn),
        formatPercent(r.day.breadth, 0),
        String(r.alts),
        liq === undefined || liq === null ? '—' : `$${(liq / 1e9).toFixed(1)}B`,
      ];
    });
  lines.push(
    renderTable(
      ['event (UTC day)', 'BTC', 'BTC drawdown', 'median alt', 'breadth', 'alts', 'liquidated'],
      pastRows,
    ),
  );
  return lines.join('\n');
}
