import { verb, type WriteContext } from './context.js';

export const TITLE_MAX = 60;
export const DESCRIPTION_MAX = 160;

interface Headline {
  readonly title: string;
  readonly h1: string;
}

function firstFitting(candidates: readonly string[], max: number): string {
  const fits = candidates.find((t) => t.length <= max);
  return fits ?? (candidates.at(-1) ?? '').slice(0, max);
}

/** Title (≤ 60 characters) and H1 from the most telling facts of the day. */
export function headline(c: WriteContext): Headline {
  const p = c.inputs.price;
  if (p === undefined)
    return {
      title: `Crypto market brief for ${c.f('day')}`,
      h1: `Crypto market brief for ${c.f('day')}`,
    };
  const change = p.close - p.open;
  const move = verb(
    change,
    c.pick('title.down', ['falls', 'drops', 'slides']),
    c.pick('title.up', ['rises', 'climbs', 'gains']),
  );
  const broke =
    c.inputs.level?.closeThroughAtMs !== undefined &&
    !c.inputs.level.reclaimed &&
    c.has('level.price');
  const below = c.inputs.level?.side === 'support' ? 'below' : 'above';
  const through =
    below === 'below'
      ? c.pick('title.below', ['falls below', 'slides below', 'breaks below'])
      : c.pick('title.above', ['breaks above', 'climbs above']);
  const level = broke
    ? `${through} ${c.f('level.price', { compact: true })}`
    : `${move} ${c.f('price.change')}`;
  const liq = c.has('liq.total') ? c.f('liq.total') : undefined;
  const spx = c.inputs.macro?.indices[0];
  const split = spx !== undefined && Math.sign(spx.change) !== Math.sign(change);
  const stocks = split ? `stocks ${spx.change > 0 ? 'gain' : 'slip'}` : undefined;
  const fed =
    c.has('fw.cut') && (c.inputs.fedwatch?.cutProbability ?? 0) > 0.5 ? ' on Fed cut hopes' : '';
  const titles = [
    liq !== undefined && stocks !== undefined
      ? `Bitcoin ${level} as ${liq} liquidated; ${stocks}`
      : '',
    liq !== undefined ? `Bitcoin ${level} as ${liq} is liquidated` : '',
    liq !== undefined ? `Bitcoin ${level}; ${liq} liquidated` : '',
    `Bitcoin ${level} on ${c.f('day', { dateStyle: 'short' })}`,
    `Bitcoin ${level}`,
  ].filter((t) => t !== '');
  const h1Parts = [`Bitcoin ${level}`];
  if (liq !== undefined) h1Parts.push(`amid ${liq} in liquidations`);
  if (stocks !== undefined) h1Parts.push(`while ${stocks}${fed}`);
  return { title: firstFitting(titles, TITLE_MAX), h1: h1Parts.join(' ') };
}

/** Meta description (≤ 160 characters): the clauses that fit, most important first. */
export function metaDescription(c: WriteContext): string {
  const p = c.inputs.price;
  const clauses: string[] = [];
  if (p !== undefined) {
    clauses.push(
      `BTC ${verb(p.close - p.open, 'fell', 'rose')} ${c.f('price.change')} on ${c.f('day', { dateStyle: 'short' })} to ${c.f('price.close')} (low ${c.f('price.low')})`,
    );
  }
  if (c.has('liq.total'))
    clauses.push(
      `${c.f('liq.total')} liquidated${c.has('liq.longShare') ? `, ${c.f('liq.longShare')} longs` : ''}`,
    );
  const spx = c.inputs.macro?.indices[0];
  if (spx !== undefined) {
    const key = spx.name.replace(/[^A-Za-z]/g, '').toLowerCase();
    clauses.push(
      `${spx.name} ${verb(spx.change, 'down', 'up', 'flat')} ${c.f(`idx.${key}.change`)}`,
    );
  }
  if (c.has('fw.cut')) clauses.push(`Fed cut odds ${c.f('fw.cut')}`);
  clauses.push('levels, risk and what to watch');
  for (let n = clauses.length; n > 0; n -= 1) {
    const text = `${clauses.slice(0, n).join('; ')}.`;
    if (text.length <= DESCRIPTION_MAX) return text;
  }
  return `${(clauses[0] ?? '').slice(0, DESCRIPTION_MAX - 1)}.`;
}

export function slugOf(title: string, date: string): string {
  const words = title
    .toLowerCase()
    .replace(/\$/g, '')
    .replace(/(\d)\.(\d)/g, '$1-$2')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${words}-${date}`;
}

export function keywordsOf(c: WriteContext): string[] {
  const k = ['bitcoin', 'BTC price', `${c.inputs.symbol} ${c.inputs.date}`];
  if (c.inputs.realized !== undefined || c.inputs.estimated !== undefined)
    k.push('crypto liquidations', 'long liquidations');
  if (c.inputs.cascade !== undefined) k.push('liquidation cascade');
  if (c.inputs.level !== undefined) k.push(`bitcoin ${c.inputs.level.side}`);
  if (c.inputs.fedwatch !== undefined) k.push('Fed rate cut', 'FedWatch');
  if (c.inputs.macro !== undefined) k.push('S&P 500', 'stocks vs crypto');
  if (c.inputs.contagion !== undefined) k.push('altcoins');
  if (c.inputs.risk !== undefined) k.push('leverage', 'liquidation price');
  return k;
}
