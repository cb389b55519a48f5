import { paragraph, reserve, type Block, type Section } from '../article.js';
import { listOf, verb, type WriteContext } from '../context.js';

function indexKey(name: string): string {
  return name.replace(/[^A-Za-z]/g, '').toLowerCase();
}

function indicesParagraph(c: WriteContext): Block | undefined {
  const m = c.inputs.macro;
  if (m === undefined || m.indices.length === 0) return undefined;
  const [lead, ...rest] = m.indices;
  if (lead === undefined) return undefined;
  const k = indexKey(lead.name);
  const sameDay = m.tradingDate === c.inputs.date;
  const when = sameDay
    ? `On ${c.f('macro.date', { dateStyle: 'short' })}`
    : `In the last session before it (${c.f('macro.date', { dateStyle: 'short' })})`;
  const parts = [
    `${when}, US stocks ${lead.change >= 0 ? 'gained' : 'lost ground'}: the ${lead.name} ${verb(lead.change, 'fell', 'rose')} ${c.f(`idx.${k}.change`)} to ${c.f(`idx.${k}.close`)}.`,
  ];
  if (rest.length > 0) {
    const phrases = rest.map(
      (i) =>
        `the ${i.name} ${verb(i.change, 'fell', 'rose', 'was flat')} ${c.f(`idx.${indexKey(i.name)}.change`)}`,
    );
    parts.push(`${c.pick('macro.rest', ['Elsewhere,', 'Alongside it,'])} ${listOf(phrases)}.`);
  }
  if (m.vix !== undefined) {
    parts.push(
      `The VIX volatility index ${verb(m.vix.changePoints, 'eased', 'climbed', 'held')} ${c.f('vix.change')} points to ${c.f('vix.close')}, ${m.vix.close < 20 ? 'a level that does not signal stress in equities' : 'a level consistent with nervous equity markets'}.`,
    );
  }
  return paragraph(parts.join(' '));
}

function ratesParagraph(c: WriteContext): Block | undefined {
  const m = c.inputs.macro;
  if (m?.twoYear === undefined) return undefined;
  const parts = [
    `The 2-year Treasury yield, the maturity most sensitive to the Fed, ${verb(m.twoYear.change1dBp, 'fell', 'rose', 'was unchanged at')} ${m.twoYear.change1dBp === 0 ? '' : `${c.f('y2.change')} to `}${c.f('y2.yield')}.`,
  ];
  if (c.has('effr', 'range.low', 'range.high')) {
    parts.push(
      `The effective fed funds rate stood at ${c.f('effr')}, inside a target range of ${c.f('range.low')} to ${c.f('range.high')}.`,
    );
  }
  return paragraph(parts.join(' '));
}

function fedwatchParagraph(c: WriteContext): Block | undefined {
  const f = c.inputs.fedwatch;
  if (f === undefined) return undefined;
  if (f.kind === 'proxy' || !c.has('fw.cut')) {
    return paragraph(
      'No fed funds futures are stored for this date and no published FedWatch reading covers it, so the brief does not quote a cut probability. The 2-year Treasury yield serves as the labelled proxy instead: falling short-term yields mean the market is pricing more or sooner cuts.',
    );
  }
  const meeting = c.has('fw.meeting')
    ? ` at the ${c.f('fw.meeting', { dateStyle: 'short' })} meeting`
    : '';
  const origin =
    f.kind === 'futures'
      ? 'computed from stored fed funds futures settles with CME’s FedWatch method'
      : `as published by news reports quoting CME FedWatch (the median of the readings reported that day; the chart shows all ${c.f('fw.readings')} stored ${f.readings.length === 1 ? 'reading' : 'readings'} of the week)`;
  const parts = [`The probability of a rate cut${meeting} was ${c.f('fw.cut')}, ${origin}.`];
  if (c.has('fw.prevCut', 'fw.prevDate', 'fw.shift')) {
    const shift = (f.cutProbability ?? 0) - (f.previousCutProbability ?? 0);
    parts.push(
      Math.abs(shift) >= 0.1
        ? `It had been ${c.f('fw.prevCut')} on ${c.f('fw.prevDate', { dateStyle: 'short' })}: the Fed outlook ${shift > 0 ? 'turned more dovish' : 'turned more hawkish'} within days.`
        : `It was ${c.f('fw.prevCut')} on ${c.f('fw.prevDate', { dateStyle: 'short' })}, so expectations barely moved.`,
    );
  }
  return paragraph(parts.join(' '));
}

export function macroSection(c: WriteContext): Section | undefined {
  const blocks = [indicesParagraph(c), fedwatchParagraph(c), ratesParagraph(c)].filter(
    (b): b is Block => b !== undefined,
  );
  if (blocks.length === 0) return undefined;
  blocks.push(
    reserve(
      'Rate expectations reach crypto through two channels. Lower expected policy rates cheapen leverage and support risk assets in general, which is why Bitcoin usually trades with growth stocks. But crypto also has its own plumbing: funding rates, collateral and liquidation engines. When the crypto-specific channel dominates, a supportive macro day can coincide with a sell-off, and the gap tends to close once forced selling is exhausted.',
      2,
    ),
    reserve(
      'FedWatch probabilities come from fed funds futures, which settle on the average effective rate of their month. Comparing the futures price with the current rate gives the expected change around each meeting, and the CME method turns that expectation into probabilities of each target range. Published readings move quickly after Fed speeches and data releases, so the trend over several days says more than any single reading.',
      5,
    ),
  );
  if (c.inputs.fedwatch !== undefined && c.inputs.fedwatch.readings.length > 0) {
    blocks.push({
      kind: 'chart',
      chart: 'fedwatch',
      caption: 'Cut probability for the next FOMC meeting by reading date.',
    });
  }
  const spx = c.inputs.macro?.indices[0]?.change ?? 0;
  const shift = Math.abs(
    (c.inputs.fedwatch?.cutProbability ?? 0) - (c.inputs.fedwatch?.previousCutProbability ?? 0),
  );
  return {
    id: 'macro',
    heading: c.pick('macro.h', ['Equities and the Fed outlook', 'Stocks, rates and the Fed']),
    blocks,
    salience: Math.abs(spx) * 60 + shift * 3,
  };
}
