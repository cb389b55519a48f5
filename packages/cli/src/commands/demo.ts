import type { MarginReport, PositionSpec } from '@cascade/core';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT_FAILURE, EXIT_OK, type CliIo } from '../io.js';
import { formatIssue, parsePositionRecords, repoRoot } from '@cascade/services';
import { formatPercent, formatPrice, renderTable } from '../table.js';
import { evaluateAll } from './liq-price.js';

export const DEMO_HELP = `Usage: cascade demo

Opens a sample portfolio at the 2025-11-20 UTC open on Binance, Bybit, Hyperliquid and dYdX,
computes each position's liquidation price with the venue's rules, and checks it against the
real Binance spot range of 2025-11-20..21 (the day Bitcoin broke below $86,000).

Data: examples/portfolio-2025-11-20.json, data/candles/ (see data/SOURCES.md). No network.
`;

interface DayRange {
  readonly low: number;
  readonly high: number;
}

/** Lowest low and highest high per symbol (e.g. BTCUSDT) over the given UTC dates. */
export function parseDailyRanges(csv: string, dates: readonly string[]): Map<string, DayRange> {
  const [header, ...lines] = csv.trim().split('\n');
  const columns = (header ?? '').split(',');
  const col = (name: string): number => columns.indexOf(name);
  const ranges = new Map<string, DayRange>();
  for (const line of lines) {
    const cells = line.split(',');
    const date = (cells[col('datetime')] ?? '').slice(0, 10);
    if (!dates.includes(date)) continue;
    const symbol = cells[col('symbol')] ?? '';
    const low = Number(cells[col('low')]);
    const high = Number(cells[col('high')]);
    const previous = ranges.get(symbol);
    ranges.set(symbol, {
      low: Math.min(low, previous?.low ?? Infinity),
      high: Math.max(high, previous?.high ?? -Infinity),
    });
  }
  return ranges;
}

const baseOf = (symbol: string): string => /^(BTC|ETH|SOL)/.exec(symbol)?.[1] ?? symbol;

function verdict(spec: PositionSpec, report: MarginReport, range: DayRange | undefined): string {
  if (report.liquidationPrice === null || range === undefined) return 'no liquidation price';
  const hit =
    spec.side === 'long'
      ? range.low <= report.liquidationPrice
      : range.high >= report.liquidationPrice;
  return hit ? 'LIQUIDATED' : 'survived';
}

export async function demoCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    io.stdout(DEMO_HELP);
    return EXIT_OK;
  }
  const root = repoRoot();
  const portfolioPath = join(root, 'examples', 'portfolio-2025-11-20.json');
  const parsed = parsePositionRecords(await io.readFile(portfolioPath));
  if (!parsed.ok) {
    io.stderr(`demo: ${formatIssue(portfolioPath, parsed.issue)}\n`);
    return EXIT_FAILURE;
  }
  const evaluated = evaluateAll(parsed.specs);
  if (!evaluated.ok) {
    io.stderr(`demo: ${formatIssue(portfolioPath, evaluated)}\n`);
    return EXIT_FAILURE;
  }
  const candles = await io.readFile(
    join(root, 'data', 'candles', 'binance_spot_1d_BTC_ETH_SOL_2025-11-19_22.csv'),
  );
  const ranges = parseDailyRanges(candles, ['2025-11-20', '2025-11-21']);
  const rows = evaluated.rows.map(({ spec, report }) => {
    const range = ranges.get(`${baseOf(spec.symbol)}USDT`);
    return [
      spec.venue,
      spec.symbol,
      `${spec.contract} ${spec.marginMode}`,
      spec.side,
      formatPrice(spec.entryPrice),
      formatPrice(report.liquidationPrice),
      formatPercent(report.liquidationDistance),
      formatPrice(report.bankruptcyPrice),
      formatPrice(spec.side === 'long' ? (range?.low ?? null) : (range?.high ?? null)),
      verdict(spec, report, range),
    ];
  });
  io.stdout(
    'Sample portfolio opened at the 2025-11-20 00:00 UTC open; Binance spot range 2025-11-20..21\n\n' +
      renderTable(
        [
          'venue',
          'symbol',
          'contract',
          'side',
          'entry',
          'liquidation',
          'distance',
          'bankruptcy',
          'worst price',
          'outcome',
        ],
        rows,
      ) +
      '\nWorst price: lowest low (longs) or highest high (shorts) of Binance spot daily candles.\n' +
      'Venue marks track spot closely but not exactly; outcomes near the line are indicative.\n',
  );
  return EXIT_OK;
}
