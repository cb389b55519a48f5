import { fedWatchShift, isIsoDate, type DayCount } from '@cascade/analytics';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import {
  parseZqSymbol,
  type PublishedReading,
  withMacroSource,
  type ZqSettle,
  fedWatchReportOf,
  fedWatchJson,
  loadFedWatchData,
  defaultDayCount,
  type FedWatchData,
  type FedWatchComputed,
  type RatesProxy,
} from '@cascade/services';
import { formatPercent, renderTable } from '../table.js';

export const FEDWATCH_HELP = `Usage: cascade fedwatch --date YYYY-MM-DD [--day-count pre|post] [--json]

FOMC outcome probabilities on DATE from the stored 30-day fed funds futures (ZQ), with CME's
FedWatch method (anchor/chain over meeting-free months, binary tree, convolution), and the shift
since the previous stored settle date. Stored futures: Barchart ZQM24/N24/Q24/F25/G25 settles on
21 dates 2024-06-05..2024-08-16 and Yahoo ZQU24..ZQZ24 closes 2020-09..2024-09 (data/rates/).

Where no futures are stored for DATE, prints a clearly labelled PROXY instead (2-year Treasury
yield changes and the EFFR path) and any published FedWatch readings for DATE (news facts with
their sources, data/rates/fedwatch-published-*.json). A proxy is not a probability.

Options:
  --date YYYY-MM-DD    watch date (required); futures settles of that date are used;
                       meetings after DATE are shown (a decision-day settle prices the decision)
  --day-count pre|post decision day at the old rate (pre, CME 2026) or the new rate (post,
                       CME 2015-2024). Default: post for dates before 2025, pre after.
  --quotes FILE        use these ZQ prices instead of the stored ones: CSV "contract,price"
                       (e.g. ZQZ26,96.0000), the settles or live Yahoo quotes of DATE
  --range LOW-HIGH     current target range in bp (e.g. 350-375); needed after 2025-12-10,
                       where the stored FRED target range ends
  --meeting DATE       an FOMC decision date beyond the stored calendar (repeatable)
  --data-dir DIR       market store to read (default $CASCADE_DATA_DIR, else ./.cascade); when
                       it is missing or lacks the macro tables, the files in data/ are read
  --json               { "asOf", "meetings": [ { "date", "probabilities": { "525-550": p } } ] }
                       (p a fraction, ranges in bp as CME writes them). Without futures:
                       "meetings": [] plus "proxy" and "published".
  -h, --help           show this help

Exit codes: 0 ok; 1 data problem; 2 invalid input (the message names the option).
`;

export async function fedwatchCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      date: { type: 'string' },
      'day-count': { type: 'string' },
      'data-dir': { type: 'string' },
      quotes: { type: 'string' },
      range: { type: 'string' },
      meeting: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(FEDWATCH_HELP);
    return EXIT_OK;
  }
  if (values.date === undefined || !isIsoDate(values.date)) {
    io.stderr(`fedwatch: --date must be a calendar date YYYY-MM-DD\n\n${FEDWATCH_HELP}`);
    return EXIT_USAGE;
  }
  const dayCountOption = values['day-count'];
  if (dayCountOption !== undefined && dayCountOption !== 'pre' && dayCountOption !== 'post') {
    io.stderr(`fedwatch: --day-count must be "pre" or "post"\n`);
    return EXIT_USAGE;
  }
  const asOf = values.date;
  const dayCount: DayCount =
    dayCountOption === undefined
      ? defaultDayCount(asOf)
      : dayCountOption === 'pre'
        ? 'decisionDayPre'
        : 'decisionDayPost';
  const overrides = await readOverrides(io, values, asOf);
  if (typeof overrides === 'string') {
    io.stderr(`fedwatch: ${overrides}\n`);
    return EXIT_USAGE;
  }
  return withMacroSource(io.cwd, values['data-dir'], async (source) =>
    report(io, asOf, dayCount, values.json, { ...(await loadFedWatchData(source)), ...overrides }),
  );
}

const quoteRow = z.object({
  contract: z.string().refine((c) => parseZqSymbol(c) !== undefined, 'not a ZQ contract (ZQZ26)'),
  price: z.coerce.number().gt(0).lte(100),
});

/**
 * --quotes FILE (CSV `contract,price`, e.g. live Yahoo or CME settles of DATE), --range LOW-HIGH
 * and --meeting DATE: replace the stored futures, the stored target range and extend the stored
 * calendar. Returns the error message for invalid input.
 */
async function readOverrides(
  io: CliIo,
  values: { quotes?: string; range?: string; meeting?: string[] },
  asOf: string,
): Promise<Partial<FedWatchData> | string> {
  const out: {
    settles?: ZqSettle[];
    lowerBp?: number;
    extraMeetings?: string[];
    quotesFile?: string;
  } = {};
  if (values.range !== undefined) {
    const match = /^(\d+)-(\d+)$/.exec(values.range);
    const low = Number(match?.[1]);
    if (match === null || Number(match[2]) !== low + 25 || low % 25 !== 0) {
      return '--range must be a 25 bp target range in bp, e.g. 350-375';
    }
    out.lowerBp = low;
  }
  const extra = values.meeting ?? [];
  const bad = extra.find((d) => !isIsoDate(d));
  if (bad !== undefined) return `--meeting must be a date YYYY-MM-DD, got "${bad}"`;
  out.extraMeetings = extra;
  if (values.quotes === undefined) return out;
  let text: string;
  try {
    text = await io.readFile(values.quotes);
  } catch (error) {
    return `--quotes: cannot read ${values.quotes}: ${(error as Error).message}`;
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines[0]?.replace(/\s/g, '') !== 'contract,price') {
    return `--quotes ${values.quotes}: the header must be "contract,price"`;
  }
  const settles: ZqSettle[] = [];
  for (const [i, line] of lines.slice(1).entries()) {
    const [contract, price] = line.split(',').map((c) => c.trim());
    const row = quoteRow.safeParse({ contract, price });
    if (!row.success) {
      const issue = row.error.issues[0];
      return `--quotes ${values.quotes} line ${i + 2}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`;
    }
    const ym = parseZqSymbol(row.data.contract);
    if (ym !== undefined)
      settles.push({ date: asOf, contract: row.data.contract, ...ym, price: row.data.price });
  }
  if (settles.length === 0) return `--quotes ${values.quotes}: no quotes`;
  out.settles = settles;
  out.quotesFile = values.quotes;
  return out;
}

function report(
  io: CliIo,
  asOf: string,
  dayCount: DayCount,
  json: boolean,
  data: FedWatchData,
): number {
  const reading = fedWatchReportOf(data, asOf, dayCount);
  if (reading?.kind !== 'futures' && data.quotesFile !== undefined) {
    io.stderr(
      `fedwatch: no meeting solvable from --quotes ${data.quotesFile} on ${asOf} ` +
        `(is the current target range known? pass --range LOW-HIGH)\n`,
    );
    return EXIT_USAGE;
  }
  if (reading === undefined) {
    io.stderr(`fedwatch: no futures, 2-year yield or EFFR data on or before ${asOf}\n`);
    return EXIT_FAILURE;
  }
  if (json) io.stdout(`${JSON.stringify(fedWatchJson(reading), null, 2)}\n`);
  else if (reading.kind === 'proxy')
    io.stdout(`${proxyText(asOf, reading.proxy, reading.published)}Data: ${data.label}.\n`);
  else io.stdout(`${toText(reading.today, reading.previous)}Data: ${data.label}.\n`);
  return EXIT_OK;
}

function toText(today: FedWatchComputed, previous: FedWatchComputed | undefined): string {
  const { result } = today;
  const lines = [
    `FedWatch (CME method) as of ${result.asOf}; current target range ${result.currentRange} bp; ` +
      `decision day counted ${result.dayCount === 'decisionDayPre' ? 'at the old rate (N = d)' : 'at the new rate (N = d − 1)'}.`,
    `Futures used: ${[...today.contracts].sort().join(', ')}.`,
    '',
  ];
  const ranges = [...new Set(result.meetings.flatMap((m) => m.ranges.map((r) => r.lowerBp)))].sort(
    (a, b) => a - b,
  );
  const headers = ['meeting', ...ranges.map((l) => `${l}-${l + 25}`), 'cut', 'hold', 'hike'];
  const body = result.meetings.map((m) => [
    m.date,
    ...ranges.map((l) => {
      const p = m.ranges.find((r) => r.lowerBp === l)?.probability ?? 0;
      return p < 0.0005 ? '—' : formatPercent(p, 1);
    }),
    formatPercent(m.pCut, 1),
    formatPercent(m.pHold, 1),
    formatPercent(m.pHike, 1),
  ]);
  lines.push(renderTable(headers, body));
  if (result.unresolved.length > 0) {
    const [first] = result.unresolved;
    lines.push(
      `Not solvable from the stored contracts: ${first?.date ?? ''} (${first?.reason ?? ''})` +
        (result.unresolved.length > 1
          ? ` and ${result.unresolved.length - 1} later meetings.`
          : '.'),
      '',
    );
  }
  if (previous !== undefined) {
    lines.push(`Shift since ${previous.result.asOf}:`);
    for (const shift of fedWatchShift(previous.result, result)) {
      const moved = shift.rangeChanges
        .filter((r) => Math.abs(r.change) >= 0.0005)
        .map((r) => `${r.range} ${r.change >= 0 ? '+' : ''}${(r.change * 100).toFixed(1)} pp`);
      const bp = shift.expectedRateChangeBp;
      lines.push(
        `  ${shift.date}: ${moved.length > 0 ? moved.join(', ') : 'unchanged'}; ` +
          `expected range ${bp >= 0 ? '+' : ''}${bp.toFixed(1)} bp; P(cut) ` +
          `${formatPercent(shift.pCutBefore, 1)} → ${formatPercent(shift.pCutAfter, 1)}`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

function signed(value: number | null): string {
  return value === null ? 'n/a' : `${value >= 0 ? '+' : ''}${value.toFixed(1)} bp`;
}

function proxyText(
  asOf: string,
  proxy: RatesProxy,
  published: readonly PublishedReading[],
): string {
  const lines = [`No fed funds futures stored for ${asOf}.`, '', proxy.label];
  if (proxy.twoYear !== null) {
    const t = proxy.twoYear;
    lines.push(
      `  2-year Treasury (FRED DGS2) ${t.date}: ${t.yieldPct.toFixed(2)}%; change 1d ${signed(t.change1dBp)}, 5d ${signed(t.change5dBp)}, 20d ${signed(t.change20dBp)}`,
    );
  }
  if (proxy.effr !== null) {
    lines.push(
      `  EFFR (FRED DFF) ${proxy.effr.date}: ${proxy.effr.ratePct.toFixed(2)}%; change over 30 days ${signed(proxy.effr.change30dBp)}`,
    );
  }
  lines.push(`  Target range: ${proxy.targetRange ?? 'not in the stored data'}`, '');
  if (published.length > 0) {
    lines.push(
      'Published CME FedWatch readings (news, intraday; sourced facts, not computed here):',
    );
    for (const r of published) {
      const probabilities = Object.entries(r.probabilities)
        .map(([range, p]) => `${range}: ${formatPercent(p, 1)}`)
        .join(', ');
      lines.push(
        `  ${r.asOfDate} for the ${r.meetingDate} meeting: ${probabilities} — ${r.source}`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
