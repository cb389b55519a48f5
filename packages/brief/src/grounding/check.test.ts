import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { FactBook, type Fact, type FactUnit } from '../facts/fact.js';
import { formatFact } from '../facts/format.js';
import { checkGrounding } from './check.js';
import { numericTokens } from './tokens.js';

function book(): FactBook {
  const facts = new FactBook();
  facts.num('btc.close', 85_444.93, 'USD', 0.01, 'candles');
  facts.num('liq.total', 1_910_000_000, 'USD', 1e7, 'catalog');
  facts.num('btc.drawdown', -0.0697, 'fraction', 0.01, 'candles');
  facts.num('spx.change', 0.0098, 'fraction', 0.01, 'equities');
  facts.num('liq.traders', 391_254, 'count', 1, 'catalog');
  facts.num('lev.20', 20, 'x', 1, 'input');
  facts.num('y2.change', -4, 'bp', 1, 'fred');
  facts.date('day', '2025-11-21', 'input');
  facts.datetime('break', Date.UTC(2025, 10, 21, 2), 'levels');
  return facts;
}

describe('numericTokens', () => {
  it('finds prices, K/M/B amounts, percentages, bp, multiples, dates and times', () => {
    const text =
      'On November 21, 2025 BTC fell 6.97% to $85,444.93; $1.91B was liquidated, 20× longs ' +
      'at 02:00 UTC, yields −4 bp, 391,254 traders, the 3rd time (2025-11-21).';
    expect(numericTokens(text).map((t) => t.text)).toEqual([
      'November 21, 2025',
      '6.97%',
      '$85,444.93',
      '$1.91B',
      '20×',
      '02:00 UTC',
      '−4 bp',
      '391,254',
      '3rd',
      '2025-11-21',
    ]);
  });

  it('ignores names with digits and link targets', () => {
    const text = 'The S&P 500 and the 2-year yield ([chart](charts/p-2025.svg)); ZQZ24.';
    expect(numericTokens(text)).toEqual([]);
  });
});

describe('checkGrounding', () => {
  it('accepts numbers rendered from facts, also coarser', () => {
    const text =
      'Bitcoin fell 6.97% (about 7%) on November 21, 2025 to $85,444.93 ($85.4K); $1.91B ($1.9B) ' +
      'was liquidated across 391,254 traders; at 20× the 2-year yield moved −4 bp by 02:00 UTC. ' +
      'The S&P 500 rose +0.98%.';
    const report = checkGrounding(text, book().all());
    expect(report.unmatched).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('rejects a tampered text and names the token', () => {
    const tampered =
      'Bitcoin fell 6.97% to $85,444.93 after $2.1B was liquidated by 391,254 traders.';
    const report = checkGrounding(tampered, book().all());
    expect(report.ok).toBe(false);
    expect(report.unmatched.map((u) => u.text)).toEqual(['$2.1B']);
  });

  it('holds a movement verb right before a number to the sign of its fact', () => {
    const facts = book().all();
    for (const good of [
      'Bitcoin fell 6.97%',
      'BTC was down 6.97%',
      'the S&P 500 rose by 0.98%',
      'yields dropped 4 bp',
      'it fell to $85,444.93', // a level, not a movement
      'up to 20× leverage',
    ]) {
      expect(checkGrounding(good, facts).unmatched, good).toEqual([]);
    }
    for (const bad of [
      'Bitcoin rose 6.97%',
      'up 6.97%',
      'the S&P 500 fell 0.98%',
      'yields rose 4 bp',
    ]) {
      expect(checkGrounding(bad, facts).ok, bad).toBe(false);
    }
  });

  it('rejects invented precision, wrong signs, wrong dates and stray counts', () => {
    const facts = book().all();
    for (const bad of [
      '$1,910,000,000',
      '+6.97%',
      'November 22',
      '12 traders',
      '03:00 UTC',
      '24h',
    ]) {
      expect(checkGrounding(bad, facts).ok, bad).toBe(false);
    }
  });

  const unit = fc.constantFrom<FactUnit>('USD', 'fraction', 'bp', 'points', 'count', 'x', 'ratio');
  test.prop([
    fc.double({ min: -1e10, max: 1e10, noNaN: true }),
    unit,
    fc.constantFrom(0.01, 0.1, 1, 1e6),
    fc.boolean(),
    fc.integer({ min: 0, max: 3 }),
  ])('every rendering of a fact is grounded in that fact', (value, u, step, signed, decimals) => {
    const stepPrinted = u === 'count' ? 1 : u === 'USD' ? step : Math.min(step, 1);
    const fact: Fact = { id: 'f', value, unit: u, stepPrinted, source: 't' };
    const printed = formatFact(fact, { signed, decimals });
    expect(checkGrounding(`It was ${printed} today.`, [fact]).unmatched).toEqual([]);
  });
});
