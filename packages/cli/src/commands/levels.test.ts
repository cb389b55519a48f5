import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { captureIo } from '../testing/capture-io.js';

interface Report {
  breaches: {
    level: number;
    kind: string;
    depthThroughTs: number;
    closeThroughPrice: number | null;
    retestTs: number | null;
    extremePrice: number;
    status: string;
  }[];
}

// Bars: data/crypto-intraday/binance_spot_BTCUSDT_1h_2024-07-19_2026-07-19.csv.gz (Binance
// spot klines). Reuters/Investing.com: BTC fell below $86,000 early on 2025-11-21 (research §3).
describe('cascade levels', () => {
  it('reports the break of the $86,000 area on 2025-11-21 with the numbers', async () => {
    const t = captureIo({}, '/');
    const code = await main(
      ['levels', '--symbol', 'BTC/USDT', '--date', '2025-11-21', '--json'],
      t,
    );
    expect(code).toBe(0);
    const r = JSON.parse(t.out.join('')) as Report;
    const b = r.breaches.find((x) => x.level === 86000);
    expect(b?.kind).toBe('support');
    expect(b?.depthThroughTs).toBe(Date.parse('2025-11-21T02:00:00Z')); // low 85,360.00
    expect(b?.closeThroughPrice).toBe(85444.93); // the 02:00 bar's close
    expect(b?.retestTs).toBe(Date.parse('2025-11-21T03:00:00Z')); // high 86,135.58, close 85,821.34
    expect(b?.extremePrice).toBe(80600);
    expect(b?.status).toBe('confirmed-by-retest');
  });

  it('invalid options exit 2 naming the option, nothing on stdout', async () => {
    const t = captureIo({}, '/');
    expect(await main(['levels', '--symbol', 'BTCUSDT', '--date', '2025-11-21'], t)).toBe(2);
    expect(t.err.join('')).toContain('--symbol');
    const u = captureIo({}, '/');
    expect(
      await main(['levels', '--symbol', 'BTC/USDT', '--date', '2025-11-21', '--zone', '-1'], u),
    ).toBe(2);
    expect(u.err.join('')).toContain('--zone');
    expect(u.out).toHaveLength(0);
  });
});
