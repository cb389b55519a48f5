import { paragraph, reserve, type Block, type Section } from '../article.js';
import { verb, type WriteContext } from '../context.js';

function moveParagraph(c: WriteContext): Block {
  const p = c.inputs.price;
  if (p === undefined) throw new Error('brief: price section without price');
  const change = p.close / p.open - 1;
  const opening = c.pick('price.open', [
    `Over the UTC day, Bitcoin ${verb(change, 'fell', 'rose')} ${c.f('price.change')}, from ${c.f('price.open')} at the open to ${c.f('price.close')} at the close.`,
    `Measured from the UTC open of ${c.f('price.open')} to the close of ${c.f('price.close')}, Bitcoin ${verb(change, 'lost', 'gained')} ${c.f('price.change')}.`,
  ]);
  const lowAt = c.has('price.lowAt') ? ` at ${c.f('price.lowAt')}` : '';
  const intraday =
    p.low / p.open - 1 < -0.02
      ? ` The close hides how violent the session was: the low of ${c.f('price.low')}${lowAt} sat ${c.f('price.drawdown')} below the open, and the day spanned ${c.f('price.range')} from low to high (${c.f('price.high')} at the top).`
      : ` The session stayed contained, with a low of ${c.f('price.low')}${lowAt} and a high of ${c.f('price.high')}, a range of ${c.f('price.range')}.`;
  let typical = '';
  if (c.has('price.multiple', 'price.typical')) {
    const multiple = Math.abs(change) / (p.typicalAbsReturn ?? 1);
    typical =
      multiple >= 1
        ? ` That open-to-close move was ${c.f('price.multiple')} the average daily move of the previous ${c.f('price.typicalDays')} days (${c.f('price.typical')}).`
        : ` For context, the average daily move over the previous ${c.f('price.typicalDays')} days was ${c.f('price.typical')}, so the net change itself was ordinary${p.low / p.open - 1 < -0.03 ? '; the intraday path was where the stress showed' : ' and the day was calm by recent standards'}.`;
  }
  return paragraph(`${opening}${intraday}${typical}`);
}

function levelParagraph(c: WriteContext): Block | undefined {
  const l = c.inputs.level;
  if (l === undefined) return undefined;
  const side = l.side;
  const through = side === 'support' ? 'below' : 'above';
  const parts = [
    c.pick('level.open', [
      `The level that mattered was ${c.f('level.price')}, a ${side} built from swing pivots, volume and a round number (strength ${c.f('level.strength')} on a scale of zero to one).`,
      `Chart traders had ${c.f('level.price')} marked as ${side}: the level detector scores it ${c.f('level.strength')} out of one, combining swing pivots, traded volume and the round number.`,
    ]),
  ];
  const sameHour = l.pierceAtMs !== undefined && l.pierceAtMs === l.closeThroughAtMs;
  if (sameHour && c.has('level.closeAt')) {
    parts.push(
      `Price went through it and closed ${through} the zone in the same hour, the bar opening at ${c.f('level.closeAt')}, which confirmed the break.`,
    );
  } else {
    if (c.has('level.pierceAt')) {
      parts.push(`Price first traded through it in the hour from ${c.f('level.pierceAt')}.`);
    }
    if (c.has('level.closeAt')) {
      parts.push(
        `The first hourly close ${through} the zone came in the bar opening at ${c.f('level.closeAt')}, which confirmed the break.`,
      );
    }
  }
  if (c.has('level.retestAt') && !l.reclaimed) {
    parts.push(
      `A retest in the hour from ${c.f('level.retestAt')} reached back into the zone and failed, the classic sign that old ${side} has turned into ${side === 'support' ? 'resistance' : 'support'}.`,
    );
  }
  if (c.has('level.gap')) {
    parts.push(
      l.reclaimed
        ? `The break did not hold: ${side === 'support' ? 'buyers pushed price back above it' : 'sellers pushed price back below it'}, and the day closed ${c.f('level.gap')} ${(c.inputs.price?.close ?? 0) < l.priceUsd ? 'below' : 'above'} the level.`
        : `It was not reclaimed: the close sat ${c.f('level.gap')} ${through} it.`,
    );
  }
  if (c.has('level.next')) parts.push(`The next level the detector finds is ${c.f('level.next')}.`);
  return paragraph(parts.join(' '));
}

export function priceSection(c: WriteContext): Section | undefined {
  const p = c.inputs.price;
  if (p === undefined) return undefined;
  const blocks: Block[] = [moveParagraph(c)];
  const level = levelParagraph(c);
  if (level !== undefined) blocks.push(level);
  if (level !== undefined) {
    blocks.push(
      reserve(
        'How are such levels found? The detector looks at the hourly bars of the month before and combines three kinds of evidence: swing pivots, where price turned and later respected the same area; high-volume nodes, prices at which an unusual share of the volume traded and where many positions were opened; and round numbers, which attract resting orders and stop-losses. A level counts as broken only when an hourly bar closes beyond its zone; a wick through it is not enough. Breaks of widely watched levels matter for liquidations because stops and liquidation prices tend to sit just beyond them.',
        1,
      ),
    );
  }
  blocks.push({
    kind: 'chart',
    chart: 'price',
    caption:
      'Hourly BTC price with the broken level and the estimated liquidation clusters (estimate).',
  });
  const heading =
    c.inputs.level?.closeThroughAtMs !== undefined
      ? c.pick('price.h', ['The move and the level it broke', 'How the break unfolded'])
      : 'The price move';
  return { id: 'price', heading, blocks, salience: 10 };
}
