import {
  blendSeries,
  compareSeries,
  fitBlendWeight,
  liquidationHeatmap,
  rangeBaseline,
  type HeatmapCandles,
  type HeatmapOptions,
  type HeatmapResult,
  type SeriesComparison,
} from '@cascade/analytics';
import { VENUES, type VenueId } from '@cascade/core';
import { parseArgs } from 'node:util';
import { EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import {
  type CoinglassSeries,
  DEFAULT_LEVERAGE_MIX,
  InputError,
  leverageBuckets,
  loadStoreSeries,
  parseCoinglassCsv,
  parseLeverageMix,
  readMaybeGzip,
  withStore,
  heatmapJson,
  heatmapMapLevels,
  HEATMAP_ESTIMATE_NOTE,
} from '@cascade/services';
import { formatAmount, renderTable } from '../table.js';

export const HEATMAP_HELP = `Usage: cascade heatmap --input FILE --format coinglass [options]
       cascade heatmap --symbol BTC/USDT:USDT --from YYYY-MM-DD --to YYYY-MM-DD [options]

ESTIMATED liquidation heatmap by the open-interest-delta method (docs/heatmap.md). Per candle:
levels whose liquidation price the candle trades through are consumed (estimated liquidations);
open-interest increases open positions at the close, split long/short by the taker-buy ratio
(column taker_buy_ratio) or else candle direction (0.5 ± --bias), spread over the leverage mix
with liquidation prices from the venue margin model (tiers included); decreases remove live
levels proportionally. These are model estimates, not observed positions.

FILE: CSV (gzip if .gz) with the columns of the Coinglass file in data/derivatives/
(timestamp, price_open/high/low/close, oi_close in USD; any bar interval). The liquidation_*
columns are never used as input; --validate compares against them.

Options:
  --input FILE        candles + open interest
  --from/--to DATE    instead of --input: read the market store (UTC days, inclusive): USD open
                      interest of --exchange --symbol, joined on time with its --timeframe
                      candles (the spot pair's when the perpetual has none)
  --exchange NAME     store exchange (default binance)
  --timeframe TF      store candle timeframe (default 1h)
  --data-dir DIR      market store (default $CASCADE_DATA_DIR, else ./.cascade)
  --format coinglass  input format (the only one; default coinglass)
  --bucket USD        price bucket size (default 100)
  --leverage MIX      leverage mix "L:w,..." (default ${DEFAULT_LEVERAGE_MIX})
  --venue VENUE       margin model for liquidation prices (default binance)
  --symbol SYMBOL     instrument for the tier table (default BTC/USDT:USDT)
  --notional USD      notional per estimated position, picks the tier (default 10000)
  --bias B            long share 0.5 ± B from candle direction (default 0.2)
  --half-life N       decay live levels with a half-life of N candles (default: no decay)
  --json              per candle { ts, estimatedLongLiquidatedUsd, estimatedShortLiquidatedUsd }
                      plus the final map
  --grid-every N      with --json, add the price × time grid: every N candles, the live long +
                      short USD per price bucket (rows of { ts, values } over grid.prices)
  --validate          compare estimates with the file's realized liquidations, and with the
                      naive price-range baseline, before and after --split
  --split YYYY-MM-DD  train/test boundary for --validate (default 2026-02-01)
  -h, --help          show this help

Exit codes: 0 ok; 2 invalid input (the message names the file/line/column or option).
`;

function fail(io: CliIo, message: string): number {
  io.stderr(`heatmap: ${message}\n`);
  return EXIT_USAGE;
}

interface Parsed {
  readonly input: string | null;
  readonly range: { fromMs: number; toMs: number } | null;
  readonly exchange: string;
  readonly timeframe: string;
  readonly dataDir: string | undefined;
  readonly options: HeatmapOptions;
  readonly json: boolean;
  readonly validate: boolean;
  readonly split: number;
  readonly venue: VenueId;
  readonly symbol: string;
  readonly notional: number;
  readonly mix: string;
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

function parse(argv: readonly string[]): Parsed | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      input: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      exchange: { type: 'string', default: 'binance' },
      timeframe: { type: 'string', default: '1h' },
      'data-dir': { type: 'string' },
      format: { type: 'string', default: 'coinglass' },
      bucket: { type: 'string' },
      leverage: { type: 'string', default: DEFAULT_LEVERAGE_MIX },
      venue: { type: 'string', default: 'binance' },
      symbol: { type: 'string', default: 'BTC/USDT:USDT' },
      notional: { type: 'string' },
      bias: { type: 'string' },
      'half-life': { type: 'string' },
      'grid-every': { type: 'string' },
      json: { type: 'boolean', default: false },
      validate: { type: 'boolean', default: false },
      split: { type: 'string', default: '2026-02-01' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const { fromMs, toMs } = parseRange(values.input, values.from, values.to);
  if (values.validate && values.input === undefined) {
    throw new InputError('--validate needs --input (a file with realized liquidations)');
  }
  if (values.format !== 'coinglass') throw new InputError(`--format: unknown "${values.format}"`);
  const venue = VENUES.find((v) => v === values.venue);
  if (venue === undefined) throw new InputError(`--venue: unknown "${values.venue}"`);
  const bucketSize = numberOption(values.bucket, '--bucket', 100);
  if (!(bucketSize > 0)) throw new InputError('--bucket: must be > 0');
  const bias = numberOption(values.bias, '--bias', 0.2);
  if (!(bias >= 0 && bias <= 0.5)) throw new InputError('--bias: must be in [0, 0.5]');
  const halfLife = numberOption(values['half-life'], '--half-life', Number.POSITIVE_INFINITY);
  if (!(halfLife > 0)) throw new InputError('--half-life: must be > 0');
  const gridEvery = numberOption(values['grid-every'], '--grid-every', 0);
  if (!(Number.isInteger(gridEvery) && gridEvery >= 0)) {
    throw new InputError('--grid-every: must be a whole number ≥ 0');
  }
  const notional = numberOption(values.notional, '--notional', 10_000);
  if (!(notional > 0)) throw new InputError('--notional: must be > 0');
  const split = Date.parse(`${values.split}T00:00:00Z`);
  if (!Number.isFinite(split)) throw new InputError(`--split: "${values.split}" is not a date`);
  return {
    input: values.input ?? null,
    range: fromMs !== null && toMs !== null ? { fromMs, toMs: toMs + 86_400_000 - 1 } : null,
    exchange: values.exchange,
    timeframe: values.timeframe,
    dataDir: values['data-dir'],
    options: {
      leverages: [],
      bucketSize,
      directionBias: bias,
      decayPerCandle: Number.isFinite(halfLife) ? 0.5 ** (1 / halfLife) : 1,
      snapshotEvery: gridEvery,
    },
    json: values.json,
    validate: values.validate,
    split,
    venue,
    symbol: values.symbol,
    notional,
    mix: values.leverage,
  };
}

async function loadSeries(args: Parsed, io: CliIo): Promise<CoinglassSeries> {
  if (args.input !== null) {
    let text: string;
    try {
      text = await readMaybeGzip(args.input);
    } catch (error) {
      throw new InputError(`cannot read ${args.input}: ${(error as Error).message}`);
    }
    return parseCoinglassCsv(text, args.input);
  }
  const range = args.range ?? { fromMs: 0, toMs: 0 };
  const loaded = await withStore(io.cwd, args.dataDir, (store) =>
    loadStoreSeries(store, args.exchange, args.symbol, args.timeframe, range.fromMs, range.toMs),
  );
  if (loaded.candleSymbol !== args.symbol && !args.json) {
    io.stderr(`heatmap: candles of ${loaded.candleSymbol} (no ${args.symbol} candles stored)\n`);
  }
  return loaded.series;
}

export async function heatmapCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let args: Parsed | 'help';
  let series: CoinglassSeries;
  let options: HeatmapOptions;
  try {
    args = parse(argv);
    if (args === 'help') {
      io.stdout(HEATMAP_HELP);
      return EXIT_OK;
    }
    series = await loadSeries(args, io);
    if (series.candles.ts.length < 2)
      throw new InputError(`${args.input ?? 'store'}: fewer than 2 candles`);
    const mix = parseLeverageMix(args.mix);
    const ref = series.candles.close[series.candles.close.length - 1] ?? 1;
    options = {
      ...args.options,
      leverages: leverageBuckets(mix, args.venue, args.symbol, ref, args.notional),
    };
  } catch (error) {
    if (error instanceof InputError || error instanceof TypeError) return fail(io, error.message);
    throw error;
  }
  const result = liquidationHeatmap(series.candles, options);
  if (args.validate) io.stdout(validationReport(series, result, args.split, args.json));
  else
    io.stdout(
      args.json
        ? `${JSON.stringify(heatmapJson(series.candles, result))}\n`
        : toText(series.candles, result),
    );
  return EXIT_OK;
}

function toText(c: HeatmapCandles, result: HeatmapResult): string {
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
    `${c.ts.length} candles; estimated liquidated: longs ${formatAmount(Math.round(sum(result.estimatedLongLiquidatedUsd)))} USD, shorts ${formatAmount(Math.round(sum(result.estimatedShortLiquidatedUsd)))} USD`,
    `Largest estimated levels within ±10% of the last price ${last.toFixed(0)} (bucket ${result.map.bucketSize}):`,
    renderTable(
      ['price', 'long USD', 'short USD', 'cum. long ≥ price', 'cum. short ≤ price'],
      rows,
    ),
  ].join('\n');
}

interface SplitMetrics {
  readonly long: SeriesComparison;
  readonly short: SeriesComparison;
  readonly total: SeriesComparison;
}

function metricsOn(
  est: { long: Float64Array; short: Float64Array },
  real: CoinglassSeries,
  from: number,
  to: number,
  scale: number,
): SplitMetrics {
  const s = (a: Float64Array) => a.slice(from, to).map((v) => v * scale);
  const r = (a: Float64Array) => a.slice(from, to);
  const el = s(est.long);
  const es = s(est.short);
  const rl = r(real.realizedLong);
  const rs = r(real.realizedShort);
  return {
    long: compareSeries(el, rl),
    short: compareSeries(es, rs),
    total: compareSeries(
      el.map((v, i) => v + (es[i] ?? 0)),
      rl.map((v, i) => v + (rs[i] ?? 0)),
    ),
  };
}

/** Scale (realized / estimated, the inverse of Binance's share) fitted on the training rows. */
function fitScale(
  est: { long: Float64Array; short: Float64Array },
  real: CoinglassSeries,
  to: number,
) {
  let e = 0;
  let r = 0;
  for (let i = 1; i < to; i++) {
    e += (est.long[i] ?? 0) + (est.short[i] ?? 0);
    r += (real.realizedLong[i] ?? 0) + (real.realizedShort[i] ?? 0);
  }
  return e > 0 ? r / e : Number.NaN;
}

function validationReport(
  real: CoinglassSeries,
  result: HeatmapResult,
  split: number,
  json: boolean,
): string {
  if (real.realizedLong.some((v) => Number.isNaN(v))) {
    return 'heatmap --validate: the file has no liquidation_long_usd/liquidation_short_usd columns\n';
  }
  const ts = real.candles.ts;
  let cut = ts.findIndex((t) => t >= split);
  if (cut < 0) cut = ts.length;
  const est = {
    long: result.estimatedLongLiquidatedUsd,
    short: result.estimatedShortLiquidatedUsd,
  };
  const base = rangeBaseline(real.candles);
  const lambdaLong = fitBlendWeight(base.long, est.long, real.realizedLong, 1, cut);
  const lambdaShort = fitBlendWeight(base.short, est.short, real.realizedShort, 1, cut);
  const blend = {
    long: blendSeries(base.long, est.long, lambdaLong, 1, cut),
    short: blendSeries(base.short, est.short, lambdaShort, 1, cut),
  };
  const models = { estimator: est, baseline: base, blend };
  const out = Object.entries(models).map(([name, m]) => {
    const scale = fitScale(m, real, cut);
    return {
      name,
      scaleFittedOnTrain: scale,
      train: metricsOn(m, real, 1, cut, scale),
      test: metricsOn(m, real, cut, ts.length, scale),
    };
  });
  const splitIso = new Date(split).toISOString();
  if (json) {
    return `${JSON.stringify({ split: splitIso, blendLambda: { long: lambdaLong, short: lambdaShort }, models: out }, null, 2)}\n`;
  }
  const rows: string[][] = [];
  for (const m of out) {
    for (const period of ['train', 'test'] as const) {
      for (const side of ['long', 'short', 'total'] as const) {
        const c = m[period][side];
        rows.push([
          m.name,
          period,
          side,
          String(c.n),
          c.spearman.toFixed(3),
          c.logPearson.toFixed(3),
          c.topDecileHitRate.toFixed(3),
          c.totalRatio.toFixed(3),
        ]);
      }
    }
  }
  return [
    `Validation against realized liquidations; split ${new Date(split).toISOString().slice(0, 10)}; scale fitted on train (estimator ${out[0]?.scaleFittedOnTrain.toFixed(3) ?? '?'}, baseline ${out[1]?.scaleFittedOnTrain.toFixed(3) ?? '?'}); blend = baseline/Σ + λ·estimator/Σ (train sums), λ fitted on train: long ${lambdaLong}, short ${lambdaShort}`,
    renderTable(
      ['model', 'period', 'side', 'n', 'spearman', 'log pearson', 'top-decile hit', 'Σest/Σreal'],
      rows,
    ),
  ].join('\n');
}
