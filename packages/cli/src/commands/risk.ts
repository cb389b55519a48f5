import { isIsoDate } from '@cascade/analytics';
import { evaluateMargin } from '@cascade/core';
import { parseArgs } from 'node:util';
import { EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import {
  formatIssue,
  parsePositionRecords,
  withMacroSource,
  assessPositionRisk,
  type RiskAssumptions,
  type RiskRow,
} from '@cascade/services';
import { formatAmount, formatPercent, formatPrice, renderTable } from '../table.js';

export const RISK_HELP = `Usage: cascade risk --positions FILE [options] [--json]

Risk of each position in FILE (the record schema of cascade liq-price, docs/position-record.md):
  - liquidation price (venue margin model, tiers) and its distance from the mark (else entry);
  - the --quantile of the historical intraday adverse move (longs 1 − low/open, shorts
    high/open − 1) of the coin's Binance spot daily bars up to --as-of, whether the position
    survives it, and the maximum leverage that would (isolated, same entry and size, the venue's
    tiers; bisection over 1..125x);
  - sizing: the notional that risks --risk of --equity at a stop of --stop (default: that
    quantile move), against the position's notional;
  - funding to hold --hold-days at the average Binance BTCUSDT funding rate of the --funding-days
    days up to --as-of (BTC positions only: the only stored funding series).

Options:
  --positions FILE     positions file (required)
  --equity USD         account equity for sizing (omit: no sizing)
  --risk FRACTION      share of equity risked per position (default 0.01)
  --stop FRACTION      stop distance (default: the drawdown quantile)
  --quantile Q         drawdown quantile in (0, 1) (default 0.99)
  --as-of YYYY-MM-DD   last day of history used (default: the last stored day)
  --hold-days N        holding period for funding (default 7)
  --funding-days N     averaging window for funding (default 30)
  --data-dir DIR       market store (default $CASCADE_DATA_DIR, else ./.cascade; else data/ files)
  --json               machine-readable output
  -h, --help           show this help

Exit codes: 0 ok; 2 invalid input (the message names the file, record and field, or the option).
`;

interface Options extends RiskAssumptions {
  readonly positions: string;
  readonly dataDir: string | undefined;
  readonly json: boolean;
}

function positive(v: string | undefined, name: string, fallback: number | null, max = Infinity) {
  if (v === undefined) return fallback;
  const x = Number(v);
  if (!(Number.isFinite(x) && x > 0 && x < max)) {
    throw new RangeError(`${name}: "${v}" must be a number in (0, ${max})`);
  }
  return x;
}

function parseOptions(argv: readonly string[]): Options | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      positions: { type: 'string' },
      equity: { type: 'string' },
      risk: { type: 'string' },
      stop: { type: 'string' },
      quantile: { type: 'string' },
      'as-of': { type: 'string' },
      'hold-days': { type: 'string' },
      'funding-days': { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  if (values.positions === undefined) throw new RangeError('--positions FILE is required');
  const asOf = values['as-of'] ?? null;
  if (asOf !== null && !isIsoDate(asOf)) throw new RangeError(`--as-of: "${asOf}" is not a date`);
  return {
    positions: values.positions,
    equity: positive(values.equity, '--equity', null),
    risk: positive(values.risk, '--risk', 0.01, 1) ?? 0.01,
    stop: positive(values.stop, '--stop', null, 1),
    quantile: positive(values.quantile, '--quantile', 0.99, 1) ?? 0.99,
    asOf,
    holdDays: positive(values['hold-days'], '--hold-days', 7) ?? 7,
    fundingDays: Math.round(positive(values['funding-days'], '--funding-days', 30) ?? 30),
    dataDir: values['data-dir'],
    json: values.json,
  };
}

export async function riskCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let o: Options;
  try {
    const parsed = parseOptions(argv);
    if (parsed === 'help') {
      io.stdout(RISK_HELP);
      return EXIT_OK;
    }
    o = parsed;
  } catch (error) {
    io.stderr(`risk: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  let text: string;
  try {
    text = await io.readFile(o.positions);
  } catch (error) {
    io.stderr(`risk: cannot read ${o.positions}: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  const parsed = parsePositionRecords(text);
  if (!parsed.ok) {
    io.stderr(`risk: ${formatIssue(o.positions, parsed.issue)}\n`);
    return EXIT_USAGE;
  }
  for (const [index, spec] of parsed.specs.entries()) {
    const e = evaluateMargin(spec);
    if (!e.ok) {
      const p = e.problems[0];
      io.stderr(
        `risk: ${formatIssue(o.positions, { index, field: p?.field ?? '(record)', message: p?.message ?? 'invalid' })}\n`,
      );
      return EXIT_USAGE;
    }
  }
  const rows = await withMacroSource(io.cwd, o.dataDir, async (source) => {
    const out: RiskRow[] = [];
    for (const [i, spec] of parsed.specs.entries())
      out.push(await assessPositionRisk(spec, i, o, source));
    return out;
  });
  io.stdout(o.json ? `${JSON.stringify(rows, null, 2)}\n` : toText(rows, o));
  return EXIT_OK;
}

function toText(rows: readonly RiskRow[], o: Options): string {
  const body = rows.map((r) => [
    String(r.index),
    `${r.symbol} ${r.side}`,
    r.notional === null ? '—' : formatAmount(Math.round(r.notional)),
    formatPrice(r.liquidationPrice),
    formatPercent(r.liquidationDistance),
    formatPercent(r.drawdownQuantile),
    r.survivesQuantile === null ? '—' : r.survivesQuantile ? 'yes' : 'NO',
    r.maxLeverageSurvivingQuantile === null ? '—' : `${r.maxLeverageSurvivingQuantile}x`,
    r.sizingMaxNotional === null ? '—' : formatAmount(Math.round(r.sizingMaxNotional)),
    r.fundingCostToHold === null ? '—' : formatAmount(Number(r.fundingCostToHold.toFixed(2))),
  ]);
  return [
    renderTable(
      [
        '#',
        'position',
        'notional',
        'liquidation',
        'distance',
        `q${o.quantile} move`,
        'survives',
        'max lev',
        `size @${o.risk * 100}%`,
        `funding ${o.holdDays}d`,
      ],
      body,
    ),
    `Moves: quantile ${o.quantile} of daily intraday adverse moves (Binance spot daily bars${o.asOf ? ` up to ${o.asOf}` : ''}); max lev: isolated, same entry and size.`,
    `Funding: Binance BTCUSDT average over ${o.fundingDays} days (positive = paid).${o.equity === null ? ' Sizing: pass --equity.' : ''}`,
    '',
  ].join('\n');
}
