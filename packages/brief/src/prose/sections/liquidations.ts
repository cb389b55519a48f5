import { paragraph, reserve, type Block, type Section } from '../article.js';
import { article, type WriteContext } from '../context.js';

function explainer(c: WriteContext): Block {
  return paragraph(
    c.pick('liq.explain', [
      'A liquidation is the forced close of a leveraged position whose margin no longer covers the maintenance requirement. The exchange sells a long (or buys back a short) at market, so every liquidation adds pressure in the direction that caused it. When positions are stacked close together, that pressure reaches the next band of liquidation prices and the process feeds on itself: that loop is what traders call a cascade.',
      'Liquidations work the same way on every derivatives venue: once a leveraged position’s margin falls to the maintenance level, the risk engine takes it over and closes it at market. A forced sale pushes price lower, which brings the next long positions to their own liquidation prices. Dense layers of such prices below the market are what turn an ordinary sell-off into a cascade.',
    ]),
    1,
  );
}

function scaleParagraph(c: WriteContext): Block | undefined {
  const r = c.inputs.realized;
  if (r === undefined) return undefined;
  const parts: string[] = [];
  if (r.kind === 'reported') {
    parts.push(
      c.pick('liq.rep', [
        `Realized liquidations were large: ${c.f('liq.total')} across ${r.scope}, as reported for the day.`,
        `By the reported count (${r.scope}), ${c.f('liq.total')} of leveraged positions were closed by force over the day.`,
      ]),
    );
  } else {
    parts.push(
      `The hourly liquidation buckets in the store (${r.scope}) add up to ${c.f('liq.total')} over the ${c.f('liq.hours')} stored hours of the day.`,
    );
  }
  if (c.has('liq.long', 'liq.short', 'liq.longShare')) {
    const longShare = (r.longUsd ?? 0) / r.totalUsd;
    const longHeavy = longShare >= 0.5;
    parts.push(
      longShare >= 0.65
        ? `Longs took the brunt: ${c.f('liq.long')}, or ${c.f('liq.longShare')} of the total, against ${c.f('liq.short')} of shorts.`
        : longShare <= 0.35
          ? `Shorts took most of the damage: ${c.f('liq.short')}, or ${c.f('liq.shortShare')} of the total, against ${c.f('liq.long')} of longs.`
          : `The split was close to even: ${c.f('liq.long')} of longs (${c.f('liq.longShare')}) against ${c.f('liq.short')} of shorts, the signature of two-way volatility rather than a one-sided flush.`,
    );
    if (c.has('liq.ratio') && longHeavy && longShare >= 0.65)
      parts.push(`That is ${c.f('liq.ratio')} as much long notional as short.`);
  }
  if (r.kind === 'store' && c.has('liq.reported')) {
    parts.push(
      `For comparison, the all-coin total reported for the day across the derivatives market was ${c.f('liq.reported')}.`,
    );
  }
  if (c.has('liq.traders'))
    parts.push(`In all, ${c.f('liq.traders')} trader accounts were liquidated.`);
  if (c.has('liq.peakAt', 'liq.peakUsd')) {
    parts.push(
      `The busiest hour began at ${c.f('liq.peakAt')} and alone accounted for ${c.f('liq.peakUsd')}.`,
    );
  }
  return paragraph(parts.join(' '));
}

function estimateParagraph(c: WriteContext): Block | undefined {
  const e = c.inputs.estimated;
  if (e === undefined) return undefined;
  const parts = [
    `What is still at risk cannot be observed directly, so the brief labels it an estimate. ${e.source.startsWith('simulator') ? 'The position book of the calibrated cascade scenario' : 'The open-interest heatmap model'} places about ${c.f('est.longBelow')} of long positions with liquidation prices within ${c.f('est.band')} below the close, and ${c.f('est.shortAbove')} of shorts within the same distance above it.`,
  ];
  if (c.has('est.cluster0.price', 'est.cluster0.usd')) {
    parts.push(
      `The densest estimated cluster sits near ${c.f('est.cluster0.price')}, with roughly ${c.f('est.cluster0.usd')} of notional.`,
    );
  }
  if (c.has('est.cluster1.price', 'est.cluster1.usd')) {
    parts.push(`A second one lies near ${c.f('est.cluster1.price')} (${c.f('est.cluster1.usd')}).`);
  }
  return paragraph(parts.join(' '));
}

export function liquidationsSection(c: WriteContext): Section | undefined {
  const scale = scaleParagraph(c);
  const estimate = estimateParagraph(c);
  if (scale === undefined && estimate === undefined) return undefined;
  const blocks: Block[] = [explainer(c)];
  if (scale !== undefined) blocks.push(scale);
  else
    blocks.push(
      paragraph(
        'No realized liquidation totals are stored for this day, so the figures below are estimates only.',
      ),
    );
  blocks.push(
    paragraph(
      'The stored data does not split the total by venue. Exchange feeds also under-report: Binance’s public stream sends at most one liquidation per symbol per second, so any venue breakdown built from it is a lower bound.',
      2,
    ),
  );
  if (estimate !== undefined) blocks.push(estimate);
  blocks.push(
    reserve(
      'Why does the long/short split matter? A market where most forced closes hit longs is one where leverage was built on the way up and unwound on the way down; the selling is mechanical and tends to overshoot. A balanced split points to two-way volatility rather than a one-sided flush. Realized figures also understate the total: not every venue publishes its liquidations, and some publish only a sample.',
      3,
    ),
  );
  if (c.inputs.realized !== undefined) {
    blocks.push({
      kind: 'chart',
      chart: 'liquidations',
      caption: 'Realized liquidations, long versus short.',
    });
  }
  const total = Math.max(
    c.inputs.realized?.totalUsd ?? 0,
    c.inputs.realized?.reportedTotalUsd ?? 0,
  );
  return {
    id: 'liquidations',
    heading:
      total >= 3e8
        ? c.pick('liq.h', [
            'Liquidations: how they work and how large they were',
            'The liquidation wave in numbers',
          ])
        : 'Liquidations',
    blocks,
    salience: total > 0 ? Math.log10(total / 1e8) + 0.5 : 0.3,
  };
}

export function cascadeSection(c: WriteContext): Section | undefined {
  const s = c.inputs.cascade;
  if (s === undefined) return undefined;
  const parts = [
    c.pick('sim.open', [
      `To see how much of the move the liquidations themselves could explain, Cascade replays the day through its simulator: a calibrated position book (the ${s.scenario} scenario) is pushed through order-book depth that thins as prices fall, and every liquidation is executed against that book.`,
      `How much of the drop was self-inflicted? The cascade simulator answers with a calibrated position book for the day (scenario ${s.scenario}) and an order book whose depth withdraws under stress; each forced sale walks the book and can trigger the next.`,
    ]),
    `Across ${c.f('sim.scenarios')} seeded runs, the median cascade liquidated ${c.f('sim.liqP50')} and carried price from ${c.f('sim.start')} down to ${c.f('sim.lowP50')}, ${article(c.f('sim.dropP50'))} ${c.f('sim.dropP50')} fall.`,
    `In the worst ${c.f('sim.tail')} of runs more than ${c.f('sim.liqP95')} was liquidated and the low reached ${c.f('sim.lowP05')}.`,
  ];
  if (c.has('sim.shock', 'sim.amplification')) {
    parts.push(
      `The runs start from a market sell of ${c.f('sim.shock')}; liquidations multiplied it ${c.f('sim.amplification')}, which is the amplification a thin book gives a crowded long side.`,
    );
  }
  const blocks: Block[] = [paragraph(parts.join(' '))];
  if (c.has('liq.total')) {
    const above = s.liquidatedP50Usd > (c.inputs.realized?.totalUsd ?? 0);
    blocks.push(
      paragraph(
        `The simulation is a model, not a measurement. Its median of ${c.f('sim.liqP50')} is ${above ? 'above' : 'below'} the realized ${c.f('liq.total')}; ${above ? 'the difference is a reminder that reported totals are lower bounds and that simulated books hold every position at once, while real traders add margin or cut exposure before their liquidation price' : 'the reported total also covers coins and venues the scenario does not model, and real markets had spot selling and hedging flows that no position book captures'}.`,
        3,
      ),
    );
  }
  return {
    id: 'cascade',
    heading: c.pick('sim.h', [
      'The cascade: simulated amplification and liquidation-at-risk',
      'Inside the cascade',
    ]),
    blocks,
    salience: 0,
  };
}
