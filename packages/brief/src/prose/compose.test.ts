import { describe, expect, it } from 'vitest';
import { checkGrounding } from '../grounding/check.js';
import type { BriefInputs, PriceInput } from '../inputs.js';
import { inputsWith } from '../testing/inputs.js';
import { composeArticle } from './compose.js';
import { article, listOf, plural, verb } from './context.js';
import { countWords } from './words.js';

const PRICE: PriceInput = {
  symbol: 'BTC',
  open: 100_000,
  high: 101_000,
  low: 99_500,
  close: 100_400,
  previousClose: 99_900,
  lowAtMs: Date.UTC(2026, 0, 5, 3),
  hourly: [],
  typicalAbsReturn: 0.02,
  source: 'fixture',
};

function inputs(over: Partial<BriefInputs> = {}): BriefInputs {
  return inputsWith({
    date: '2026-01-05',
    price: PRICE,
    missing: ['realized liquidations', 'equity and rates data'],
    ...over,
  });
}

describe('composeArticle', () => {
  it('leaves out sections without data and says what is missing', () => {
    const { markdown, facts, article: a } = composeArticle(inputs(), new Set());
    expect(markdown).not.toMatch(/## .*(Liquidation|Fed|contagion|Risk)/);
    expect(markdown).toContain('## What the data does not cover');
    expect(markdown).toContain('realized liquidations and equity and rates data');
    expect(a.title).toBe('Bitcoin rises 0.40% on January 5');
    expect(
      checkGrounding(`${a.title}\n${a.metaDescription}\n${markdown}`, facts).unmatched,
    ).toEqual([]);
  });

  it('writes up and down correctly', () => {
    const down = composeArticle(
      inputs({ price: { ...PRICE, close: 96_000, low: 95_000 } }),
      new Set(),
    );
    expect(down.markdown).toContain(
      'Bitcoin dropped as much as 5.00% on January 5, 2026, to $95,000, before closing down 4.00%',
    );
    const up = composeArticle(inputs(), new Set());
    expect(up.markdown).toContain('Bitcoin rose 0.40% on January 5, 2026');
  });

  it('lists only the facts the text printed', () => {
    const { facts, markdown } = composeArticle(inputs(), new Set());
    expect(facts.length).toBeGreaterThan(3);
    expect(facts.map((f) => f.id)).not.toContain('price.prevClose');
    expect(countWords(markdown)).toBeGreaterThan(50);
  });
});

describe('grammar helpers', () => {
  it('agrees in number and direction and picks a/an', () => {
    expect(plural(1, 'was', 'were')).toBe('was');
    expect(plural(9, 'was', 'were')).toBe('were');
    expect(verb(-1, 'fell', 'rose')).toBe('fell');
    expect(verb(2, 'fell', 'rose')).toBe('rose');
    expect(verb(0, 'fell', 'rose')).toBe('was unchanged');
    expect(['11.3%', '8.6%', '18%', '80%', '5.0%', '1.1%', '110%', '$11,000'].map(article)).toEqual(
      ['an', 'an', 'an', 'an', 'a', 'a', 'a', 'an'],
    );
    expect(listOf(['A', 'B', 'C'])).toBe('A, B and C');
  });
});

describe('countWords', () => {
  it('counts prose words, not Markdown syntax, images or tables', () => {
    expect(
      countWords(
        '# Title here\n\nBTC fell 6.97% to $80,600.\n\n![chart](price.svg)\n\n| a | b |\n- **Bold** item',
      ),
    ).toBe(9);
  });
});
