import type { BriefInputs, MacroInput, RiskInput } from '../inputs.js';
import { FactBook } from './fact.js';

/** Steps (stated rounding) used across the brief. */
const CENT = 0.01;
const PCT2 = 0.01;
const PCT1 = 0.1;

function priceFacts(book: FactBook, inputs: BriefInputs): void {
  const p = inputs.price;
  if (p === undefined) return;
  const src = p.source;
  book.num('price.open', p.open, 'USD', CENT, `${src}: open of the UTC day`);
  book.num('price.high', p.high, 'USD', CENT, `${src}: high of the UTC day`);
  book.num('price.low', p.low, 'USD', CENT, `${src}: low of the UTC day`);
  book.num('price.close', p.close, 'USD', CENT, `${src}: close of the UTC day`);
  book.num('price.change', p.close / p.open - 1, 'fraction', PCT2, 'computed: close / open − 1');
  book.num('price.drawdown', p.low / p.open - 1, 'fraction', PCT2, 'computed: low / open − 1');
  book.num('price.range', p.high / p.low - 1, 'fraction', PCT1, 'computed: high / low − 1');
  if (p.previousClose !== undefined) {
    book.num('price.prevClose', p.previousClose, 'USD', CENT, `${src}: previous day's close`);
  }
  if (p.lowAtMs !== undefined) book.datetime('price.lowAt', p.lowAtMs, `${src}: hour of the low`);
  if (p.typicalAbsReturn !== undefined && p.typicalAbsReturn > 0) {
    book.num('price.typicalDays', 30, 'count', 1, 'window of the typical move (days)');
    book.num(
      'price.typical',
      p.typicalAbsReturn,
      'fraction',
      PCT1,
      `${src}: mean |close-to-close| return, 30 days before`,
    );
    const multiple = Math.abs(p.close / p.open - 1) / p.typicalAbsReturn;
    book.num('price.multiple', multiple, 'x', PCT1, 'computed: |day change| / typical move');
  }
}

function levelFacts(book: FactBook, inputs: BriefInputs): void {
  const l = inputs.level;
  if (l === undefined) return;
  book.num('level.price', l.priceUsd, 'USD', 1, `${l.source}: level price`);
  book.num('level.strength', l.strength, 'ratio', CENT, `${l.source}: strength in [0, 1]`);
  if (l.pierceAtMs !== undefined)
    book.datetime('level.pierceAt', l.pierceAtMs, `${l.source}: first bar through the zone`);
  if (l.closeThroughAtMs !== undefined)
    book.datetime('level.closeAt', l.closeThroughAtMs, `${l.source}: first close through`);
  if (l.retestAtMs !== undefined)
    book.datetime('level.retestAt', l.retestAtMs, `${l.source}: retest`);
  if (l.nextPriceUsd !== undefined)
    book.num('level.next', l.nextPriceUsd, 'USD', 1, `${l.source}: next level`);
  const close = inputs.price?.close;
  if (close !== undefined)
    book.num('level.gap', close / l.priceUsd - 1, 'fraction', PCT2, 'computed: close / level − 1');
}

function liquidationFacts(book: FactBook, inputs: BriefInputs): void {
  const r = inputs.realized;
  if (r !== undefined) {
    book.num('liq.total', r.totalUsd, 'USD', r.kind === 'reported' ? 1e6 : 1e5, r.source);
    book.num('liq.long', r.longUsd, 'USD', 1e5, `${r.source} (long side)`);
    book.num('liq.short', r.shortUsd, 'USD', 1e5, `${r.source} (short side)`);
    if (r.longUsd !== undefined && r.totalUsd > 0) {
      book.num('liq.longShare', r.longUsd / r.totalUsd, 'fraction', PCT1, 'computed: long / total');
      book.num(
        'liq.shortShare',
        1 - r.longUsd / r.totalUsd,
        'fraction',
        PCT1,
        'computed: 1 − long / total',
      );
    }
    if (r.longUsd !== undefined && r.shortUsd !== undefined && r.shortUsd > 0) {
      book.num('liq.ratio', r.longUsd / r.shortUsd, 'x', PCT1, 'computed: long / short');
    }
    book.num('liq.traders', r.traders, 'count', 1, `${r.source} (traders liquidated)`);
    book.num('liq.reported', r.reportedTotalUsd, 'USD', 1e6, r.reportedSource ?? 'event catalog');
    if (r.peakHour !== undefined) {
      book.datetime('liq.peakAt', r.peakHour.tsMs, `${r.source}: largest hour`);
      book.num(
        'liq.peakUsd',
        r.peakHour.longUsd + r.peakHour.shortUsd,
        'USD',
        1e5,
        `${r.source}: largest hour`,
      );
      book.num('liq.hours', r.buckets.length, 'count', 1, `${r.source}: hourly buckets`);
    }
  }
  const e = inputs.estimated;
  if (e === undefined) return;
  book.num(
    'est.longBelow',
    e.longBelowUsd,
    'USD',
    1e6,
    `${e.source}: long notional below the close`,
  );
  book.num(
    'est.shortAbove',
    e.shortAboveUsd,
    'USD',
    1e6,
    `${e.source}: short notional above the close`,
  );
  book.num('est.band', e.bandFraction, 'fraction', PCT1, `${e.source}: band around the close`);
  e.clusters.forEach((c, i) => {
    book.num(`est.cluster${i}.price`, c.priceUsd, 'USD', 1, `${e.source}: cluster price`);
    book.num(`est.cluster${i}.usd`, c.notionalUsd, 'USD', 1e6, `${e.source}: cluster notional`);
  });
}

function cascadeFacts(book: FactBook, inputs: BriefInputs): void {
  const c = inputs.cascade;
  if (c === undefined) return;
  const src = `${c.source} (${c.scenario})`;
  book.num('sim.tail', 0.05, 'fraction', 1, 'tail share reported (5th/95th percentiles)');
  book.num('sim.scenarios', c.scenarios, 'count', 1, `${src}: scenarios`);
  book.num('sim.start', c.startPriceUsd, 'USD', 1, `${src}: start price`);
  book.num('sim.liqP50', c.liquidatedP50Usd, 'USD', 1e6, `${src}: median liquidated`);
  book.num('sim.liqP95', c.liquidatedP95Usd, 'USD', 1e6, `${src}: 95th percentile liquidated`);
  book.num('sim.lowP50', c.lowP50Usd, 'USD', 1, `${src}: median low`);
  book.num('sim.lowP05', c.lowP05Usd, 'USD', 1, `${src}: 5th percentile low`);
  book.num(
    'sim.dropP50',
    c.lowP50Usd / c.startPriceUsd - 1,
    'fraction',
    PCT1,
    'computed: median low / start − 1',
  );
  if (c.shockUsd !== undefined && c.shockUsd > 0) {
    book.num('sim.shock', c.shockUsd, 'USD', 1e6, `${src}: initial market sell`);
    book.num(
      'sim.amplification',
      c.liquidatedP50Usd / c.shockUsd,
      'x',
      PCT1,
      'computed: median liquidated / initial sell',
    );
  }
}

function macroFacts(book: FactBook, m: MacroInput): void {
  book.date('macro.date', m.tradingDate, `${m.source}: trading day`);
  for (const index of m.indices) {
    const key = index.name.replace(/[^A-Za-z]/g, '').toLowerCase();
    book.num(`idx.${key}.close`, index.close, 'points', CENT, `${m.source}: ${index.name} close`);
    book.num(
      `idx.${key}.change`,
      index.change,
      'fraction',
      PCT2,
      `${m.source}: ${index.name} close / previous close − 1`,
    );
  }
  if (m.vix !== undefined) {
    book.num('vix.close', m.vix.close, 'points', CENT, `${m.source}: VIX close`);
    book.num('vix.change', m.vix.changePoints, 'points', CENT, `${m.source}: VIX change in points`);
  }
  if (m.twoYear !== undefined) {
    book.num('y2.yield', m.twoYear.yieldPct / 100, 'fraction', PCT2, `${m.source}: FRED DGS2`);
    book.num('y2.change', m.twoYear.change1dBp, 'bp', 1, `${m.source}: FRED DGS2 daily change`);
  }
  book.num(
    'effr',
    m.effrPct === undefined ? undefined : m.effrPct / 100,
    'fraction',
    PCT2,
    `${m.source}: FRED DFF`,
  );
  if (m.targetRange !== undefined) {
    const [low, high] = m.targetRange.split('-').map(Number);
    book.num(
      'range.low',
      low === undefined ? undefined : low / 10_000,
      'fraction',
      PCT2,
      `${m.source}: FRED DFEDTARL`,
    );
    book.num(
      'range.high',
      high === undefined ? undefined : high / 10_000,
      'fraction',
      PCT2,
      `${m.source}: FRED DFEDTARU`,
    );
  }
}

function fedwatchFacts(book: FactBook, inputs: BriefInputs): void {
  const f = inputs.fedwatch;
  if (f === undefined) return;
  if (f.meetingDate !== undefined) book.date('fw.meeting', f.meetingDate, f.source);
  book.num('fw.cut', f.cutProbability, 'fraction', 1, `${f.source}: cut probability`);
  book.num(
    'fw.prevCut',
    f.previousCutProbability,
    'fraction',
    1,
    `${f.source}: earlier cut probability`,
  );
  if (f.previousDate !== undefined) book.date('fw.prevDate', f.previousDate, f.source);
  if (f.cutProbability !== undefined && f.previousCutProbability !== undefined) {
    book.num(
      'fw.shift',
      f.cutProbability - f.previousCutProbability,
      'fraction',
      1,
      'computed: cut probability change',
    );
  }
  book.num('fw.readings', f.readings.length, 'count', 1, `${f.source}: readings`);
}

function divergenceFacts(book: FactBook, inputs: BriefInputs): void {
  const d = inputs.divergence;
  if (d !== undefined) {
    book.num(
      'div.corr30',
      d.correlation30,
      'ratio',
      CENT,
      `${d.source}: 30-day Pearson correlation`,
    );
    book.num(
      'div.beta30',
      d.beta30,
      'ratio',
      CENT,
      `${d.source}: 30-day beta of BTC on the S&P 500`,
    );
    book.num('div.btcZ', d.btcZ, 'ratio', PCT1, `${d.source}: BTC z-score vs 90 days`);
    book.num('div.eqZ', d.equityZ, 'ratio', PCT1, `${d.source}: S&P 500 z-score vs 90 days`);
    book.num('div.window', 30, 'count', 1, `${d.source}: correlation window (trading days)`);
  }
}

function historyFacts(book: FactBook, inputs: BriefInputs): void {
  const h = inputs.history;
  if (h !== undefined) {
    book.num('hist.events', h.eventCount, 'count', 1, `${h.source}: catalog events`);
    book.num(
      'hist.ddPct',
      h.drawdownPercentileVsEvents,
      'fraction',
      1,
      `${h.source}: share of events no worse (drawdown)`,
    );
    book.num(
      'hist.liqPct',
      h.liquidationPercentileVsEvents,
      'fraction',
      1,
      `${h.source}: share of events no larger (liquidations)`,
    );
    book.num(
      'hist.allPct',
      h.drawdownPercentileAllDays,
      'fraction',
      PCT1,
      `${h.source}: drawdown percentile, all days`,
    );
    book.num('hist.allDays', h.allDaysCount, 'count', 1, `${h.source}: days ranked`);
    book.date('hist.from', h.allDaysFrom, `${h.source}: first day ranked`);
    if (h.mostSimilar !== undefined) {
      book.date('hist.similar', h.mostSimilar.date, `${h.source}: most similar event`);
      book.num(
        'hist.similarDd',
        h.mostSimilar.btcDrawdown,
        'fraction',
        PCT1,
        `${h.source}: its BTC drawdown`,
      );
      book.num(
        'hist.similarLiq',
        h.mostSimilar.liquidatedUsd,
        'USD',
        1e6,
        `${h.source}: its liquidations (catalog)`,
      );
    }
    if (h.largest !== undefined) {
      book.date('hist.largest', h.largest.date, `${h.source}: largest catalog event`);
      book.num(
        'hist.largestLiq',
        h.largest.liquidatedUsd,
        'USD',
        1e6,
        `${h.source}: largest catalog liquidations`,
      );
    }
  }
}

function contagionFacts(book: FactBook, inputs: BriefInputs): void {
  const c = inputs.contagion;
  if (c !== undefined) {
    book.num('alt.count', c.alts.length, 'count', 1, `${c.source}: alts measured`);
    book.num(
      'alt.breadth',
      c.breadth,
      'fraction',
      1,
      `${c.source}: share of alts down more than BTC`,
    );
    book.num(
      'alt.fellMore',
      Math.round(c.breadth * c.alts.length),
      'count',
      1,
      `${c.source}: alts down more than BTC`,
    );
    book.num('alt.btc', c.btcChange, 'fraction', PCT2, `${c.source}: BTC close-to-close`);
    for (const alt of c.alts) {
      book.num(
        `alt.${alt.symbol}.change`,
        alt.change,
        'fraction',
        PCT1,
        `${c.source}: ${alt.symbol} return`,
      );
      book.num(
        `alt.${alt.symbol}.drawdown`,
        alt.drawdown,
        'fraction',
        PCT1,
        `${c.source}: ${alt.symbol} low / previous close − 1`,
      );
      book.num(
        `alt.${alt.symbol}.beta`,
        alt.beta,
        'ratio',
        CENT,
        `${c.source}: ${alt.symbol} beta to BTC`,
      );
    }
  }
}

function riskFacts(book: FactBook, r: RiskInput): void {
  book.num('risk.entry', r.entryPriceUsd, 'USD', 1, `${r.source}: entry = close`);
  for (const l of r.longs) {
    book.num(`risk.lev${l.leverage}`, l.leverage, 'x', 1, `${r.source}: leverage`);
    book.num(
      `risk.lev${l.leverage}.liq`,
      l.liquidationPriceUsd,
      'USD',
      1,
      `${r.source}: ${r.venue} long liquidation price`,
    );
    book.num(
      `risk.lev${l.leverage}.dist`,
      l.distance,
      'fraction',
      PCT2,
      'computed: liquidation price / entry − 1',
    );
  }
  book.num('risk.quantile', 99, 'count', 1, 'percentile of the historical move');
  book.num(
    'risk.move99',
    r.move99,
    'fraction',
    PCT1,
    `${r.source}: 99th percentile daily drawdown`,
  );
  book.num(
    'risk.maxLev99',
    r.maxLeverage99,
    'x',
    1,
    `${r.source}: highest leverage surviving that move`,
  );
  book.num('risk.funding', r.fundingPer8h, 'fraction', 0.0001, `${r.source}: funding per 8 h`);
  const s = r.sizing;
  if (s === undefined) return;
  book.num('size.account', s.accountUsd, 'USD', 1, 'example account');
  book.num('size.risk', s.riskFraction, 'fraction', PCT1, 'example risk per trade');
  book.num('size.riskUsd', s.accountUsd * s.riskFraction, 'USD', 1, 'computed: account × risk');
  book.num('size.stop', s.stopUsd, 'USD', 1, `${r.source}: stop below the next level`);
  book.num(
    'size.stopDist',
    s.stopUsd / r.entryPriceUsd - 1,
    'fraction',
    PCT2,
    'computed: stop / entry − 1',
  );
  book.num('size.position', s.positionUsd, 'USD', 1, 'computed: risk / stop distance');
  book.num(
    'size.leverage',
    s.positionUsd / s.accountUsd,
    'x',
    PCT1,
    'computed: position / account',
  );
}

/** The facts table of a brief. */
export function collectFacts(inputs: BriefInputs): FactBook {
  const book = new FactBook();
  book.date('day', inputs.date, 'requested date');
  priceFacts(book, inputs);
  levelFacts(book, inputs);
  liquidationFacts(book, inputs);
  cascadeFacts(book, inputs);
  if (inputs.macro !== undefined) macroFacts(book, inputs.macro);
  fedwatchFacts(book, inputs);
  divergenceFacts(book, inputs);
  historyFacts(book, inputs);
  contagionFacts(book, inputs);
  if (inputs.risk !== undefined) riskFacts(book, inputs.risk);
  return book;
}
