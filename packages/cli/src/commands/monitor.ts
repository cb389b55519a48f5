import {
  AlertOutbox,
  alertDispatcher,
  alertJsonLine,
  ccxtHistorySource,
  ConfigError,
  discordSink,
  loadMonitorConfig,
  replayFeed,
  replayThrough,
  runDeliveryLoop,
  runLiveSources,
  telegramSink,
  webhookSink,
  type AlertSink,
  type DuckDbMarketStore,
  type MonitorConfig,
  type SinkConfig,
} from '@cascade/adapters';
import {
  createAlertEngine,
  formatUtc,
  isIsoDate,
  type Alert,
  type AlertEngine,
  type Observation,
} from '@cascade/analytics';
import {
  fedWatchObservations,
  fedWatchWarmupDate,
  liquidationMapObservations,
  refreshMacroStore,
  resolveWatchedPosition,
  withStore,
} from '@cascade/services';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { initDataset } from './data.js';
import { feedsFor } from './watch-liquidations.js';

export const MONITOR_HELP = `Usage: cascade monitor --config FILE [--json] [--data-dir DIR]
       cascade monitor --config FILE --replay --from DATE [--to DATE] [--json] [--deliver]
       cascade monitor --config FILE --dead-letters [--json] | --requeue-dead

Evaluates the alert rules of a config file (YAML or JSON; docs/monitor.md, examples/alerts/)
on live data or replayed over the store, with cooldowns and de-duplication.

Live: liquidation WebSocket feeds (Binance, Bybit, OKX), ccxt polling for prices, funding and open
interest, store polling for macro rows (FedWatch readings, index closes). Alerts are printed and
delivered durably to the configured sinks (webhook with HMAC-SHA256 signature, Telegram, Discord)
through an outbox table in the store: retried with backoff, resumed after a restart.

Replay: what would have fired between --from and --to (UTC dates, inclusive) on the stored data.
Alerts are printed only, unless --deliver also queues and sends them.

  --json           one JSON line per alert: ts, rule, type, key, message, values, id
  --duration S     live: stop after S seconds (default: until Ctrl-C)
  --ws-url URL     live: liquidation feeds connect here instead (local replay servers)
  --api-url URL    live: ccxt requests go here instead (local replay servers)

Dead letters: a delivery a sink refused for good (HTTP 4xx other than 408/425/429) or that failed
20 times is set aside, so the alerts behind it still go out. --dead-letters lists them (alert,
sink, attempts, last error); --requeue-dead puts them back in the queue and delivers them now.
`;

interface Args {
  readonly config: string;
  readonly replay: boolean;
  readonly fromMs: number;
  readonly toMs: number;
  readonly json: boolean;
  readonly deliver: boolean;
  readonly durationS: number | undefined;
  readonly wsUrl: string | undefined;
  readonly apiUrl: string | undefined;
  readonly dataDir: string | undefined;
  readonly deadLetters: boolean;
  readonly requeueDead: boolean;
}

class UsageError extends Error {}

function parse(argv: readonly string[]): Args | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      config: { type: 'string' },
      replay: { type: 'boolean', default: false },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean', default: false },
      deliver: { type: 'boolean', default: false },
      duration: { type: 'string' },
      'ws-url': { type: 'string' },
      'api-url': { type: 'string' },
      'data-dir': { type: 'string' },
      'dead-letters': { type: 'boolean', default: false },
      'requeue-dead': { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  if ((values['dead-letters'] || values['requeue-dead']) && values.replay)
    throw new UsageError('--dead-letters/--requeue-dead: not with --replay');
  if (values.config === undefined) throw new UsageError('--config FILE is required');
  const day = (text: string | undefined, flag: string): number => {
    if (text === undefined || !isIsoDate(text))
      throw new UsageError(`${flag}: expected a date YYYY-MM-DD`);
    return Date.parse(`${text}T00:00:00Z`);
  };
  const fromMs = values.replay ? day(values.from, '--from') : Number.NaN;
  const toMs = values.replay
    ? (values.to === undefined ? fromMs : day(values.to, '--to')) + 86_400_000 - 1
    : Number.NaN;
  if (values.replay && toMs < fromMs) throw new UsageError('--to: before --from');
  if (!values.replay && (values.from !== undefined || values.to !== undefined))
    throw new UsageError('--from/--to need --replay');
  const durationS = values.duration === undefined ? undefined : Number(values.duration);
  if (durationS !== undefined && !(durationS > 0))
    throw new UsageError('--duration: a positive number of seconds');
  return {
    config: values.config,
    replay: values.replay,
    fromMs,
    toMs,
    json: values.json,
    deliver: values.deliver,
    durationS,
    wsUrl: values['ws-url'],
    apiUrl: values['api-url'],
    dataDir: values['data-dir'],
    deadLetters: values['dead-letters'],
    requeueDead: values['requeue-dead'],
  };
}

export function createSinks(configs: readonly SinkConfig[]): Map<string, AlertSink> {
  return new Map(
    configs.map((s): [string, AlertSink] => [
      s.name,
      s.type === 'webhook'
        ? webhookSink({ name: s.name, url: s.url, secret: s.secret })
        : s.type === 'telegram'
          ? telegramSink({
              name: s.name,
              botToken: s.botToken,
              chatId: s.chatId,
              ...(s.apiUrl === undefined ? {} : { apiUrl: s.apiUrl }),
            })
          : discordSink({ name: s.name, webhookUrl: s.webhookUrl }),
    ]),
  );
}

const textLine = (a: Alert): string => `${formatUtc(a.tsMs)}  ${a.rule}  ${a.message}\n`;

/** Observations computed by services: heatmap maps (cluster rules), FedWatch from ZQ settles. */
async function extraObservations(
  store: DuckDbMarketStore,
  config: MonitorConfig,
  fromMs: number,
  toMs: number,
  io: CliIo,
): Promise<Observation[]> {
  const out: Observation[] = [];
  for (const cluster of config.clusters) {
    const maps = await liquidationMapObservations(store, cluster, fromMs, toMs);
    if (maps.notice !== undefined) io.stderr(`monitor: ${maps.notice}\n`);
    out.push(...maps.observations);
  }
  if (config.rules.some((r) => r.type === 'fedwatch-shift')) {
    const toDate = new Date(toMs).toISOString().slice(0, 10);
    out.push(...(await fedWatchObservations(store, fedWatchWarmupDate(fromMs), toDate)));
  }
  return out;
}

async function deliverQueued(
  store: DuckDbMarketStore,
  config: MonitorConfig,
  io: CliIo,
): Promise<void> {
  const outbox = new AlertOutbox(store);
  const controller = new AbortController();
  const loop = runDeliveryLoop({
    outbox,
    sinks: createSinks(config.sinks),
    now: () => Date.now(),
    signal: controller.signal,
    sleep: (ms, signal) => sleep(ms, undefined, { signal }),
    onNotice: (m) => {
      io.stderr(`monitor: ${m}\n`);
    },
  });
  for (let i = 0; i < 600 && (await outbox.counts()).pending > 0; i++) await sleep(100);
  controller.abort();
  const stats = await loop;
  const left = await outbox.counts();
  io.stderr(
    `monitor: delivered ${stats.delivered}, ${left.pending} still queued (retried on the next run), ${left.dead} set aside (--dead-letters)\n`,
  );
}

/** `--dead-letters`: the deliveries set aside; `--requeue-dead`: back in the queue, sent now. */
async function deadLetters(
  store: DuckDbMarketStore,
  config: MonitorConfig,
  args: Args,
  io: CliIo,
): Promise<number> {
  const outbox = new AlertOutbox(store);
  if (args.requeueDead) {
    const requeued = await outbox.requeueDead(Date.now());
    io.stderr(`monitor: requeued ${requeued} dead deliveries\n`);
    await deliverQueued(store, config, io);
    return EXIT_OK;
  }
  for (const d of await outbox.deadLetters()) {
    io.stdout(
      args.json
        ? `${JSON.stringify({ ...d, deadAt: new Date(d.deadAtMs).toISOString() })}\n`
        : `${d.alertId}  ${d.sink}  ${d.attempts} attempt(s), set aside ${formatUtc(d.deadAtMs)}: ${d.lastError}\n`,
    );
  }
  return EXIT_OK;
}

async function replay(
  store: DuckDbMarketStore,
  config: MonitorConfig,
  args: Args,
  io: CliIo,
): Promise<number> {
  await initDataset(store, io, { force: false, quiet: false });
  const extra = await extraObservations(store, config, args.fromMs, args.toMs, io);
  const feed = await replayFeed(
    store,
    config.rules,
    { fromMs: args.fromMs, toMs: args.toMs },
    extra,
  );
  for (const notice of feed.notices) io.stderr(`monitor: ${notice}\n`);
  const engine = createAlertEngine(config.rules);
  const handle = alertDispatcher({
    routes: config.routes,
    ...(args.deliver ? { outbox: new AlertOutbox(store) } : {}),
    now: () => Date.now(),
    print: (a) => {
      io.stdout(args.json ? `${alertJsonLine(a)}\n` : textLine(a));
    },
  });
  const result = await replayThrough(engine, feed.observations, args.fromMs, handle);
  const s = engine.suppressed;
  io.stderr(
    `monitor: replayed ${result.observations} observations (${formatUtc(feed.warmupFromMs)} warm-up start), ${result.alerts} alerts; held back ${s.cooldown} by cooldown, ${s.duplicate} duplicates, ${s.storm} by the hourly cap\n`,
  );
  if (args.deliver) await deliverQueued(store, config, io);
  return EXIT_OK;
}

/** An engine whose rule state (levels, windows, baselines) is built from the stored history. */
async function warmedUpEngine(
  store: DuckDbMarketStore,
  config: MonitorConfig,
  io: CliIo,
): Promise<AlertEngine> {
  const startMs = Date.now();
  const engine = createAlertEngine(config.rules);
  const maps = await extraObservations(store, config, startMs - 3_600_000, startMs, io);
  const warm = await replayFeed(store, config.rules, { fromMs: startMs, toMs: startMs }, maps);
  for (const o of warm.observations) engine.observe(o);
  return engine;
}

/** Live observations arrive from several feeds: they go through the engine one at a time. */
function serialised(
  engine: AlertEngine,
  handle: (a: Alert) => Promise<void>,
  notice: (m: string) => void,
): { onObservation: (o: Observation) => Promise<void>; drained: () => Promise<void> } {
  let queue = Promise.resolve();
  return {
    onObservation: (o) => {
      queue = queue
        .then(async () => {
          for (const alert of engine.observe(o)) await handle(alert);
        })
        .catch((error: unknown) => {
          notice(error instanceof Error ? error.message : String(error));
        });
      return queue;
    },
    drained: () => queue,
  };
}

async function live(
  store: DuckDbMarketStore,
  config: MonitorConfig,
  args: Args,
  io: CliIo,
): Promise<number> {
  const controller = new AbortController();
  const stop = (): void => {
    controller.abort();
  };
  process.once('SIGINT', stop);
  if (args.durationS !== undefined) setTimeout(stop, args.durationS * 1000).unref();
  const nap = (ms: number): Promise<void> =>
    sleep(ms, undefined, { signal: controller.signal }).catch(() => undefined);
  const notice = (m: string): void => {
    io.stderr(`monitor: ${m}\n`);
  };
  try {
    const engine = await warmedUpEngine(store, config, io);
    const outbox = new AlertOutbox(store);
    const handle = alertDispatcher({
      routes: config.routes,
      outbox,
      now: () => Date.now(),
      print: (a) => {
        io.stdout(args.json ? `${alertJsonLine(a)}\n` : textLine(a));
      },
    });
    const { onObservation, drained } = serialised(engine, handle, notice);
    const feeds = await feedsFor(
      config.live.exchanges,
      config.live.liquidationSymbols,
      { ws: args.wsUrl, rest: args.apiUrl },
      new Map(),
      io,
    );
    const history = ccxtHistorySource(config.live.pollExchange, {
      marketTypes: ['spot', 'linear'],
      ...(args.apiUrl === undefined ? {} : { apiBaseUrl: args.apiUrl }),
    });
    notice(
      `watching ${config.rules.length} rules (${config.file}); ${config.sinks.length} sinks; Ctrl-C to stop`,
    );
    const [sources, delivery] = await Promise.all([
      runLiveSources({
        store,
        rules: config.rules,
        feeds,
        history,
        pollMs: config.live.pollSeconds * 1000,
        macroPollMs: config.live.macroPollMinutes * 60_000,
        pollExtra: async (from, to) => {
          await refreshMacroStore(store, config.rules, to, notice);
          return extraObservations(store, config, from, to, io);
        },
        signal: controller.signal,
        sleep: nap,
        now: () => Date.now(),
        onObservation,
        onNotice: notice,
      }),
      runDeliveryLoop({
        outbox,
        sinks: createSinks(config.sinks),
        now: () => Date.now(),
        signal: controller.signal,
        sleep: (ms, signal) => sleep(ms, undefined, { signal }),
        onNotice: notice,
      }),
    ]);
    await drained();
    notice(
      `stopped: ${sources.watch.stored} liquidations stored (${sources.watch.garbage} malformed frames, ${sources.watch.reconnects} reconnects), ${sources.polls} polls (${sources.pollErrors} failed), ${delivery.delivered} deliveries`,
    );
    return EXIT_OK;
  } finally {
    process.off('SIGINT', stop);
  }
}

export async function monitorCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let args: Args | 'help';
  let config: MonitorConfig;
  try {
    args = parse(argv);
    if (args === 'help') {
      io.stdout(MONITOR_HELP);
      return EXIT_OK;
    }
    config = await loadMonitorConfig(args.config, process.env, resolveWatchedPosition);
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof ConfigError ||
      (error instanceof TypeError && 'code' in error)
    ) {
      io.stderr(`cascade monitor: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  const chosen = args;
  try {
    return await withStore(io.cwd, chosen.dataDir, (store) => {
      if (chosen.deadLetters || chosen.requeueDead) return deadLetters(store, config, chosen, io);
      return chosen.replay ? replay(store, config, chosen, io) : live(store, config, chosen, io);
    });
  } catch (error) {
    io.stderr(`cascade monitor: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILURE;
  }
}
