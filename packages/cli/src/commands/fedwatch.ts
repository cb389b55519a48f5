import {
  addDays,
  fedWatch,
  fedWatchShift,
  isIsoDate,
  type DayCount,
  type FedWatchResult,
} from '@cascade/analytics';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import {
  type MacroSource,
  parseZqSymbol,
  type PublishedReading,
  valueOn,
  type ValueSeries,
  withMacroSource,
  zqCurveOn,
  type ZqSettle,
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
    (dayCountOption ?? (asOf < '2025-01-01' ? 'post' : 'pre')) === 'pre'
      ? 'decisionDayPre'
      : 'decisionDayPost';
  const overrides = await readOverrides(io, values, asOf);
  if (typeof overrides === 'string') {
    io.stderr(`fedwatch: ${overrides}\n`);
    return EXIT_USAGE;
  }
  return withMacroSource(io.cwd, values['data-dir'], async (source) =>
    report(io, asOf, dayCount, values.json, { ...(await loadAll(source)), ...overrides }),
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
): Promise<Partial<Loaded> | string> {
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

function report(io: CliIo, asOf: string, dayCount: DayCount, json: boolean, data: Loaded): number {
  const today = compute(data, asOf, dayCount);
  if (today === undefined && data.quotesFile !== undefined) {
    io.stderr(
      `fedwatch: no meeting solvable from --quotes ${data.quotesFile} on ${asOf} ` +
        `(is the current target range known? pass --range LOW-HIGH)\n`,
    );
    return EXIT_USAGE;
  }
  if (today === undefined) {
    const proxy = ratesProxy(data, asOf);
    if (proxy === undefined) {
      io.stderr(`fedwatch: no futures, 2-year yield or EFFR data on or before ${asOf}\n`);
      return EXIT_FAILURE;
    }
    const published = data.published
      .filter((r) => r.asOfDate <= asOf && r.asOfDate >= addDays(asOf, -7))
      .sort((a, b) => a.asOfDate.localeCompare(b.asOfDate) || a.source.localeCompare(b.source));
    io.stdout(
      json
        ? `${JSON.stringify({ asOf, meetings: [], proxy, published }, null, 2)}\n`
        : `${proxyText(asOf, proxy, published)}Data: ${data.label}.\n`,
    );
    return EXIT_OK;
  }
  const previousDate = data.settles
    .map((s) => s.date)
    .filter((d) => d < asOf)
    .at(-1);
  const previous = previousDate === undefined ? undefined : compute(data, previousDate, dayCount);
  io.stdout(json ? toJson(today.result) : `${toText(today, previous)}Data: ${data.label}.\n`);
  return EXIT_OK;
}

interface Loaded {
  readonly settles: readonly ZqSettle[];
  readonly effr: ValueSeries;
  readonly lower: ValueSeries;
  readonly twoYear: ValueSeries;
  readonly meetings: readonly string[];
  readonly published: readonly PublishedReading[];
  readonly label: string;
  /** --range: the current target range's lower bound (bp), instead of FRED DFEDTARL. */
  readonly lowerBp?: number;
  /** --meeting: decision dates beyond the stored calendar. */
  readonly extraMeetings?: readonly string[];
  /** --quotes: the file the settles came from. */
  readonly quotesFile?: string;
}

async function loadAll(source: MacroSource): Promise<Loaded> {
  return {
    settles: await source.zqSettles(),
    effr: await source.fred('DFF'),
    lower: await source.fred('DFEDTARL'),
    twoYear: await source.fred('DGS2'),
    meetings: await source.fomcDates(),
    published: await source.published(),
    label: source.label,
  };
}

interface Computed {
  readonly result: FedWatchResult;
  readonly contracts: readonly string[];
}

function compute(data: Loaded, asOf: string, dayCount: DayCount): Computed | undefined {
  const curve = zqCurveOn(data.settles, data.effr, asOf);
  // On a decision day the settle already prices the decision: label from the new range
  // (FRED's target range changes on the effective date, the day after).
  const stored = valueOn(data.lower, data.meetings.includes(asOf) ? addDays(asOf, 1) : asOf);
  const lastLower = data.lower.dates.at(-1) ?? '';
  const lowerBp =
    data.lowerBp ??
    (stored === undefined || asOf > lastLower ? undefined : Math.round(stored.value * 100));
  if (curve.quotes.length === 0 || lowerBp === undefined) return undefined;
  const outcome = fedWatch({
    asOf,
    meetings: [...data.meetings, ...(data.extraMeetings ?? [])],
    quotes: curve.quotes,
    currentLowerBp: lowerBp,
    dayCount,
  });
  if (!outcome.ok || outcome.result.meetings.length === 0) return undefined;
  return { result: outcome.result, contracts: curve.contracts };
}

const round6 = (p: number) => Math.round(p * 1e6) / 1e6;

export function toJson(result: FedWatchResult): string {
  const meetings = result.meetings.map((m) => ({
    date: m.date,
    probabilities: Object.fromEntries(
      m.ranges.filter((r) => r.probability > 0).map((r) => [r.range, round6(r.probability)]),
    ),
  }));
  return `${JSON.stringify({ asOf: result.asOf, meetings }, null, 2)}\n`;
}

function toText(today: Computed, previous: Computed | undefined): string {
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

export interface RatesProxy {
  readonly kind: 'proxy';
  readonly label: string;
  readonly twoYear: {
    readonly date: string;
    readonly yieldPct: number;
    readonly change1dBp: number | null;
    readonly change5dBp: number | null;
    readonly change20dBp: number | null;
  } | null;
  readonly effr: {
    readonly date: string;
    readonly ratePct: number;
    readonly change30dBp: number | null;
  } | null;
  readonly targetRange: string | null;
}

function changeBp(series: ValueSeries, index: number, lag: number): number | null {
  const now = series.values[index];
  const then = series.values[index - lag];
  return index - lag < 0 || now === undefined || then === undefined
    ? null
    : Math.round((now - then) * 1000) / 10;
}

/** The labelled fallback where no futures are stored: 2-year yield changes and the EFFR path. */
export function ratesProxy(data: Loaded, asOf: string): RatesProxy | undefined {
  const twoIndex = data.twoYear.dates.findLastIndex((d) => d <= asOf);
  const effrNow = valueOn(data.effr, asOf);
  if (twoIndex < 0 && effrNow === undefined) return undefined;
  const effrThen = valueOn(data.effr, addDays(asOf, -30));
  const lower = valueOn(data.lower, asOf);
  const lastLower = data.lower.dates.at(-1) ?? '';
  return {
    kind: 'proxy',
    label:
      'PROXY, not FedWatch: no fed funds futures stored for this date. Falling 2-year yields ' +
      'mean the market prices more or sooner cuts; the EFFR path shows what the Fed has done.',
    twoYear:
      twoIndex < 0
        ? null
        : {
            date: data.twoYear.dates[twoIndex] ?? '',
            yieldPct: data.twoYear.values[twoIndex] ?? Number.NaN,
            change1dBp: changeBp(data.twoYear, twoIndex, 1),
            change5dBp: changeBp(data.twoYear, twoIndex, 5),
            change20dBp: changeBp(data.twoYear, twoIndex, 20),
          },
    effr:
      effrNow === undefined
        ? null
        : {
            date: effrNow.date,
            ratePct: effrNow.value,
            change30dBp:
              effrThen === undefined
                ? null
                : Math.round((effrNow.value - effrThen.value) * 1000) / 10,
          },
    targetRange:
      lower === undefined || asOf > lastLower
        ? null
        : `${Math.round(lower.value * 100)}-${Math.round(lower.value * 100) + 25}`,
  };
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
