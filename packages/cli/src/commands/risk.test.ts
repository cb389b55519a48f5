import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { captureIo } from '../testing/capture-io.js';
import { repoRoot } from '@cascade/services';

interface Row {
  liquidationPrice: number | null;
  liquidationDistance: number | null;
  drawdownQuantile: number | null;
  survivesQuantile: boolean | null;
  maxLeverageSurvivingQuantile: number | null;
  sizingMaxNotional: number | null;
  fundingCostToHold: number | null;
}

const portfolio = readFileSync(join(repoRoot(), 'examples/portfolio-2025-11-20.json'), 'utf8');
const args = ['--data-dir', '/nonexistent-store-dir', '--as-of', '2025-11-20'];

// Prices: data/crypto-daily (Binance spot daily); funding: data/derivatives/binance_um_BTCUSDT_funding_rate_8h_*.
describe('cascade risk', () => {
  it('liquidation distance, historical move, max leverage, sizing and funding per position', async () => {
    const t = captureIo({ 'p.json': portfolio });
    const code = await main(
      ['risk', '--positions', 'p.json', '--equity', '100000', '--json', ...args],
      t,
    );
    expect(code).toBe(0);
    const rows = JSON.parse(t.out.join('')) as Row[];
    expect(rows).toHaveLength(9);
    const btc10x = rows[0];
    // Binance BTCUSDT isolated 10x long at 91,554.96 (mmr 0.4%): liq = 91,554.96·0.9/0.996.
    expect(btc10x?.liquidationPrice).toBeCloseTo((91554.96 * 0.9) / 0.996, 2);
    const dd = btc10x?.drawdownQuantile ?? 0;
    expect(dd).toBeGreaterThan(0.1);
    expect(btc10x?.survivesQuantile).toBe((btc10x?.liquidationDistance ?? 0) > dd);
    // Max leverage L: distance (1/L − mmr)/(1 − mmr) must exceed dd, and fail at L + 1.
    const l = btc10x?.maxLeverageSurvivingQuantile ?? 0;
    expect((1 / l - 0.004) / 0.996).toBeGreaterThan(dd);
    expect((1 / (l + 1) - 0.004) / 0.996).toBeLessThanOrEqual(dd);
    expect(btc10x?.sizingMaxNotional).toBeCloseTo(1000 / dd, 6);
    expect(btc10x?.fundingCostToHold).not.toBeNull();
    expect(rows[3]?.fundingCostToHold).toBeNull(); // ETH: no stored funding series
  });

  it('invalid records and options exit 2 naming the field, nothing on stdout', async () => {
    const t = captureIo({ 'p.json': JSON.stringify([{ exchange: 'Binance', side: 'long' }]) });
    expect(await main(['risk', '--positions', 'p.json', ...args], t)).toBe(2);
    expect(t.err.join('')).toMatch(/p\.json: record 0: field/);
    expect(t.out).toHaveLength(0);
    const u = captureIo({ 'p.json': portfolio });
    expect(await main(['risk', '--positions', 'p.json', '--quantile', '2'], u)).toBe(2);
    expect(u.err.join('')).toContain('--quantile');
  });
});
