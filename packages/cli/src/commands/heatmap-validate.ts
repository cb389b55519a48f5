/** `cascade heatmap --validate`: the walk-forward evaluation of the liquidation forecast. */
import {
  MODEL_NAMES,
  SIDES,
  walkForward,
  type LeverageRatios,
  type LiquidationModel,
  type WalkForwardReport,
} from '@cascade/analytics';
import type { CoinglassSeries } from '@cascade/services';
import { SingleBar } from 'cli-progress';
import type { CliIo } from '../io.js';
import { renderTable } from '../table.js';
import { reliabilitySvg } from './reliability-svg.js';

const DAY_MS = 86_400_000;

export interface ValidateArgs {
  readonly split: number;
  readonly refitEveryDays: number;
  readonly json: boolean;
  /** Where to write the reliability chart (SVG), if anywhere. */
  readonly chart: string | null;
  readonly options: { readonly bucketSize: number };
  readonly ratios: LeverageRatios;
  readonly margin: LiquidationModel['margin'];
}

/** Fold origins: from the split, every `days`, while test bars remain. */
export function foldOrigins(ts: Float64Array, split: number, days: number): number[] {
  const last = ts[ts.length - 1] ?? split;
  const origins: number[] = [];
  for (let t = split; t <= last; t += days * DAY_MS) origins.push(t);
  return origins;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const f3 = (v: number) => v.toFixed(3);

export function validationReport(
  s: CoinglassSeries,
  a: ValidateArgs,
  io: CliIo,
): { text: string; chartSvg: string | null } {
  const origins = foldOrigins(s.candles.ts, a.split, a.refitEveryDays);
  if (origins.length === 0)
    return { text: 'heatmap --validate: no bars after --split\n', chartSvg: null };
  const bar = process.stderr.isTTY
    ? new SingleBar({ format: 'walk-forward [{bar}] {value}/{total} folds', hideCursor: true })
    : undefined;
  if (bar === undefined) io.stderr(`heatmap: fitting ${origins.length} walk-forward folds…\n`);
  bar?.start(origins.length, 0);
  const report = walkForward(s, {
    origins,
    ratios: a.ratios,
    bucketSize: a.options.bucketSize,
    margin: a.margin,
    onFold: (done) => bar?.update(done),
  });
  bar?.stop();
  const chartSvg = a.chart === null ? null : reliabilitySvg(report);
  if (a.json) return { text: `${JSON.stringify(report, null, 2)}\n`, chartSvg };
  return { text: renderText(report), chartSvg };
}

function renderText(r: WalkForwardReport): string {
  const rows: string[][] = [];
  for (const m of MODEL_NAMES) {
    for (const side of SIDES) {
      const c = r.scores[m][side];
      rows.push([
        m,
        side,
        `${f3(c.spearman)} [${f3(c.spearmanInterval.low)}, ${f3(c.spearmanInterval.high)}]`,
        f3(c.logPearson),
        f3(c.topDecileHitRate),
        f3(c.totalRatio),
        (c.pinball / 1e6).toFixed(3),
      ]);
    }
  }
  const gains = SIDES.map((side) => {
    const g = r.spearmanGainOverRange[side];
    const p = r.pinballRatioToRange[side];
    return [
      side,
      `${g.value >= 0 ? '+' : ''}${f3(g.value)} [${f3(g.low)}, ${f3(g.high)}]`,
      `${f3(p.value)} [${f3(p.low)}, ${f3(p.high)}]`,
    ];
  });
  const first = r.folds[0];
  const lastFold = r.folds[r.folds.length - 1];
  const reliability = r.reliability.map((b, i) => [
    String(i + 1),
    (b.meanForecastUsd / 1e6).toFixed(2),
    (b.meanRealizedUsd / 1e6).toFixed(2),
    String(b.bars),
  ]);
  return [
    `Walk-forward: ${r.folds.length} folds from ${day(first?.originMs ?? 0)} to ${day((lastFold?.endMs ?? 1) - 1)}, each fitted on every bar before its origin (first fold: ${first?.trainBars ?? 0} training bars); ${r.testBars} test bars pooled.`,
    `95% intervals: moving-block bootstrap (${r.bootstrap.replicates} replicates, ${r.bootstrap.blockBars}-bar blocks, seed ${r.bootstrap.seed}). Pinball: mean over quantiles 0.05/0.25/0.5/0.75/0.95, $M.`,
    renderTable(
      [
        'model',
        'side',
        'spearman [95% CI]',
        'log pearson',
        'top-decile hit',
        'Σest/Σreal',
        'pinball $M',
      ],
      rows,
    ),
    '',
    'Forecast against the range × OI baseline (same bars):',
    renderTable(['side', 'Δ spearman [95% CI]', 'pinball ratio [95% CI]'], gains),
    '',
    'Reliability of the total forecast (deciles of the pooled test forecasts, $M per bar):',
    renderTable(['decile', 'mean forecast', 'mean realized', 'bars'], reliability),
    '',
  ].join('\n');
}
