import { escapeXml } from '../charts/svg.js';
import type { Article, Block, ChartId } from '../prose/article.js';

/** `**bold**` in list items; everything else is escaped text. */
function inline(text: string): string {
  return escapeXml(text).replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

function blockHtml(block: Block, charts: ReadonlyMap<ChartId, string>): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${inline(block.text)}</p>`;
    case 'list':
      return `<ul>${block.items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`;
    case 'chart': {
      const svg = charts.get(block.chart);
      return svg === undefined
        ? ''
        : `<figure>${svg}<figcaption>${escapeXml(block.caption)}</figcaption></figure>`;
    }
  }
}

export interface HtmlFact {
  readonly id: string;
  readonly printed: string;
  readonly source: string;
}

/** A standalone HTML page: SEO head, the article with its charts embedded, the facts table. */
export function articleHtml(
  article: Article,
  charts: ReadonlyMap<ChartId, string>,
  facts: readonly HtmlFact[],
  wordCount: number,
): string {
  const body = article.sections
    .map(
      (s) =>
        `${s.heading === '' ? '' : `<h2>${escapeXml(s.heading)}</h2>`}${s.blocks.map((b) => blockHtml(b, charts)).join('')}`,
    )
    .join('\n');
  const rows = facts
    .map(
      (f) =>
        `<tr><td><code>${escapeXml(f.id)}</code></td><td>${escapeXml(f.printed)}</td><td>${escapeXml(f.source)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(article.title)}</title>
<meta name="description" content="${escapeXml(article.metaDescription)}">
<meta name="keywords" content="${escapeXml(article.keywords.join(', '))}">
<meta name="word-count" content="${wordCount}">
<style>body{font-family:system-ui,sans-serif;max-width:760px;margin:2rem auto;padding:0 1rem;line-height:1.55;color:#222}figure{margin:1.5rem 0}figure svg{max-width:100%;height:auto}figcaption{font-size:.85rem;color:#666}table{border-collapse:collapse;font-size:.8rem}td{border-top:1px solid #ddd;padding:.25rem .5rem;vertical-align:top}</style>
</head><body><article>
<h1>${escapeXml(article.h1)}</h1>
${body}
</article>
<details><summary>Facts table (every number in the text)</summary><table>${rows}</table></details>
</body></html>
`;
}
