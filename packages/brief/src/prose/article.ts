/** The article as structure; Markdown and HTML are two renderings of it. */

export type ChartId = 'price' | 'liquidations' | 'btc-vs-spx' | 'fedwatch';

export type Block =
  | {
      readonly kind: 'paragraph';
      readonly text: string;
      /** Optional paragraphs are trimmed first (higher = dropped first) to fit the length. */
      readonly optional?: number;
      /** Reserve paragraphs are added (lowest first) only when the article is too short. */
      readonly reserve?: number;
    }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'chart'; readonly chart: ChartId; readonly caption: string };

export type SectionId =
  | 'lede'
  | 'price'
  | 'liquidations'
  | 'cascade'
  | 'macro'
  | 'divergence'
  | 'history'
  | 'contagion'
  | 'risk'
  | 'monitor'
  | 'missing'
  | 'conclusion';

export interface Section {
  readonly id: SectionId;
  /** Empty for the lede (no H2). */
  readonly heading: string;
  readonly blocks: readonly Block[];
  /** How much the data says this section matters today (orders the middle sections). */
  readonly salience: number;
}

export interface Article {
  readonly title: string;
  readonly metaDescription: string;
  readonly slug: string;
  readonly keywords: readonly string[];
  readonly h1: string;
  readonly sections: readonly Section[];
}

export function paragraph(text: string, optional?: number): Block {
  return optional === undefined
    ? { kind: 'paragraph', text }
    : { kind: 'paragraph', text, optional };
}

/** A paragraph kept in reserve: used only when the article is below the minimum length. */
export function reserve(text: string, priority: number): Block {
  return { kind: 'paragraph', text, reserve: priority };
}
