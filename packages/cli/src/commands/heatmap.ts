import {
  fitLiquidationModel,
  type HeatmapCandles,
  type HeatmapOptions,
  type HeatmapResult,
} from '@cascade/analytics';
import { writeFile } from 'node:fs/promises';
import { VENUES, type VenueId } from '@cascade/core';
import { parseArgs } from 'node:util';
import { EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import {
  type CoinglassSeries,
  InputError,
  LIQUIDATION_MODEL_FILE,
  barLengthWarning,
  halfLifeOf,
  liquidationModelJson,
  modelLabel,
  loadLiquidationModel,
  loadStoreSeries,
  marginRatios,
  modelHeatmap,
  type BookOverrides,
  type ModelInfo,
  parseCoinglassCsv,
  parseLeverageMix,
  readMaybeGzip,
  withStore,
  heatmapJson,
  storeHeatmapJson,
  type OpenInterestCoverage,
  heatmapMapLevels,
  HEATMAP_ESTIMATE_NOTE,
} from '@cascade/services';
import { formatAmount, renderTable } from '../table.js';
import { validationReport } from './heatmap-validate.js';

export const HEATMAP_HELP = `Usage: cascade heatmap --input FILE --format coinglass [options]
       cascade heatmap --symbol BTC/USDT:USDT --from YYYY-MM-DD --to YYYY-MM-DD [options]
       cascade heatmap --input FILE --validate [--split YYYY-MM-DD] [--refit-every DAYS] [--json]
       cascade heatmap --input FILE --fit --out MODEL.json [--train-to YYYY-MM-DD]

ESTIMATED liquidation map and per-bar liquidation forecast from the fitted liquidation model
(docs/heatmap.md): a position book updated bar by bar from open-interest changes (fitted leverage
mix, side split and decay; liquidation prices from the venue margin model, tiers included) and a
log-linear forecast of each bar's long and short liquidations from the bar's move, the previous
open interest and the book the move sweeps. Every output names the model and its training window.
These are model estimates, not observed positions.

FILE: CSV (gzip if .gz) with the columns of the Coinglass file in data/derivatives/
(timestamp, price_open/high/low/close, oi_close in USD). The liquidation_* columns are never used
as input to the map or forecast; --validate and --fit read them as the realized values.

Options:
  --input FILE        candles + open interest
  --from/--to DATE    instead of --input: read the market store (UTC days, inclusive): USD open
                      interest of --exchange --symbol, joined on time with its --timeframe
                      candles (the spot pair's when the perpetual has none)
  --exchange NAME     store exchange (default binance)
  --timeframe TF      store candle timeframe (default 1h)
  --data-dir DIR      market store (default $CASCADE_DATA_DIR, else ./.cascade)
  --format coinglass  input format (the only one; default coinglass)
  --model FILE        fitted model (default ${LIQUIDATION_MODEL_FILE})
  --bucket USD        price bucket size (default 100)
  --venue VENUE       margin model for liquidation prices (default binance)
  --symbol SYMBOL     instrument for the tier table (default BTC/USDT:USDT)
  --notional USD      notional per estimated position, picks the tier (default 10000)
  --leverage MIX      replace the fitted leverage mix, "L:w,..." (the forecast is then off its fit)
  --bias B            replace the fitted side split 0.5 ± B from candle direction
  --half-life N       replace the fitted decay: half-life of N bars
  --json              per bar { ts, estimatedLongLiquidatedUsd, estimatedShortLiquidatedUsd }
                      (the forecast) plus the final map and the model
  --grid-every N      with --json, add the price × time grid: every N bars, the live long +
                      short USD per price bucket (rows of { ts, values } over grid.prices)
  --validate          walk-forward evaluation: refit every --refit-every days (default 7) from
                      --split (default 2026-02-01) on all bars before each origin, forecast the
                      next days, and compare with the range × OI baseline and a regression on
                      range and OI alone (bootstrap 95% intervals)
  --chart FILE.svg    with --validate, write the forecast's reliability chart
  --fit               fit the model on the file's bars before --train-to (default: all) and
                      write it to --out (version --name)
  -h, --help          show this help

Exit codes: 0 ok; 2 invalid input (the message names the file/line/column or option).
`;

function fail(io: CliIo, message: string): number {
  io.stderr(`heatmap: ${message}\n`);
  return EXIT_USAGE;
}

type Mode = 'map' | 'validate' | 'fit';

interface Parsed {
  readonly input: string | null;
  readonly range: { fromMs: number; toMs: number } | null;
  readonly exchange: string;
  readonly timeframe: string;
  readonly dataDir: string | undefined;
  readonly options: Omit<HeatmapOptions, 'leverages'>;
  readonly overrides: BookOverrides;
  readonly json: boolean;
  readonly mode: Mode;
  readonly split: number;
  readonly refitEveryDays: number;
  readonly trainTo: number;
  readonly out: string | null;
  readonly name: string | undefined;
  readonly chart: string | null;
  readonly modelPath: string | undefined;
  readonly venue: VenueId;
  readonly symbol: string;
  readonly notional: number;
}

function numberOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const v = Number(value);
  if (!Number.isFinite(v)) throw new InputError(`${name}: "${value}" is not a number`);
  return v;
}

function parseRange(
  input: string | undefined,
  from: string | undefined,
  to: string | undefined,
): { fromMs: number | null; toMs: number | null } {
  const day = (v: string | undefined, name: string): number | null => {
    if (v === undefined) return null;
    const t = /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00Z`) : Number.NaN;
    if (!Number.isFinite(t)) throw new InputError(`${name}: "${v}" is not a YYYY-MM-DD date`);
    return t;
  };
  const fromMs = day(from, '--from');
  const toMs = day(to, '--to');
  if (input === undefined && (fromMs === null || toMs === null)) {
    throw new InputError('--input FILE, or --from and --to (market store), is required');
  }
  if (input !== undefined && (fromMs !== null || toMs !== null)) {
    throw new InputError('--input and --from/--to are exclusive');
  }
  if (fromMs !== null && toMs !== null && toMs < fromMs)
    throw new InputError('--to: before --from');
  return { fromMs, toMs };
}

function day(v: string, name: string): number {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00Z`) : Number.NaN;
  if (!Number.isFinite(t)) throw new InputError(`${name}: "${v}" is not a YYYY-MM-DD date`);
  return t;
}

function parseOverrides(values: {
  leverage?: string | undefined;
  bias?: string | undefined;
  'half-life'?: string | undefined;
}): BookOverrides {
  const bias = numberOption(values.bias, '--bias', Number.NaN);
  if (values.bias !== undefined && !(bias >= 0 && bias <= 0.5))
    throw new InputError('--bias: must be in [0, 0.5]');
  const halfLife = numberOption(values['half-life'], '--half-life', Number.NaN);
  if (values['half-life'] !== undefined && !(halfLife > 0))
    throw new InputError('--half-life: must be > 0');
  return {
    ...(values.leverage === undefined ? {} : { leverages: parseLeverageMix(values.leverage) }),
    ...(values.bias === undefined ? {} : { directionBias: bias }),
    ...(values['half-life'] === undefined
      ? {}
      : { halfLifeBars: halfLifeOf(0.5 ** (1 / halfLife)) }),
  };
}

const OPTIONS = {
  input: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  exchange: { type: 'string', default: 'binance' },
  timeframe: { type: 'string', default: '1h' },
  'data-dir': { type: 'string' },
  format: { type: 'string', default: 'coinglass' },
  model: { type: 'string' },
  bucket: { type: 'string' },
  leverage: { type: 'string' },
  venue: { type: 'string', default: 'binance' },
  symbol: { type: 'string', default: 'BTC/USDT:USDT' },
  notional: { type: 'string' },
  bias: { type: 'string' },
  'half-life': { type: 'string' },
  'grid-every': { type: 'string' },
  json: { type: 'boolean', default: false },
  validate: { type: 'boolean', default: false },
  fit: { type: 'boolean', default: false },
  split: { type: 'string', default: '2026-02-01' },
  'refit-every': { type: 'string' },
  'train-to': { type: 'string' },
  out: { type: 'string' },
  name: { type: 'string' },
  chart: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function parse(argv: readonly string[]): Parsed | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    strict: true,
  });
  if (values.help) return 'help';
  const { fromMs, toMs } = parseRange(values.input, values.from, values.to);
  if (values.validate && values.fit) throw new InputError('--validate and --fit are exclusive');
  if ((values.validate || values.fit) && values.input === undefined) {
    throw new InputError(
      `--${values.fit ? 'fit' : 'validate'} needs --input (a file with realized liquidations)`,
    );
  }
  if (values.fit && values.out === undefined) throw new InputError('--fit needs --out FILE');
  if (values.format !== 'coinglass') throw new InputError(`--format: unknown "${values.format}"`);
  const venue = VENUES.find((v) => v === values.venue);
  if (venue === undefined) throw new InputError(`--venue: unknown "${values.venue}"`);
  const bucketSize = numberOption(values.bucket, '--bucket', 100);
  if (!(bucketSize > 0)) throw new InputError('--bucket: must be > 0');
  const gridEvery = numberOption(values['grid-every'], '--grid-every', 0);
  if (!(Number.isInteger(gridEvery) && gridEvery >= 0)) {
    throw new InputError('--grid-every: must be a whole number ≥ 0');
  }
  const notional = numberOption(values.notional, '--notional', 10_000);
  if (!(notional > 0)) throw new InputError('--notional: must be > 0');
  const refitEveryDays = numberOption(values['refit-every'], '--refit-every', 7);
  if (!(Number.isInteger(refitEveryDays) && refitEveryDays >= 1))
    throw new InputError('--refit-every: must be a whole number of days ≥ 1');
  return {
    input: values.input ?? null,
    range: fromMs !== null && toMs !== null ? { fromMs, toMs: toMs + 86_400_000 - 1 } : null,
    exchange: values.exchange,
    timeframe: values.timeframe,
    dataDir: values['data-dir'],
    options: { bucketSize, snapshotEvery: gridEvery },
    overrides: parseOverrides(values),
    json: values.json,
    mode: values.validate ? 'validate' : values.fit ? 'fit' : 'map',
    split: day(values.split, '--split'),
    refitEveryDays,
    trainTo:
      values['train-to'] === undefined
        ? Number.POSITIVE_INFINITY
        : day(values['train-to'], '--train-to'),
    out: values.out ?? null,
    name: values.name,
    chart: values.chart ?? null,
    modelPath: values.model,
    venue,
    symbol: values.symbol,
    notional,
  };
}

interface Loaded {
  readonly series: CoinglassSeries;
  /** Open-interest coverage of a store read (absent for --input). */
  readonly openInterest?: OpenInterestCoverage;
}

async function loadSeries(args: Parsed, io: CliIo): Promise<Loaded> {
  if (args.input !== null) {
    let text: string;
    try {
      text = await readMaybeGzip(args.input);
    } catch (error) {
      throw new InputError(`cannot read ${args.input}: ${(error as Error).message}`);
    }
    return { series: parseCoinglassCsv(text, args.input) };
  }
  const range = args.range ?? { fromMs: 0, toMs: 0 };
  const loaded = await withStore(io.cwd, args.dataDir, (store) =>
    loadStoreSeries(store, args.exchange, args.symbol, args.timeframe, range.fromMs, range.toMs),
  );
  if (loaded.candleSymbol !== args.symbol && !args.json) {
    io.stderr(`heatmap: candles of ${loaded.candleSymbol} (no ${args.symbol} candles stored)\n`);
  }
  if (loaded.openInterest.note !== null) io.stderr(`heatmap: ${loaded.openInterest.note}\n`);
  return { series: loaded.series, openInterest: loaded.openInterest };
}

export async function heatmapCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let args: Parsed | 'help';
  try {
    args = parse(argv);
    if (args === 'help') {
      io.stdout(HEATMAP_HELP);
      return EXIT_OK;
    }
    const loaded = await loadSeries(args, io);
    const { series } = loaded;
    if (series.candles.ts.length < 2)
      throw new InputError(`${args.input ?? 'store'}: fewer than 2 candles`);
    const last = series.candles.close[series.candles.close.length - 1] ?? 1;
    const ratios = marginRatios(args.venue, args.symbol, last, args.notional);
    const margin = { venue: args.venue, symbol: args.symbol, notionalUsd: args.notional };
    if (args.mode === 'validate') {
      if (series.realizedLong.some((v) => Number.isNaN(v)))
        throw new InputError(
          `${args.input ?? ''}: no liquidation_long_usd/liquidation_short_usd columns`,
        );
      const report = validationReport(series, { ...args, ratios, margin }, io);
      if (report.chartSvg !== null && args.chart !== null)
        await writeFile(args.chart, report.chartSvg);
      io.stdout(report.text);
      return EXIT_OK;
    }
    if (args.mode === 'fit') {
      const model = fitLiquidationModel(series, {
        toMs: args.trainTo,
        ratios,
        bucketSize: args.options.bucketSize,
        margin,
        version:
          args.name ?? `${args.symbol.replace(/[/:]/g, '-').toLowerCase()}-${args.timeframe}-fit`,
        source: (args.input ?? '').split('/').pop() ?? '',
      });
      await writeFile(args.out ?? '', liquidationModelJson(model));
      io.stdout(`${modelLabel(model)}\nwritten to ${args.out ?? ''}\n`);
      return EXIT_OK;
    }
    const { bucketSize, ...options } = args.options;
    const { result, model } = modelHeatmap(series.candles, {
      venue: args.venue,
      symbol: args.symbol,
      referencePriceUsd: last,
      notionalUsd: args.notional,
      bucketSize,
      overrides: args.overrides,
      model: loadLiquidationModel(args.modelPath),
      options,
    });
    const warning = barLengthWarning(model);
    if (warning !== null) io.stderr(`heatmap: ${warning}\n`);
    io.stdout(
      args.json
        ? `${JSON.stringify(jsonDocument(loaded, args, result, model))}\n`
        : toText(series.candles, result, model),
    );
    return EXIT_OK;
  } catch (error) {
    if (error instanceof InputError || error instanceof RangeError) return fail(io, error.message);
    throw error;
  }
}

/** The --json document; a store read is trimmed to the asked days and says its OI source. */
function jsonDocument(loaded: Loaded, args: Parsed, result: HeatmapResult, model: ModelInfo) {
  const { series, openInterest } = loaded;
  if (openInterest === undefined || args.range === null)
    return heatmapJson(series.candles, result, model);
  return storeHeatmapJson({ series, result, model, openInterest }, args.range.fromMs);
}

function toText(c: HeatmapCandles, result: HeatmapResult, model: ModelInfo): string {
  const last = c.close[c.close.length - 1] ?? 0;
  const levels = heatmapMapLevels(result);
  const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
  const near = levels
    .filter((l) => Math.abs(l.price - last) / last <= 0.1)
    .map((l) => ({
      ...l,
      total: l.longUsd.reduce((s, v) => s + v, 0) + l.shortUsd.reduce((s, v) => s + v, 0),
    }))
    .sort((a, b) => b.total - a.total)
    .slice(0, 15)
    .sort((a, b) => b.price - a.price);
  const rows = near.map((l) => [
    l.price.toFixed(0),
    formatAmount(Math.round(l.longUsd.reduce((s, v) => s + v, 0))),
    formatAmount(Math.round(l.shortUsd.reduce((s, v) => s + v, 0))),
    formatAmount(l.cumulativeLongBelowUsd),
    formatAmount(l.cumulativeShortAboveUsd),
  ]);
  return [
    HEATMAP_ESTIMATE_NOTE,
    `${model.label}${model.bookOverridden ? ' (book parameters overridden by options)' : ''}`,
    `${c.ts.length} candles; forecast liquidated: longs ${formatAmount(Math.round(sum(result.estimatedLongLiquidatedUsd)))} USD, shorts ${formatAmount(Math.round(sum(result.estimatedShortLiquidatedUsd)))} USD`,
    `Largest estimated levels within ±10% of the last price ${last.toFixed(0)} (bucket ${result.map.bucketSize}):`,
    renderTable(
      ['price', 'long USD', 'short USD', 'cum. long ≥ price', 'cum. short ≤ price'],
      rows,
    ),
  ].join('\n');
}
