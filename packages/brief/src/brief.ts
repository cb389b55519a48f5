/** A brief from inputs (pure) and from the store (generateBrief). */
import type { MarketStore } from '@cascade/adapters';
import type { MacroSource } from '@cascade/services';
import { drawCharts } from './charts/charts.js';
import { gatherInputs } from './data/gather.js';
import type { Fact, FactUnit } from './facts/fact.js';
import { formatFact } from './facts/format.js';
import { checkGrounding, type GroundingReport } from './grounding/check.js';
import type { BriefInputs } from './inputs.js';
import { polishMarkdown, type LlmConfig } from './llm/polish.js';
import type { Article, ChartId } from './prose/article.js';
import { composeArticle } from './prose/compose.js';
import { countWords } from './prose/words.js';
import { articleHtml } from './render/html.js';
import { CHART_FILES } from './render/markdown.js';

export interface BriefFact {
  readonly id: string;
  readonly value: number | string;
  readonly unit: FactUnit;
  readonly source: string;
  /** The stated rounding (finest printed step). */
  readonly stepPrinted: number;
  /** The fact as the text prints it by default. */
  readonly printed: string;
}

export interface BriefChart {
  readonly id: ChartId;
  readonly file: string;
  readonly svg: string;
}

export interface Brief {
  readonly date: string;
  readonly symbol: string;
  readonly title: string;
  readonly metaDescription: string;
  readonly slug: string;
  readonly keywords: readonly string[];
  readonly h1: string;
  readonly wordCount: number;
  /** The article (H1, H2 sections); charts are linked as files next to it. */
  readonly markdown: string;
  readonly facts: readonly BriefFact[];
  readonly charts: readonly BriefChart[];
  readonly html: string;
  /** Grounding check of the title, description and article against the facts. */
  readonly grounding: GroundingReport;
  readonly polish: {
    readonly attempted: boolean;
    readonly accepted: boolean;
    readonly reason?: string;
  };
  /** Inputs that were not available (their sections are left out). */
  readonly missing: readonly string[];
  /** Why a part failed to load (for logs). */
  readonly problems: readonly string[];
}

function briefFacts(facts: readonly Fact[]): BriefFact[] {
  return facts.map((f) => ({
    id: f.id,
    value: f.value,
    unit: f.unit,
    source: f.source,
    stepPrinted: f.stepPrinted,
    printed: formatFact(f),
  }));
}

/** Everything the text is checked on: title, meta description and the article. */
export function checkedText(brief: Pick<Brief, 'title' | 'metaDescription' | 'markdown'>): string {
  return `${brief.title}\n\n${brief.metaDescription}\n\n${brief.markdown}`;
}

function assemble(
  inputs: BriefInputs,
  article: Article,
  markdown: string,
  facts: readonly Fact[],
  charts: Map<ChartId, string>,
  problems: readonly string[],
  polish: Brief['polish'],
): Brief {
  const wordCount = countWords(markdown);
  const list = briefFacts(facts);
  const base = { title: article.title, metaDescription: article.metaDescription, markdown };
  return {
    date: inputs.date,
    symbol: inputs.symbol,
    title: article.title,
    metaDescription: article.metaDescription,
    slug: article.slug,
    keywords: article.keywords,
    h1: article.h1,
    wordCount,
    markdown,
    facts: list,
    charts: [...charts].map(([id, svg]) => ({ id, file: CHART_FILES[id], svg })),
    html: articleHtml(article, charts, list, wordCount),
    grounding: checkGrounding(checkedText(base), facts),
    polish,
    missing: inputs.missing,
    problems,
  };
}

/** The deterministic brief of `inputs` (no I/O). */
export function renderBrief(inputs: BriefInputs, problems: readonly string[] = []): Brief {
  const charts = drawCharts(inputs);
  const composed = composeArticle(inputs, new Set(charts.keys()));
  return assemble(inputs, composed.article, composed.markdown, composed.facts, charts, problems, {
    attempted: false,
    accepted: false,
  });
}

export interface GenerateBriefOptions {
  readonly date: string;
  /** Only BTC is supported today. */
  readonly symbol?: string;
  readonly source: MacroSource;
  readonly store?: MarketStore | undefined;
  /** Monte Carlo scenarios for the cascade section (default 200; 0 skips it). */
  readonly scenarios?: number;
  /** Where simulation results are cached between runs (e.g. the store's cache directory). */
  readonly cacheDir?: string | undefined;
  /** Polishing endpoint (off when undefined). */
  readonly llm?: LlmConfig | undefined;
  readonly fetch?: typeof fetch;
}

/** Gathers the inputs for `date`, writes the brief and, when configured, polishes it. */
export async function generateBrief(options: GenerateBriefOptions): Promise<Brief> {
  const symbol = options.symbol ?? 'BTC';
  const { inputs, problems } = await gatherInputs({
    date: options.date,
    symbol,
    source: options.source,
    store: options.store,
    cacheDir: options.cacheDir,
    ...(options.scenarios === undefined ? {} : { scenarios: options.scenarios }),
  });
  const brief = renderBrief(inputs, problems);
  if (options.llm === undefined) return brief;
  const facts = brief.facts.map(({ printed: _printed, ...f }) => f);
  const outcome = await polishMarkdown(brief.markdown, facts, options.llm, options.fetch ?? fetch);
  if (!outcome.accepted)
    return { ...brief, polish: { attempted: true, accepted: false, reason: outcome.reason } };
  return {
    ...brief,
    markdown: outcome.markdown,
    wordCount: countWords(outcome.markdown),
    grounding: checkGrounding(checkedText({ ...brief, markdown: outcome.markdown }), facts),
    polish: { attempted: true, accepted: true },
  };
}

const FACTS_MARKER = '**Facts**';

/**
 * What `--check --text FILE` checks in a Markdown file written by `markdownDocument` (or an edit
 * of it): the title and description of the front matter and the article, without the other
 * front-matter fields (slug, word count) and without the facts table itself.
 */
export function checkableText(document: string): string {
  const front = /^---\n([\s\S]*?)\n---\n/.exec(document);
  const head = (front?.[1] ?? '')
    .split('\n')
    .filter((line) => /^(title|description):/.test(line))
    .map((line) => line.replace(/^\w+:\s*/, ''));
  const body = front === null ? document : document.slice(front[0].length);
  const appendix = body.indexOf(`\n---\n\n${FACTS_MARKER}`);
  return [...head, appendix < 0 ? body : body.slice(0, appendix)].join('\n\n');
}

/** The Markdown file: front matter (SEO metadata), the article, then the facts table. */
export function markdownDocument(brief: Brief): string {
  const yaml = (s: string) => JSON.stringify(s);
  const front = [
    '---',
    `title: ${yaml(brief.title)}`,
    `description: ${yaml(brief.metaDescription)}`,
    `slug: ${yaml(brief.slug)}`,
    `keywords: [${brief.keywords.map(yaml).join(', ')}]`,
    `wordCount: ${brief.wordCount}`,
    `date: ${yaml(brief.date)}`,
    '---',
    '',
  ].join('\n');
  const rows = brief.facts.map(
    (f) => `| \`${f.id}\` | ${f.printed} | ${f.unit} | ${f.source.replace(/\|/g, '\\|')} |`,
  );
  const table = [
    '',
    '---',
    '',
    `${FACTS_MARKER} (every number above is rendered from this table; the word count covers the article only)`,
    '',
    '| id | value | unit | source |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  return `${front}${brief.markdown}${table}`;
}

/** The `--format json` document. */
export function briefJson(brief: Brief): unknown {
  return {
    title: brief.title,
    metaDescription: brief.metaDescription,
    slug: brief.slug,
    keywords: brief.keywords,
    wordCount: brief.wordCount,
    markdown: brief.markdown,
    facts: brief.facts.map((f) => ({
      id: f.id,
      value: f.value,
      unit: f.unit,
      source: f.source,
      stepPrinted: f.stepPrinted,
      printed: f.printed,
    })),
    h1: brief.h1,
    date: brief.date,
    symbol: brief.symbol,
    charts: brief.charts.map((c) => c.file),
    grounding: {
      ok: brief.grounding.ok,
      tokens: brief.grounding.tokenCount,
      unmatched: brief.grounding.unmatched,
    },
    polish: brief.polish,
    missing: brief.missing,
  };
}
