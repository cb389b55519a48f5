/**
 * Section planner: which sections the data supports, in which order, and how long. The price
 * section leads; the middle sections follow by salience (what the data says matters most today);
 * the cascade follows the liquidations it explains; risk, the monitor list, what is missing and
 * the conclusion close. Optional paragraphs are dropped, highest rank first, to stay within the
 * word range.
 */
import { collectFacts } from '../facts/collect.js';
import type { Fact } from '../facts/fact.js';
import type { BriefInputs } from '../inputs.js';
import { articleMarkdown } from '../render/markdown.js';
import type { Article, ChartId, Section } from './article.js';
import { writeContext, type WriteContext } from './context.js';
import {
  contagionSection,
  divergenceSection,
  historySection,
} from './sections/context-sections.js';
import { cascadeSection, liquidationsSection } from './sections/liquidations.js';
import { macroSection } from './sections/macro.js';
import { priceSection } from './sections/price.js';
import {
  conclusionSection,
  ledeSection,
  missingSection,
  monitorSection,
  riskSection,
} from './sections/closing.js';
import { headline, keywordsOf, metaDescription, slugOf } from './seo.js';
import { countWords } from './words.js';

export const WORDS_MIN = 1200;
export const WORDS_MAX = 1800;

export interface Composed {
  readonly article: Article;
  readonly markdown: string;
  readonly wordCount: number;
  /** Every fact the text printed. */
  readonly facts: readonly Fact[];
}

function present<T>(items: readonly (T | undefined)[]): T[] {
  return items.filter((x): x is T => x !== undefined);
}

function orderMiddle(c: WriteContext): Section[] {
  const ranked = present([
    liquidationsSection(c),
    macroSection(c),
    divergenceSection(c),
    historySection(c),
    contagionSection(c),
  ]).sort((a, b) => b.salience - a.salience);
  const cascade = cascadeSection(c);
  if (cascade === undefined) return ranked;
  const at = ranked.findIndex((s) => s.id === 'liquidations');
  return at < 0
    ? [cascade, ...ranked]
    : [...ranked.slice(0, at + 1), cascade, ...ranked.slice(at + 1)];
}

/** Drops the optional paragraph of highest rank; undefined when none is left. */
function dropOne(sections: readonly Section[]): Section[] | undefined {
  let best: { s: number; b: number; rank: number } | undefined;
  for (const [s, section] of sections.entries()) {
    for (const [b, block] of section.blocks.entries()) {
      const rank = block.kind === 'paragraph' ? block.optional : undefined;
      if (rank !== undefined && (best === undefined || rank >= best.rank)) best = { s, b, rank };
    }
  }
  if (best === undefined) return undefined;
  const { s, b } = best;
  return sections.map((section, i) =>
    i === s ? { ...section, blocks: section.blocks.filter((_, j) => j !== b) } : section,
  );
}

interface ReserveSlot {
  readonly section: number;
  readonly block: number;
  readonly priority: number;
}

function reserveSlots(sections: readonly Section[]): ReserveSlot[] {
  const slots: ReserveSlot[] = [];
  for (const [s, section] of sections.entries()) {
    for (const [b, block] of section.blocks.entries()) {
      if (block.kind === 'paragraph' && block.reserve !== undefined) {
        slots.push({ section: s, block: b, priority: block.reserve });
      }
    }
  }
  return slots.sort((a, b) => a.priority - b.priority);
}

/** The sections with only the reserve paragraphs in `kept`. */
function withReserves(
  sections: readonly Section[],
  kept: ReadonlySet<ReserveSlot>,
  slots: readonly ReserveSlot[],
): Section[] {
  const dropped = new Set(
    slots.filter((slot) => !kept.has(slot)).map((slot) => `${slot.section}:${slot.block}`),
  );
  return sections.map((section, s) => ({
    ...section,
    blocks: section.blocks.filter((_, b) => !dropped.has(`${s}:${b}`)),
  }));
}

/** Writes the article for `inputs`; `charts` are the charts that will be drawn. */
export function composeArticle(inputs: BriefInputs, charts: ReadonlySet<ChartId>): Composed {
  const facts = collectFacts(inputs);
  const c = writeContext(inputs, facts);
  const { title, h1 } = headline(c);
  const head = {
    title,
    h1,
    metaDescription: metaDescription(c),
    slug: slugOf(title, inputs.date),
    keywords: keywordsOf(c),
  };
  let sections: Section[] = present([
    ledeSection(c),
    priceSection(c),
    ...orderMiddle(c),
    riskSection(c),
    monitorSection(c),
    missingSection(c),
    conclusionSection(c),
  ]);
  const full = sections;
  const slots = reserveSlots(full);
  const kept = new Set<ReserveSlot>();
  sections = withReserves(full, kept, slots);
  let markdown = articleMarkdown({ ...head, sections }, charts);
  for (const slot of slots) {
    if (countWords(markdown) >= WORDS_MIN) break;
    kept.add(slot);
    sections = withReserves(full, kept, slots);
    markdown = articleMarkdown({ ...head, sections }, charts);
  }
  while (countWords(markdown) > WORDS_MAX) {
    const shorter = dropOne(sections);
    if (shorter === undefined) break;
    sections = shorter;
    markdown = articleMarkdown({ ...head, sections }, charts);
  }
  const used = facts.all().filter((f) => c.used.has(f.id));
  return { article: { ...head, sections }, markdown, wordCount: countWords(markdown), facts: used };
}
