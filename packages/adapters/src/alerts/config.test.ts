import { describe, expect, it } from 'vitest';
import { ConfigError, parseMonitorConfig, type PositionResolver } from './config.js';

const noPositions: PositionResolver = () => ({ ok: false, problem: 'not used' });
const parse = (text: string, file = 'alerts.yaml', env: NodeJS.ProcessEnv = {}) =>
  parseMonitorConfig(text, file, env, noPositions);
const error = (text: string, file = 'alerts.yaml', env: NodeJS.ProcessEnv = {}): string => {
  try {
    parse(text, file, env);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  return 'no error';
};

describe('monitor config', () => {
  it('applies defaults and converts durations and percent fields', () => {
    const c = parse(
      [
        'defaults: { cooldown: 15m, maxPerHour: 5 }',
        'rules:',
        '  - { id: a, type: liquidations, thresholdUsd: 1e8, window: 4h }',
        '  - { id: b, type: price-cross, symbol: BTC/USDT, levels: [80000, 90000], cooldown: 2h }',
        '  - { id: c, type: price-cross, symbol: BTC/USDT, detect: true }',
      ].join('\n'),
    );
    expect(c.rules[0]).toEqual({
      id: 'a',
      type: 'liquidations',
      thresholdUsd: 1e8,
      windowMs: 4 * 3_600_000,
      side: 'any',
      rearmRatio: 0.5,
      cooldownMs: 15 * 60_000,
      maxPerHour: 5,
    });
    expect(c.rules[1]).toMatchObject({
      levels: [80000, 90000],
      cooldownMs: 7_200_000,
      confirm: 'touch',
      hysteresisPct: 0.25,
    });
    expect(c.rules[2]).toMatchObject({
      levels: [],
      detect: { lookbackDays: 30, minStrength: 0.5 },
    });
  });

  it('reads JSON too, with line and column of the bad field', () => {
    const json =
      '{\n  "rules": [\n    { "id": "x", "type": "fedwatch-shift", "shiftPoints": "ten" }\n  ]\n}';
    expect(error(json, 'alerts.json')).toBe(
      'alerts.json:3:59: rules[0].shiftPoints: Invalid input: expected number, received string',
    );
  });

  it('names unknown rule types, missing levels, duplicate ids and unknown sinks', () => {
    expect(error('rules:\n  - { id: x, type: moon }')).toMatch(
      /^alerts\.yaml:2:20: rules\[0\]\.type: Invalid discriminator value/,
    );
    expect(error('rules:\n  - { id: x, type: price-cross, symbol: BTC }')).toBe(
      'alerts.yaml:2:5: rules[0]: give level, levels or detect',
    );
    expect(
      error(
        'rules:\n  - { id: x, type: fedwatch-shift, shiftPoints: 5 }\n  - { id: x, type: fedwatch-shift, shiftPoints: 9 }',
      ),
    ).toBe('alerts.yaml:3:11: rules[1].id: duplicate rule id "x"');
    expect(error('rules:\n  - { id: x, type: fedwatch-shift, shiftPoints: 5, sinks: [tg] }')).toBe(
      'alerts.yaml:2:60: rules[0].sinks[0]: no sink named "tg"',
    );
    expect(error('rules: [ { id: x, type: funding, symbol: BTC } ]')).toBe(
      'alerts.yaml:1:10: rules[0]: give abovePct, belowPct or zScore',
    );
    expect(error('rules: [ {')).toMatch(/^alerts\.yaml:1:\d+: /);
  });

  it('takes sink secrets from the environment and says which variable is missing', () => {
    const text = [
      'sinks:',
      '  - { name: hook, type: webhook, url: "https://example.com/h", secretEnv: HOOK_SECRET }',
      '  - { name: tg, type: telegram, botTokenEnv: TG_TOKEN, chatId: -100 }',
      '  - { name: dc, type: discord, webhookUrl: "https://discord.com/api/webhooks/1/x" }',
      'rules:',
      '  - { id: x, type: fedwatch-shift, shiftPoints: 5, sinks: [tg] }',
      '  - { id: y, type: fedwatch-shift, shiftPoints: 9 }',
    ].join('\n');
    expect(error(text, 'a.yaml', { TG_TOKEN: 't' })).toBe(
      'a.yaml:2:75: sinks[0].secretEnv: environment variable HOOK_SECRET is not set',
    );
    const c = parse(text, 'a.yaml', { HOOK_SECRET: 's', TG_TOKEN: '1:abc' });
    expect(c.sinks).toEqual([
      { type: 'webhook', name: 'hook', url: 'https://example.com/h', secret: 's' },
      { type: 'telegram', name: 'tg', botToken: '1:abc', chatId: '-100' },
      { type: 'discord', name: 'dc', webhookUrl: 'https://discord.com/api/webhooks/1/x' },
    ]);
    expect(c.routes.get('x')).toEqual(['tg']);
    expect(c.routes.get('y')).toEqual(['hook', 'tg', 'dc']);
  });

  it('prices position records through the injected resolver and reports its problem at the record', () => {
    const text =
      'rules:\n  - id: p\n    type: position-distance\n    withinPct: 3\n    positions:\n      - { id: a, position: { exchange: nowhere } }\n';
    expect(error(text)).toBe('alerts.yaml:6:28: rules[0].positions[0].position: not used');
    const priced = parseMonitorConfig(text, 'x.yaml', {}, () => ({
      ok: true,
      position: { symbol: 'BTC/USDT:USDT', side: 'long', liquidationPriceUsd: 80000 },
    }));
    expect(priced.rules[0]).toMatchObject({
      positions: [{ id: 'a', symbol: 'BTC/USDT:USDT', side: 'long', liquidationPriceUsd: 80000 }],
    });
  });
});
