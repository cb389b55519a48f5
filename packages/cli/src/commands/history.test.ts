import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { captureIo } from '../testing/capture-io.js';

interface Report {
  day: { btcDrawdown: number; spxReturn: number | null; liquidatedUsd: number | null };
  catalogEvent: boolean;
  events: unknown[];
  mostSimilar: { date: string }[];
  percentileVsEvents: { liquidatedUsd: number | null };
}

// Prices: data/crypto-daily (Binance spot daily klines) and data/equities/yahoo_GSPC (Yahoo);
// events: data/events/historical-events.json (Coinglass $1.91B on 2025-11-21, research §3).
describe('cascade history', () => {
  it('2025-11-21: BTC open→low from the Binance daily bar, S&P up, $1.91B from the catalog', async () => {
    const t = captureIo();
    const code = await main(
      ['history', '--date', '2025-11-21', '--json', '--data-dir', '/nonexistent-store-dir'],
      t,
    );
    expect(code).toBe(0);
    const r = JSON.parse(t.out.join('')) as Report;
    expect(r.events).toHaveLength(16);
    expect(r.catalogEvent).toBe(true);
    // Binance BTCUSDT 2025-11-21: open 86,637.22, low 80,600.00 → −6.97%.
    expect(r.day.btcDrawdown).toBeCloseTo(80600 / 86637.22 - 1, 9);
    expect(r.day.spxReturn).toBeCloseTo(6602.990234375 / 6538.759765625 - 1, 9); // +0.98%
    expect(r.day.liquidatedUsd).toBe(1.91e9);
    expect(r.mostSimilar[0]?.date).not.toBe('2025-11-21');
  });

  // data/derivatives/coinglass_BTC_aggregated_liquidations_1h_2025-11-23_2026-03-31.csv.gz
  it('2025-12-01: BTC-only liquidations of the day from the Coinglass hourly file', async () => {
    const t = captureIo();
    const args = [
      'history',
      '--date',
      '2025-12-01',
      '--json',
      '--data-dir',
      '/nonexistent-store-dir',
    ];
    expect(await main(args, t)).toBe(0);
    const r = JSON.parse(t.out.join('')) as { btcLiquidations: { long: number; short: number } };
    expect(r.btcLiquidations.long).toBeGreaterThan(r.btcLiquidations.short);
    expect(r.btcLiquidations.long).toBeGreaterThan(1e8);
  });

  it('ranks a non-event day and rejects a bad date with exit 2', async () => {
    const t = captureIo();
    expect(
      await main(['history', '--date', '2024-03-05', '--data-dir', '/nonexistent-store-dir'], t),
    ).toBe(0);
    expect(t.out.join('')).toContain('2024-03-05');
    const bad = captureIo();
    expect(await main(['history', '--date', '2024-13-05'], bad)).toBe(2);
    expect(bad.out).toHaveLength(0);
    expect(bad.err.join('')).toContain('--date');
  });
});
