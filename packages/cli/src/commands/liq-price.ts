import { evaluateMargin, type MarginReport, type PositionSpec } from '@cascade/core';
import { parseArgs } from 'node:util';
import { EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { formatIssue, parsePositionRecords } from '@cascade/services';
import { formatAmount, formatPercent, formatPrice, renderTable } from '../table.js';

export const LIQ_PRICE_HELP = `Usage: cascade liq-price --input FILE [--json]

Liquidation, bankruptcy and fillable prices of each position in FILE, computed with the
venue's own margin rules (tiers, cross/isolated, linear/inverse, fees).

FILE is a JSON array of position records (schema: docs/position-record.md). Fields not in
the schema are ignored.

Options:
  --input FILE   positions file (required)
  --json         print a JSON array, same order: { liquidationPrice, bankruptcyPrice,
                 fillablePrice, maintenanceMargin, mmr } (null where a price does not exist)
  -h, --help     show this help

Exit codes: 0 ok; 2 invalid input (the message names the record index and field).
`;

export interface LiquidationRow {
  readonly spec: PositionSpec;
  readonly report: MarginReport;
}

/** Evaluates specs, or returns the first domain problem with its index. */
export function evaluateAll(
  specs: readonly PositionSpec[],
):
  | { ok: true; rows: LiquidationRow[] }
  | { ok: false; index: number; field: string; message: string } {
  const rows: LiquidationRow[] = [];
  for (const [index, spec] of specs.entries()) {
    const evaluation = evaluateMargin(spec);
    if (!evaluation.ok) {
      const problem = evaluation.problems[0];
      return {
        ok: false,
        index,
        field: problem?.field ?? '(record)',
        message: problem?.message ?? 'invalid',
      };
    }
    rows.push({ spec, report: evaluation.report });
  }
  return { ok: true, rows };
}

export async function liqPriceCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      input: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(LIQ_PRICE_HELP);
    return EXIT_OK;
  }
  if (values.input === undefined) {
    io.stderr(`liq-price: --input FILE is required\n\n${LIQ_PRICE_HELP}`);
    return EXIT_USAGE;
  }
  let text: string;
  try {
    text = await io.readFile(values.input);
  } catch (error) {
    io.stderr(`liq-price: cannot read ${values.input}: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  const parsed = parsePositionRecords(text);
  if (!parsed.ok) {
    io.stderr(`liq-price: ${formatIssue(values.input, parsed.issue)}\n`);
    return EXIT_USAGE;
  }
  const evaluated = evaluateAll(parsed.specs);
  if (!evaluated.ok) {
    io.stderr(`liq-price: ${formatIssue(values.input, evaluated)}\n`);
    return EXIT_USAGE;
  }
  io.stdout(values.json ? toJson(evaluated.rows) : toTable(evaluated.rows));
  return EXIT_OK;
}

export function toJson(rows: readonly LiquidationRow[]): string {
  const out = rows.map(({ report }) => ({
    liquidationPrice: report.liquidationPrice,
    bankruptcyPrice: report.bankruptcyPrice,
    fillablePrice: report.fillablePrice,
    maintenanceMargin: report.maintenanceMargin,
    mmr: report.mmr,
  }));
  return `${JSON.stringify(out, null, 2)}\n`;
}

export function toTable(rows: readonly LiquidationRow[]): string {
  const headers = [
    '#',
    'venue',
    'symbol',
    'mode',
    'side',
    'qty',
    'entry',
    'mark',
    'liquidation',
    'distance',
    'bankruptcy',
    'fillable',
    'maint. margin',
    'mmr',
    'margin ratio',
  ];
  const body = rows.map(({ spec, report }, index) => [
    String(index),
    spec.venue,
    spec.symbol,
    `${spec.contract} ${spec.marginMode}`,
    spec.side,
    formatAmount(spec.quantity),
    formatPrice(spec.entryPrice),
    formatPrice(spec.markPrice ?? null),
    formatPrice(report.liquidationPrice),
    formatPercent(report.liquidationDistance),
    formatPrice(report.bankruptcyPrice),
    formatPrice(report.fillablePrice),
    formatAmount(Number(report.maintenanceMargin.toPrecision(8))),
    formatPercent(report.mmr, 3),
    formatPercent(report.marginRatio),
  ]);
  return renderTable(headers, body);
}
