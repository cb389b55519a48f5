import { paragraph, reserve, type Block, type Section } from '../article.js';
import { listOf, verb, type WriteContext } from '../context.js';

export function riskSection(c: WriteContext): Section | undefined {
  const r = c.inputs.risk;
  if (r === undefined || r.longs.length === 0) return undefined;
  const blocks: Block[] = [
    paragraph(
      `What does a day like this mean for a leveraged position? Take a one-bitcoin long opened at the close, ${c.f('risk.entry')}, on ${r.venue} with isolated margin. The exchange’s own maintenance-margin tiers put the liquidation price at:`,
    ),
    {
      kind: 'list',
      items: r.longs.map(
        (l) =>
          `${c.f(`risk.lev${l.leverage}`)}: ${c.f(`risk.lev${l.leverage}.liq`)}, ${c.f(`risk.lev${l.leverage}.dist`)} below entry`,
      ),
    },
  ];
  const parts: string[] = [];
  if (c.has('risk.move99', 'risk.maxLev99')) {
    parts.push(
      `The ${c.f('risk.quantile')}th-percentile daily drop from open to low since the start of the stored history is ${c.f('risk.move99')}; the highest leverage whose liquidation price survives such a drop is ${c.f('risk.maxLev99')}. Anything above that is a bet that the day will not be a bad one.`,
    );
  }
  if (c.has('size.account', 'size.risk', 'size.stop', 'size.position', 'size.leverage')) {
    parts.push(
      `Sizing from the stop rather than from the leverage is the safer habit: risking ${c.f('size.risk')} of a ${c.f('size.account')} account (${c.f('size.riskUsd')}) with a stop at ${c.f('size.stop')}, just beyond the next level and ${c.f('size.stopDist')} below entry, allows a position of ${c.f('size.position')}, an effective leverage of ${c.f('size.leverage')}.`,
    );
  }
  if (c.has('risk.funding')) {
    const f = r.fundingPer8h ?? 0;
    parts.push(
      `Funding on the day averaged ${c.f('risk.funding', { signed: true })} per interval, ${f < 0 ? 'so shorts paid longs: the crowd had already turned defensive' : 'so longs still paid shorts to hold their positions'}.`,
    );
  }
  if (parts.length > 0) blocks.push(paragraph(parts.join(' ')));
  blocks.push(
    reserve(
      'Isolated margin caps the loss of a position at the margin posted for it, while cross margin lets the whole account defend it; cross margin delays liquidation but puts more at risk when it comes. In both modes the liquidation price moves closer as leverage rises, and the maintenance tiers make large positions liquidate earlier than the headline leverage suggests. Adding margin moves the liquidation price away; reducing size does the same without new money.',
      8,
    ),
  );
  return {
    id: 'risk',
    heading: c.pick('risk.h', [
      'Risk management in numbers',
      'What it means for leveraged traders',
    ]),
    blocks,
    salience: 0,
  };
}

function monitorItems(c: WriteContext): string[] {
  const i = c.inputs;
  const items: string[] = [];
  if (c.has('level.price', 'price.close') && i.level !== undefined) {
    const l = i.level;
    const back = l.side === 'support' ? 'above' : 'below';
    items.push(
      l.reclaimed
        ? `**The level, ${c.f('level.price')}.** Price closed at ${c.f('price.close')}, back on its old side; another hourly close through it would renew the break.`
        : `**The broken level, ${c.f('level.price')}.** Price closed at ${c.f('price.close')}; consecutive hourly closes back ${back} the level would mean the break failed, while rejection there confirms it as ${l.side === 'support' ? 'resistance' : 'support'}.`,
    );
  }
  if (c.has('level.next'))
    items.push(
      `**The next level, ${c.f('level.next')}.** A close through it opens the way to the next cluster of liquidation prices.`,
    );
  if (c.has('est.longBelow', 'est.band')) {
    items.push(
      `**Estimated long liquidations below price: ${c.f('est.longBelow')}** within ${c.f('est.band')} of the close (estimate). The nearer and larger that pool, the easier a new cascade starts.`,
    );
  }
  if (c.has('sim.lowP05'))
    items.push(
      `**The simulated tail low, ${c.f('sim.lowP05')}.** The worst simulated cascades reach it; a print there would say the book is thinner than calibrated.`,
    );
  if (c.has('liq.peakUsd'))
    items.push(
      `**Hourly liquidations.** The peak hour saw ${c.f('liq.peakUsd')}; an hour of that size again signals a second wave.`,
    );
  else if (c.has('liq.total'))
    items.push(
      `**Daily liquidations.** The day saw ${c.f('liq.total')}; a repeat of that scale would mean leverage rebuilt quickly.`,
    );
  if (c.has('risk.funding'))
    items.push(
      `**Funding, ${c.f('risk.funding', { signed: true })} per interval.** Positive and rising funding means longs are crowding back in.`,
    );
  if (c.has('fw.cut')) {
    const prev = c.has('fw.prevCut')
      ? ` A fall back toward ${c.f('fw.prevCut')} would remove the support stocks found.`
      : '';
    items.push(
      `**Fed cut odds, ${c.f('fw.cut')}${c.has('fw.meeting') ? ` for ${c.f('fw.meeting', { dateStyle: 'short' })}` : ''}.**${prev}`,
    );
  }
  if (c.has('y2.yield'))
    items.push(
      `**The 2-year yield, ${c.f('y2.yield')}.** Falling yields price in cuts; a sharp rise would pressure both stocks and crypto.`,
    );
  if (c.has('vix.close'))
    items.push(
      `**The VIX, ${c.f('vix.close')}.** A jump would turn a crypto-specific sell-off into a broad risk-off move.`,
    );
  if (c.has('div.corr30'))
    items.push(
      `**BTC–S&P 500 correlation, ${c.f('div.corr30', { signed: (i.divergence?.correlation30 ?? 0) < 0 })} over ${c.f('div.window')} days.** A return to co-movement would mean crypto-specific selling has run its course.`,
    );
  if (c.has('risk.maxLev99'))
    items.push(
      `**Leverage above ${c.f('risk.maxLev99')}.** Positions beyond it do not survive a historically bad day.`,
    );
  return items;
}

export function monitorSection(c: WriteContext): Section | undefined {
  const items = monitorItems(c);
  if (items.length === 0) return undefined;
  return {
    id: 'monitor',
    heading: 'What to monitor',
    blocks: [
      paragraph(
        c.pick('mon.open', [
          'The list below gives each factor’s current value and the threshold that would change the picture.',
          'Each factor below comes with where it stands now and the threshold that would matter.',
        ]),
      ),
      { kind: 'list', items },
    ],
    salience: 0,
  };
}

export function missingSection(c: WriteContext): Section | undefined {
  const missing = c.inputs.missing;
  if (missing.length === 0) return undefined;
  return {
    id: 'missing',
    heading: 'What the data does not cover',
    blocks: [
      paragraph(
        `This brief is written only from stored data, and some inputs were not available for this date: ${listOf([...missing])}. The sections that depend on them are shortened or left out rather than filled with guesses.`,
      ),
    ],
    salience: 0,
  };
}

export function conclusionSection(c: WriteContext): Section {
  const p = c.inputs.price;
  const parts: string[] = [];
  if (p !== undefined) {
    const change = p.close / p.open - 1;
    parts.push(
      `Bitcoin ended the day ${verb(change, 'down', 'up', 'flat')} ${c.f('price.change')} at ${c.f('price.close')}${c.has('level.price') ? `, ${p.close < (c.inputs.level?.priceUsd ?? 0) ? 'below' : 'above'} the ${c.f('level.price')} level` : ''}.`,
    );
  }
  const r = c.inputs.realized;
  if (r !== undefined && c.has('liq.total')) {
    const heavy = r.totalUsd >= 5e8 && (p?.low ?? 0) / (p?.open ?? 1) - 1 < -0.03;
    const share = (r.longUsd ?? 0) / r.totalUsd;
    const oneSided = c.has('liq.longShare') && (share >= 0.7 || share <= 0.3);
    parts.push(
      heavy
        ? `Forced selling of ${c.f('liq.total')} did much of the work${oneSided ? (share >= 0.7 ? `, and with ${c.f('liq.longShare')} of it on the long side the positioning was clearly one-sided` : `, and with ${c.f('liq.shortShare')} of it hitting shorts the squeeze was clearly one-sided`) : ''}.`
        : `Liquidations of ${c.f('liq.total')} were a side note rather than the driver${oneSided ? (share >= 0.7 ? `, though ${c.f('liq.longShare')} of them hit longs` : `, though ${c.f('liq.shortShare')} of them hit shorts`) : ''}.`,
    );
  }
  if (c.has('fw.cut'))
    parts.push(`Outside crypto the mood was set by the Fed, with cut odds at ${c.f('fw.cut')}.`);
  const level = c.inputs.level;
  const brokeSupport =
    level?.side === 'support' && level.closeThroughAtMs !== undefined && !level.reclaimed;
  parts.push(
    brokeSupport
      ? c.pick('end', [
          'The cleanest signal for the days ahead is whether leverage rebuilds before the level is reclaimed; the monitor list above gives the thresholds.',
          'Until the broken level is won back, rallies meet supply from trapped longs; the thresholds above say when that changes.',
        ])
      : 'The thresholds in the monitor list above say what would change the picture; until one of them is crossed, this day is the baseline to judge the next ones against.',
  );
  return {
    id: 'conclusion',
    heading: 'Conclusion',
    blocks: [paragraph(parts.join(' '))],
    salience: 0,
  };
}

export function ledeSection(c: WriteContext): Section {
  const i = c.inputs;
  const p = i.price;
  const parts: string[] = [];
  if (p !== undefined) {
    const broke =
      c.has('level.price') && i.level?.closeThroughAtMs !== undefined && !i.level.reclaimed;
    const deep = p.low / p.open - 1 < -0.03;
    parts.push(
      deep
        ? `Bitcoin ${broke ? `broke through ${c.f('level.price')} and ` : ''}dropped as much as ${c.f('price.drawdown')} on ${c.f('day')}, to ${c.f('price.low')}, before closing ${verb(p.close - p.open, 'down', 'up', 'flat')} ${c.f('price.change')} at ${c.f('price.close')}.`
        : `Bitcoin ${verb(p.close - p.open, 'fell', 'rose')} ${c.f('price.change')} on ${c.f('day')}${broke ? ` and broke ${c.f('level.price')}` : ''}, trading between ${c.f('price.low')} and ${c.f('price.high')}.`,
    );
  }
  if (c.has('liq.total'))
    parts.push(
      `Liquidations reached ${c.f('liq.total')}${c.has('liq.longShare') ? `, ${c.f('liq.longShare')} of it from longs` : ''}.`,
    );
  const spx = i.macro?.indices[0];
  if (spx !== undefined) {
    const key = spx.name.replace(/[^A-Za-z]/g, '').toLowerCase();
    const split = p !== undefined && Math.sign(spx.change) !== Math.sign(p.close - p.open);
    parts.push(
      `${split ? 'Meanwhile' : 'At the same time'} the ${spx.name} ${verb(spx.change, 'fell', 'rose')} ${c.f(`idx.${key}.change`)}${c.has('fw.cut') ? ` as the odds of a Fed cut stood at ${c.f('fw.cut')}` : ''}.`,
    );
  }
  parts.push(
    'This brief is written from Cascade’s stored data; every number in it is rendered from its facts table, with the source of each, and estimates are labelled as such.',
  );
  return { id: 'lede', heading: '', blocks: [paragraph(parts.join(' '))], salience: 0 };
}
