import { paragraph, reserve, type Block, type Section } from '../article.js';
import { listOf, plural, verb, type WriteContext } from '../context.js';

const FACTOR_WORDS: Readonly<Record<string, string>> = {
  liquidations: 'the size of the liquidations',
  'open interest': 'a drop in open interest',
  funding: 'a reset of funding rates',
  equities: 'the equity market',
  'rates (2-year yield)': 'a hawkish move in the 2-year yield',
  VIX: 'a jump in the VIX',
};

function factorWords(factor: string): string {
  return FACTOR_WORDS[factor] ?? factor;
}

export function divergenceSection(c: WriteContext): Section | undefined {
  const d = c.inputs.divergence;
  const p = c.inputs.price;
  if (d === undefined) return undefined;
  const spx = c.inputs.macro?.indices[0];
  const btcChange = p === undefined ? 0 : p.close / p.open - 1;
  const spxChange = spx?.change ?? 0;
  const oppositeSigns =
    p !== undefined && spx !== undefined && Math.sign(btcChange) !== Math.sign(spxChange);
  const opposite =
    oppositeSigns && (d.divergent || (Math.abs(btcChange) > 0.01 && Math.abs(spxChange) > 0.003));
  const parts: string[] = [];
  if (opposite) {
    parts.push(
      c.pick('div.open', [
        'The most striking feature of the day was the split between crypto and stocks.',
        'Bitcoin and the stock market went separate ways.',
      ]),
    );
  } else {
    parts.push(
      oppositeSigns
        ? 'Bitcoin and equities closed in opposite directions, but the moves were too small to call it a divergence.'
        : 'Bitcoin and equities moved in the same direction, so the day was not a divergence in the strict sense.',
    );
  }
  if (c.has('div.corr30', 'div.beta30')) {
    parts.push(
      `Over the previous ${c.f('div.window')} trading days the correlation of daily BTC and S&P 500 returns was ${c.f('div.corr30', { signed: d.correlation30 !== undefined && d.correlation30 < 0 })}, with a beta of ${c.f('div.beta30')}: ${d.correlation30 !== undefined && d.correlation30 > 0.4 ? (opposite ? 'normally the two trade together, which makes a day like this stand out' : 'normally the two trade together') : 'the link was loose to begin with'}.`,
    );
  }
  parts.push(
    `Against their own recent volatility, BTC’s daily move scored a z-score of ${c.f('div.btcZ', { signed: true })} and the S&P 500’s ${c.f('div.eqZ', { signed: true })}; the divergence model labels the day “${d.regime}”${d.divergent ? ' and counts it as a divergence day' : ''}.`,
  );
  const supported = d.evidence.filter((e) => e.supports);
  const unsupported = d.evidence.filter((e) => !e.supports && e.side === 'external');
  const small = Math.abs(d.btcZ) < 0.5;
  const attribution = small
    ? `With a move this small against its usual range, the attribution has little to explain${supported.length > 0 ? `; ${listOf(supported.map((e) => factorWords(e.factor)))} ${supported.length === 1 ? 'was' : 'were'} the only ${supported.length === 1 ? 'factor' : 'factors'} pointing anywhere` : ''}.`
    : d.verdict === 'internal'
      ? `The attribution points inward: ${listOf(supported.map((e) => factorWords(e.factor))) || 'crypto-specific factors'} ${supported.length === 1 ? 'explains' : 'explain'} the move, while ${listOf(unsupported.map((e) => factorWords(e.factor))) || 'the external factors'} did not.`
      : d.verdict === 'external'
        ? `The attribution points outward: ${listOf(supported.map((e) => factorWords(e.factor)))} carried the move.`
        : `The attribution is mixed: ${listOf(supported.map((e) => factorWords(e.factor))) || 'no single factor'} ${supported.length === 1 ? 'stands' : 'stand'} out, without a clear verdict.`;
  const blocks: Block[] = [
    paragraph(parts.join(' ')),
    paragraph(attribution),
    reserve(
      'A z-score measures a day’s return in units of the asset’s own recent volatility, so a large number means unusual for that market, not just large. The attribution then weighs evidence from inside crypto (liquidations, open interest, funding) against evidence from outside (stocks, the 2-year yield, the VIX); each factor either supports its side or does not, and missing data counts for neither.',
      4,
    ),
  ];
  blocks.push({
    kind: 'chart',
    chart: 'btc-vs-spx',
    caption: 'BTC and the S&P 500, daily closes normalised to the first day.',
  });
  return {
    id: 'divergence',
    heading: opposite
      ? c.pick('div.h', [
          'Why Bitcoin and stocks parted ways',
          'The divergence and its attribution',
        ])
      : 'Bitcoin and equities',
    blocks,
    salience: opposite ? 1.2 + Math.abs(d.equityZ) * 0.3 : 0.4,
  };
}

export function historySection(c: WriteContext): Section | undefined {
  const h = c.inputs.history;
  if (h === undefined) return undefined;
  const parts: string[] = [];
  if (c.has('hist.allPct', 'hist.allDays', 'hist.from')) {
    parts.push(
      `Measured by the drop from the open to the low, the day was worse than ${c.f('hist.allPct')} of the ${c.f('hist.allDays')} days since ${c.f('hist.from')}.`,
    );
  }
  if (c.has('hist.events', 'hist.ddPct')) {
    parts.push(
      `Among the ${c.f('hist.events')} major liquidation events in Cascade’s catalog ${(h.drawdownPercentileVsEvents ?? 0) < 0.05 ? `the day would be the mildest: ${c.f('hist.ddPct')} of them had a drawdown this small` : `it is ${(h.drawdownPercentileVsEvents ?? 0) < 0.5 ? 'a moderate one' : 'one of the harsher'}: ${c.f('hist.ddPct')} of them had a drawdown no worse`}${c.has('hist.liqPct') ? `, and ${c.f('hist.liqPct')} liquidated no more` : ''}.`,
    );
  }
  if (c.has('hist.largest', 'hist.largestLiq')) {
    parts.push(
      `The record remains ${c.f('hist.largest')}, when ${c.f('hist.largestLiq')} was liquidated.`,
    );
  }
  const blocks: Block[] = [];
  if (parts.length > 0) blocks.push(paragraph(parts.join(' ')));
  if (c.has('hist.similar')) {
    const sim = [
      `The most similar past event, by drawdown, altcoin damage, the equity move and liquidations together, is ${c.f('hist.similar')}`,
    ];
    const details: string[] = [];
    if (c.has('hist.similarDd')) details.push(`BTC fell ${c.f('hist.similarDd')} from open to low`);
    if (c.has('hist.similarLiq')) details.push(`${c.f('hist.similarLiq')} was liquidated`);
    blocks.push(
      paragraph(
        `${sim.join('')}${details.length > 0 ? `: ${listOf(details)}` : ''}. ${c.pick(
          'hist.lesson',
          [
            'Similar days are a reminder that forced selling tends to cluster: the sessions after such a flush are often volatile in both directions.',
            'Looking at similar days helps calibrate expectations, though no two cascades share the same positioning.',
          ],
        )}`,
      ),
    );
  }
  if (blocks.length === 0) return undefined;
  blocks.push(
    reserve(
      'The catalog behind this ranking lists the major liquidation days since the March crash of the pandemic era, each with its reported liquidation total, its window and its sources; prices for every day come from the stored daily bars. Similarity is measured on the BTC drawdown, the median altcoin drawdown, the S&P 500 move and the size of the liquidations, each standardised so that no single measure dominates.',
      6,
    ),
  );
  return {
    id: 'history',
    heading: c.pick('hist.h', ['Historical context', 'How the day ranks']),
    blocks,
    salience: (h.drawdownPercentileAllDays ?? 0.5) * 1.2,
  };
}

export function contagionSection(c: WriteContext): Section | undefined {
  const k = c.inputs.contagion;
  if (k === undefined || k.alts.length === 0) return undefined;
  const sorted = [...k.alts].sort((a, b) => a.drawdown - b.drawdown);
  const worst = sorted.slice(0, 3);
  const best = sorted.at(-1);
  const fellMore = Math.round(k.breadth * k.alts.length);
  const parts = [
    `Of the ${c.f('alt.count')} large altcoins tracked, ${c.f('alt.fellMore')} ${plural(fellMore, 'was', 'were')} hit harder than Bitcoin, which ${verb(k.btcChange, 'lost', 'gained')} ${c.f('alt.btc')} close to close.`,
    `Measured from the previous close to the intraday low, the deepest drops were in ${listOf(worst.map((a) => `${a.symbol} (${c.f(`alt.${a.symbol}.drawdown`)})`))}.`,
  ];
  if (best !== undefined) {
    parts.push(
      `${best.symbol} held up best, ${verb(best.change, 'down', 'up', 'flat')} ${c.f(`alt.${best.symbol}.change`)} on the day.`,
    );
  }
  const withBeta = worst.filter((a) => a.beta !== undefined && c.has(`alt.${a.symbol}.beta`));
  if (withBeta.length > 0) {
    parts.push(
      `Their betas to BTC over the prior quarter (${listOf(withBeta.map((a) => `${a.symbol} ${c.f(`alt.${a.symbol}.beta`)}`))}) explain part of it: high-beta coins amplify whatever Bitcoin does, and their thinner order books make forced selling more costly.`,
    );
  }
  return {
    id: 'contagion',
    heading: c.pick('alt.h', ['Altcoin contagion', 'How the selling spread to altcoins']),
    blocks: [
      paragraph(parts.join(' ')),
      reserve(
        'Altcoins usually fall harder than Bitcoin in a deleveraging because their order books are thinner and their holders use more leverage relative to liquidity. The split between each coin’s own move against BTC and BTC’s move in dollars shows whether an altcoin merely followed Bitcoin or also lost ground against it.',
        7,
      ),
    ],
    salience: k.breadth + 0.2,
  };
}
