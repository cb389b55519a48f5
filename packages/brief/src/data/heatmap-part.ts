/**
 * Estimated liquidation clusters from the fitted position book (the liquidation model) over the stored open interest (Binance
 * BTC/USDT:USDT, 1h) of the 30 days up to the day's close: used where no calibrated scenario
 * exists. An estimate (docs/heatmap.md reports how well the estimator does), labelled so.
 */
import type { MarketStore } from '@cascade/adapters';
import { storeHeatmap } from '@cascade/services';
import type { EstimatedLiquidations, LiquidationCluster } from '../inputs.js';

const DAY_MS = 86_400_000;
const LOOKBACK_DAYS = 30;
const BUCKET_USD = 500;
const BAND = 0.1;
/** Notional of the position the leverage buckets' liquidation ratios are computed for. */
const REFERENCE_NOTIONAL_USD = 10_000;

export async function loadHeatmapEstimate(
  store: MarketStore | undefined,
  date: string,
  closeUsd: number,
): Promise<EstimatedLiquidations | undefined> {
  if (store === undefined) return undefined;
  const end = Date.parse(`${date}T00:00:00Z`) + DAY_MS - 1;
  let loaded;
  try {
    loaded = await storeHeatmap(store, {
      exchange: 'binance',
      symbol: 'BTC/USDT:USDT',
      timeframe: '1h',
      fromMs: end - LOOKBACK_DAYS * DAY_MS,
      toMs: end,
      venue: 'binance',
      marginSymbol: 'BTCUSDT',
      referencePriceUsd: closeUsd,
      notionalUsd: REFERENCE_NOTIONAL_USD,
      options: { bucketSize: BUCKET_USD },
    });
  } catch {
    return undefined; // no open interest stored for the window
  }
  const candles = loaded.series.candles;
  if (candles.ts.length < 24 || (candles.ts[candles.ts.length - 1] ?? 0) < end - 2 * 3_600_000) return undefined;
  const { map } = loaded.result;
  const n = map.leverages.length;
  const clusters: LiquidationCluster[] = [];
  let longBelowUsd = 0;
  let shortAboveUsd = 0;
  for (let b = 0; b < map.buckets; b += 1) {
    const priceUsd = map.priceOrigin + (b + 0.5) * BUCKET_USD;
    const sum = (a: Float64Array) => a.subarray(b * n, b * n + n).reduce((x, y) => x + y, 0);
    const long = sum(map.long);
    const short = sum(map.short);
    if (priceUsd < closeUsd && priceUsd >= closeUsd * (1 - BAND) && long > 0) {
      longBelowUsd += long;
      clusters.push({ priceUsd, notionalUsd: long, side: 'long' });
    }
    if (priceUsd > closeUsd && priceUsd <= closeUsd * (1 + BAND) && short > 0) {
      shortAboveUsd += short;
      clusters.push({ priceUsd, notionalUsd: short, side: 'short' });
    }
  }
  if (clusters.length === 0) return undefined;
  return {
    clusters: clusters.sort((a, b) => b.notionalUsd - a.notionalUsd).slice(0, 6),
    longBelowUsd,
    shortAboveUsd,
    bandFraction: BAND,
    source: `fitted position book (estimate) over store tables candles and open_interest, Binance BTC/USDT:USDT 1h, ${LOOKBACK_DAYS} days${
      loaded.openInterest.note === null ? '' : ` (${loaded.openInterest.note})`
    }; ${loaded.model.label}`,
  };
}
