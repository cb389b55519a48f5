import type { Article, Block, ChartId } from '../prose/article.js';

export const CHART_FILES: Readonly<Record<ChartId, string>> = {
  price: 'price.svg',
  liquidations: 'liquidations.svg',
  'btc-vs-spx': 'btc-vs-spx.svg',
  fedwatch: 'fedwatch.svg',
};

function blockMarkdown(block: Block, charts: ReadonlySet<ChartId>): string | undefined {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n');
    case 'chart':
      return charts.has(block.chart)
        ? `![${block.caption}](${CHART_FILES[block.chart]})`
        : undefined;
  }
}

/** The article body in Markdown: H1, then one H2 per section; charts link to files next to it. */
export function articleMarkdown(article: Article, charts: ReadonlySet<ChartId>): string {
  const parts = [`# ${article.h1}`];
  for (const section of article.sections) {
    if (section.heading !== '') parts.push(`## ${section.heading}`);
    for (const block of section.blocks) {
      const text = blockMarkdown(block, charts);
      if (text !== undefined) parts.push(text);
    }
  }
  return `${parts.join('\n\n')}\n`;
}
