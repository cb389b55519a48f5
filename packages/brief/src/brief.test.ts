/**
 * Briefs generated from the embedded dataset (data/, attribution in data/SOURCES.md) for the
 * seed event, three other catalog events and a quiet day: every number grounded, length and SEO
 * limits met; a tampered copy fails the check.
 */
import { fileSource, type MacroSource } from '@cascade/services';
import { afterAll, describe, expect, it } from 'vitest';
import { briefJson, checkedText, generateBrief, type Brief } from './brief.js';
import { memoizeSource } from './data/memo-source.js';
import { checkGrounding } from './grounding/check.js';
import { WORDS_MAX, WORDS_MIN } from './prose/compose.js';
import { countWords } from './prose/words.js';

const source: MacroSource = memoizeSource(fileSource('embedded files in data/'));
afterAll(() => source.close());

const briefs = new Map<string, Promise<Brief>>();
function briefOf(date: string): Promise<Brief> {
  let b = briefs.get(date);
  if (b === undefined) {
    // A small Monte Carlo keeps the test fast; the CLI default is 200 scenarios.
    b = generateBrief({ date, source, scenarios: 24 });
    briefs.set(date, b);
  }
  return b;
}

const DATES = ['2025-11-21', '2025-12-01', '2025-10-10', '2024-08-05', '2025-12-22'] as const;

describe('generateBrief on the embedded data', () => {
  it.each(DATES)('%s: grounded, 1,200-1,800 words, SEO limits', async (date) => {
    const brief = await briefOf(date);
    expect(brief.grounding.unmatched).toEqual([]);
    expect(brief.grounding.ok).toBe(true);
    expect(brief.grounding.tokenCount).toBeGreaterThan(60);
    expect(brief.wordCount).toBe(countWords(brief.markdown));
    expect(brief.wordCount).toBeGreaterThanOrEqual(WORDS_MIN);
    expect(brief.wordCount).toBeLessThanOrEqual(WORDS_MAX);
    expect(brief.title.length).toBeLessThanOrEqual(60);
    expect(brief.metaDescription.length).toBeLessThanOrEqual(160);
    expect(brief.slug).toMatch(new RegExp(`^[a-z0-9-]+-${date}$`));
    expect(brief.markdown.match(/^# /gm)).toHaveLength(1);
    expect((brief.markdown.match(/^## /gm) ?? []).length).toBeGreaterThanOrEqual(6);
    expect(brief.markdown).not.toMatch(/NaN|undefined|Infinity/);
    expect(brief.charts.length).toBeGreaterThanOrEqual(2);
  });

  it.each(DATES)('%s: a tampered number fails the check', async (date) => {
    const brief = await briefOf(date);
    const close = brief.facts.find((f) => f.id === 'price.close');
    expect(close).toBeDefined();
    const printed = close?.printed ?? '';
    expect(brief.markdown).toContain(printed);
    const bumped = printed.replace(/\d(?=[^\d]*$)/, (d) => String((Number(d) + 1) % 10));
    const tampered = { ...brief, markdown: brief.markdown.replace(printed, bumped) };
    const report = checkGrounding(checkedText(tampered), brief.facts);
    expect(report.ok).toBe(false);
    expect(report.unmatched.map((u) => u.text)).toEqual([bumped]);
  });

  it('2025-11-21: a movement verb turned the other way fails the check', async () => {
    const brief = await briefOf('2025-11-21');
    for (const [from, to] of [
      ['Bitcoin fell 1.74%', 'Bitcoin rose 1.74%'],
      ['S&P 500 rose 0.98%', 'S&P 500 fell 0.98%'],
    ] as const) {
      expect(brief.markdown).toContain(from);
      const tampered = { ...brief, markdown: brief.markdown.replace(from, to) };
      const report = checkGrounding(checkedText(tampered), brief.facts);
      expect(
        report.unmatched.map((u) => u.text),
        to,
      ).toEqual([to.split(' ').at(-1)]);
    }
  });

  it('2025-11-21 tells the seed story from the data', async () => {
    const brief = await briefOf('2025-11-21');
    expect(brief.title).toBe('Bitcoin breaks below $86K as $1.91B liquidated; stocks gain');
    for (const text of [
      '$86,000',
      '$80,600',
      '$1.91B',
      '93.2%',
      '391,254',
      'S&P 500 rose 0.98%',
      'December 10',
      '73%',
    ]) {
      expect(brief.markdown).toContain(text);
    }
    expect(brief.markdown).toContain('## What to monitor');
    expect(brief.missing).toEqual([]);
    const json = briefJson(brief) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining([
        'title',
        'metaDescription',
        'slug',
        'keywords',
        'wordCount',
        'markdown',
        'facts',
      ]),
    );
    const fact = (
      json['facts'] as { id: string; value: unknown; unit: string; source: string }[]
    ).find((f) => f.id === 'liq.total');
    expect(fact).toMatchObject({ value: 1_910_000_000, unit: 'USD' });
    expect(fact?.source).toContain('historical-events.json');
  });

  it('a quiet day says what is missing instead of writing empty sections', async () => {
    const brief = await briefOf('2025-12-22');
    expect(brief.missing).toContain('a calibrated cascade scenario');
    expect(brief.markdown).toContain('## What the data does not cover');
    expect(brief.markdown).not.toContain('## The cascade');
  });
});
