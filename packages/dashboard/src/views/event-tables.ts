/** The event view's tables: contagion, historical ranking, FedWatch. */
import { h, message, table } from '../dom.js';
import { pct, share, usd } from '../format.js';
import type { ContagionReport, FedWatchReport, HistoryReport } from '../types.js';

export function contagionTable(report: ContagionReport): HTMLElement {
  const rows = report.alts.map((alt) => [
    alt.symbol,
    pct(alt.usdReturn),
    pct(alt.drawdown),
    alt.beta === null ? '–' : alt.beta.toFixed(2),
    pct(alt.expectedFromBeta),
  ]);
  const summary = h('p', {
    class: 'lede',
    text:
      `Breadth ${share(report.breadth, 0)} of alts fell more than BTC; median alt ${pct(report.medianAltReturn)}` +
      (report.comparison === null
        ? '.'
        : `; rank ${report.comparison.rankByMedianAltReturn} of ${report.comparison.of} catalogued events by median alt return.`),
  });
  return h('div', {}, [
    summary,
    table(['Alt', 'Return', 'Drawdown', 'β (90d)', 'β-expected'], rows),
  ]);
}

/** Catalogued events ranked by BTC drawdown, the selected day highlighted. */
export function historyTable(report: HistoryReport): HTMLElement {
  const events = [...report.events];
  if (!report.catalogEvent) events.push({ ...report.day, window: 'selected day' });
  events.sort((a, b) => (a.btcDrawdown ?? 0) - (b.btcDrawdown ?? 0));
  const rows = events.map((event, rank) => [
    rank + 1,
    event.date,
    pct(event.btcDrawdown),
    pct(event.altMedianDrawdown),
    pct(event.spxReturn),
    usd(event.liquidatedUsd),
  ]);
  const similar = report.mostSimilar.map((entry) => entry.date).join(', ');
  return h('div', {}, [
    h('p', {
      class: 'lede',
      text:
        `BTC intraday drawdown ${pct(report.day.btcDrawdown)}: deeper than ${share(report.btcDrawdownPercentileAllDays)} of ` +
        `${report.allDaysCount.toLocaleString('en-US')} days. Most similar: ${similar || '–'}.`,
    }),
    table(['#', 'Date', 'BTC drawdown', 'Alt median', 'S&P 500', 'Liquidated'], rows, (index) =>
      events[index]?.date === report.date ? 'highlight' : undefined,
    ),
  ]);
}

function probabilityBars(probabilities: Readonly<Record<string, number>>): HTMLElement {
  const entries = Object.entries(probabilities).sort(([a], [b]) => a.localeCompare(b));
  return h(
    'div',
    { class: 'bars' },
    entries.map(([range, probability]) => {
      const fill = h('span', { class: 'bar-fill' });
      fill.style.width = `${Math.max(0, Math.min(1, probability)) * 100}%`;
      return h('div', { class: 'bar-row' }, [
        h('span', { class: 'bar-label', text: `${range} bp` }),
        h('span', { class: 'bar-track' }, [fill]),
        h('span', { class: 'bar-value', text: share(probability) }),
      ]);
    }),
  );
}

export function fedWatchBody(report: FedWatchReport): HTMLElement {
  const parts: HTMLElement[] = [];
  for (const meeting of report.meetings.slice(0, 3)) {
    parts.push(
      h('h3', { text: `Meeting ${meeting.meetingDate}` }),
      probabilityBars(meeting.probabilities),
    );
  }
  if (report.meetings.length === 0 && report.proxy !== null) {
    parts.push(message('info', report.proxy.label));
  }
  const latest = [...report.published].filter((reading) => reading.asOfDate <= report.asOf).at(-1);
  if (latest !== undefined) {
    parts.push(
      h('h3', {
        text: `Published CME FedWatch, ${latest.asOfDate} → meeting ${latest.meetingDate}`,
      }),
      probabilityBars(latest.probabilities),
      h('p', { class: 'note' }, [
        h('a', {
          text: 'source',
          attrs: { href: latest.source, rel: 'noopener', target: '_blank' },
        }),
      ]),
    );
  }
  if (parts.length === 0)
    parts.push(message('info', 'No fed funds futures or published readings stored for this date.'));
  return h('div', {}, parts);
}
