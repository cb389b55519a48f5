/**
 * Fitting the liquidation model on the embedded window (Coinglass hourly file, 2,821 bars of real
 * Binance BTC OI and Binance/Bybit/OKX liquidations): Nelder–Mead over the book's parameters with
 * the side regressions refitted at every step, on one core. Baseline in the same run: a single
 * evaluation of the loss (one book run + two least-squares fits), so the ratio is the fit's cost
 * in evaluations; and running the fitted model once (book + forecast) for scale.
 */
import { join } from 'node:path';
import {
  fitLiquidationModel,
  forecastDesign,
  leastSquares,
  liquidationHeatmap,
  logTarget,
  trainingRows,
  bookOptions,
  DEFAULT_BOOK,
  FEATURE_COUNT,
  runLiquidationModel,
} from '@cascade/analytics';
import {
  loadLiquidationModel,
  marginRatios,
  parseCoinglassCsv,
  readMaybeGzip,
  repoRoot,
} from '@cascade/services';
import { report, timeMs } from './harness.js';

const FILE =
  'data/derivatives/coinglass_BTC_1h_liqAgg_binanceOI_funding_price_2025-12-04_2026-03-31.csv.gz';

export async function run() {
  const s = parseCoinglassCsv(await readMaybeGzip(join(repoRoot(), FILE)), FILE);
  const c = s.candles;
  const ratios = marginRatios('binance', 'BTC/USDT:USDT', c.close[c.close.length - 1], 10_000);
  const options = {
    toMs: Number.POSITIVE_INFINITY,
    ratios,
    bucketSize: 100,
    margin: { venue: 'binance', symbol: 'BTC/USDT:USDT', notionalUsd: 10_000 },
    version: 'bench',
    source: FILE,
  };
  const use = trainingRows(s, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  const y = logTarget(c, s.realizedLong);
  const y2 = logTarget(c, s.realizedShort);
  const oneEvaluation = () => {
    const book = liquidationHeatmap(c, bookOptions(DEFAULT_BOOK, ratios, 100));
    leastSquares(forecastDesign(c, book.estimatedLongLiquidatedUsd, 'long'), y, FEATURE_COUNT, use);
    leastSquares(
      forecastDesign(c, book.estimatedShortLiquidatedUsd, 'short'),
      y2,
      FEATURE_COUNT,
      use,
    );
  };
  const fit = await timeMs(() => fitLiquidationModel(s, options), { samples: 3 });
  const evaluation = await timeMs(oneEvaluation, { samples: 10 });
  const model = loadLiquidationModel();
  const forecast = await timeMs(() => runLiquidationModel(c, model, ratios, 100), { samples: 10 });
  report({
    bench: 'analytics.liquidation-model.fit',
    bars: c.ts.length,
    fitMs: fit.minMs,
    oneLossEvaluationMs: evaluation.minMs,
    ratioToOneEvaluation: fit.minMs / evaluation.minMs,
    runFittedModelMs: forecast.minMs,
    target: 'fit <= 60000 ms on one core',
  });
}
