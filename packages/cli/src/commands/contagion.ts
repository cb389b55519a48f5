import { isIsoDate } from '@cascade/analytics';
import { parseArgs } from 'node:util';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import {
  withMacroSource,
  buildContagionReport,
  contagionJson,
  severityRank,
  type ContagionReport,
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
  const report = await withMacroSource(io.cwd, values['data-dir'], (source) =>
    buildContagionReport(date, source, { window, days }),
  );
  if (report === undefined) {
    io.stderr(`contagion: no BTC daily bars for ${date} and the day before\n`);
    return EXIT_FAILURE;
  }
  io.stdout(
    values.json
      ? `${JSON.stringify(contagionJson(report), null, 2)}\n`
      : `${toText(report)}Data: ${report.label}.\n`,
  );
  return EXIT_OK;
}

function beta2(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? '—' : value.toFixed(2);
}

function toText(report: ContagionReport): string {
  const { today, betas, past, window, liquidatedUsd, days } = report;
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
