import { readFile } from 'node:fs/promises';
import type { RuleSpec, WatchedPosition } from '@cascade/analytics';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { configSchema, type ConfigInput, type RuleInput, type SinkInput } from './config-schema.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export type SinkConfig =
  | {
      readonly type: 'webhook';
      readonly name: string;
      readonly url: string;
      readonly secret: string;
    }
  | {
      readonly type: 'telegram';
      readonly name: string;
      readonly botToken: string;
      readonly chatId: string;
      readonly apiUrl?: string;
    }
  | { readonly type: 'discord'; readonly name: string; readonly webhookUrl: string };

/** Heatmap estimator inputs of a liquidation-cluster rule. */
export interface ClusterInput {
  readonly rule: string;
  readonly symbol: string;
  readonly venue: string;
  readonly instrument: string;
  readonly bucketUsd: number;
}

export interface MonitorConfig {
  readonly file: string;
  readonly rules: readonly RuleSpec[];
  /** Rule id → the sink names its alerts go to. */
  readonly routes: ReadonlyMap<string, readonly string[]>;
  readonly sinks: readonly SinkConfig[];
  readonly clusters: readonly ClusterInput[];
  readonly live: ConfigInput['live'];
}

/** Prices a position record (the `cascade risk` / `liq-price` format) with the margin engines. */
export type PositionResolver = (
  record: Record<string, unknown>,
) =>
  | { readonly ok: true; readonly position: Omit<WatchedPosition, 'id'> }
  | { readonly ok: false; readonly problem: string };

type Path = readonly (string | number)[];

/** `file:line:column: a.b[0].c: message` for a path into the parsed document. */
function locate(
  file: string,
  doc: Document,
  lines: LineCounter,
  path: Path,
  message: string,
): string {
  let node: unknown = doc.getIn(path, true);
  for (let cut = path.length; !isNode(node) && cut > 0; cut--)
    node = doc.getIn(path.slice(0, cut - 1), true);
  const offset = isNode(node) ? (node.range?.[0] ?? 0) : 0;
  const { line, col } = lines.linePos(offset);
  const field = path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${p}`))
    .join('');
  return `${file}:${line}:${col}: ${field === '' ? '(root)' : field}: ${message}`;
}

function secretValue(
  env: NodeJS.ProcessEnv,
  raw: Record<string, unknown>,
  field: string,
  fail: (path: Path, m: string) => never,
): string {
  const inline = raw[field];
  if (typeof inline === 'string') return inline;
  const name = raw[`${field}Env`];
  if (typeof name !== 'string') return fail([field], `give ${field} or ${field}Env`);
  const value = env[name];
  if (value === undefined || value === '')
    return fail([`${field}Env`], `environment variable ${name} is not set`);
  return value;
}

function resolveSink(
  s: SinkInput,
  env: NodeJS.ProcessEnv,
  fail: (path: Path, m: string) => never,
): SinkConfig {
  const raw = s as unknown as Record<string, unknown>;
  if (s.type === 'webhook')
    return {
      type: 'webhook',
      name: s.name,
      url: s.url,
      secret: secretValue(env, raw, 'secret', fail),
    };
  if (s.type === 'telegram') {
    const base = {
      type: 'telegram' as const,
      name: s.name,
      chatId: s.chatId,
      botToken: secretValue(env, raw, 'botToken', fail),
    };
    return s.apiUrl === undefined ? base : { ...base, apiUrl: s.apiUrl };
  }
  return { type: 'discord', name: s.name, webhookUrl: secretValue(env, raw, 'webhookUrl', fail) };
}

function toSpec(
  r: RuleInput,
  defaults: ConfigInput['defaults'],
  resolve: PositionResolver,
  fail: (path: Path, m: string) => never,
): RuleSpec {
  const { sinks: _sinks, cooldown, maxPerHour, ...rest } = r;
  const gate = {
    cooldownMs: cooldown ?? defaults.cooldown,
    maxPerHour: maxPerHour ?? defaults.maxPerHour,
  };
  switch (rest.type) {
    case 'price-cross': {
      const { level, levels, detect, ...p } = rest;
      const fixed = [...(level === undefined ? [] : [level]), ...(levels ?? [])];
      const detection =
        detect === true
          ? {
              lookbackDays: 30,
              refreshHours: 24,
              minStrength: 0.5,
              zone: 0.0015,
              roundStep: 1000,
              pivotWidth: 6,
              range: 0.15,
            }
          : detect;
      return {
        ...p,
        ...gate,
        levels: fixed,
        ...(detection === undefined ? {} : { detect: detection }),
      };
    }
    case 'liquidations': {
      const { window, ...p } = rest;
      return { ...p, ...gate, windowMs: window };
    }
    case 'liquidation-cluster': {
      const { venue: _v, instrument: _i, bucketUsd: _b, ...p } = rest;
      return { ...p, ...gate };
    }
    case 'open-interest': {
      const { window, ...p } = rest;
      return { ...p, ...gate, windowMs: window };
    }
    case 'position-distance': {
      const positions = rest.positions.map((w, i): WatchedPosition => {
        if (!('position' in w)) return w;
        const priced = resolve(w.position);
        if (!priced.ok) return fail(['positions', i, 'position'], priced.problem);
        return { id: w.id, ...priced.position };
      });
      return { ...rest, ...gate, positions };
    }
    default:
      return { ...rest, ...gate };
  }
}

function checkReferences(c: ConfigInput, fail: (path: Path, m: string) => never): void {
  const seen = new Set<string>();
  c.rules.forEach((r, i) => {
    if (seen.has(r.id)) fail(['rules', i, 'id'], `duplicate rule id "${r.id}"`);
    seen.add(r.id);
    r.sinks?.forEach((name, k) => {
      if (!c.sinks.some((s) => s.name === name))
        fail(['rules', i, 'sinks', k], `no sink named "${name}"`);
    });
  });
  const names = new Set<string>();
  c.sinks.forEach((s, i) => {
    if (names.has(s.name) || s.name === 'console')
      fail(['sinks', i, 'name'], `duplicate or reserved sink name "${s.name}"`);
    names.add(s.name);
  });
}

/** Parses and validates a monitor config (YAML or JSON text); errors name file:line:column and field. */
export function parseMonitorConfig(
  text: string,
  file: string,
  env: NodeJS.ProcessEnv,
  resolve: PositionResolver,
): MonitorConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError !== undefined) {
    const { line, col } = lines.linePos(yamlError.pos[0]);
    throw new ConfigError(`${file}:${line}:${col}: ${yamlError.message.split('\n')[0] ?? ''}`);
  }
  const fail = (path: Path, message: string): never => {
    throw new ConfigError(locate(file, doc, lines, path, message));
  };
  const parsed = configSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail((issue?.path ?? []) as Path, issue?.message ?? 'invalid config');
  }
  const c = parsed.data;
  checkReferences(c, fail);
  const allSinks = c.sinks.map((s) => s.name);
  return {
    file,
    rules: c.rules.map((r, i) =>
      toSpec(r, c.defaults, resolve, (path, m) => fail(['rules', i, ...path], m)),
    ),
    routes: new Map(c.rules.map((r) => [r.id, r.sinks ?? allSinks])),
    sinks: c.sinks.map((s, i) => resolveSink(s, env, (path, m) => fail(['sinks', i, ...path], m))),
    clusters: c.rules.flatMap((r) =>
      r.type === 'liquidation-cluster'
        ? [
            {
              rule: r.id,
              symbol: r.symbol,
              venue: r.venue,
              instrument: r.instrument,
              bucketUsd: r.bucketUsd,
            },
          ]
        : [],
    ),
    live: c.live,
  };
}

export async function loadMonitorConfig(
  file: string,
  env: NodeJS.ProcessEnv,
  resolve: PositionResolver,
): Promise<MonitorConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return parseMonitorConfig(text, file, env, resolve);
}
