/** Runs every benchmark (or those named on the command line) and prints JSON lines. */
const BENCHES = {
  'margin-batch': () => import('./margin-batch.js'),
  'market-data': () => import('./market-data.js'),
  'rolling-correlation': () => import('./rolling-correlation.js'),
  heatmap: () => import('./heatmap.js'),
  'liquidation-model': () => import('./liquidation-model.js'),
  cascade: () => import('./cascade.js'),
  dashboard: () => import('./dashboard.js'),
  api: () => import('./api.js'),
  brief: () => import('./brief.js'),
  backtest: () => import('./backtest.js'),
};

const selected = process.argv.slice(2);
for (const [name, load] of Object.entries(BENCHES)) {
  if (selected.length > 0 && !selected.includes(name)) continue;
  const bench = await load();
  await bench.run();
}
