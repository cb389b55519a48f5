/**
 * Cooldown, de-duplication and a per-rule storm cap, applied to every firing before it becomes
 * an alert. Time is the observation's own timestamp (no clock).
 */
export interface GateLimits {
  readonly cooldownMs: number;
  readonly maxPerHour: number;
}

const HOUR_MS = 3_600_000;

export type GateVerdict = 'pass' | 'cooldown' | 'duplicate' | 'storm';

export class AlertGate {
  readonly #lastByKey = new Map<string, number>();
  readonly #recentByRule = new Map<string, number[]>();

  /** Decides one firing of `rule`/`key` at `tsMs`; a passing firing is recorded. */
  admit(rule: string, key: string, tsMs: number, limits: GateLimits): GateVerdict {
    const id = `${rule}|${key}`;
    const last = this.#lastByKey.get(id);
    if (last !== undefined && tsMs <= last) return 'duplicate';
    if (last !== undefined && tsMs - last < limits.cooldownMs) return 'cooldown';
    const recent = this.#recentByRule.get(rule) ?? [];
    while (recent.length > 0 && (recent[0] ?? 0) <= tsMs - HOUR_MS) recent.shift();
    if (recent.length >= limits.maxPerHour) return 'storm';
    recent.push(tsMs);
    this.#recentByRule.set(rule, recent);
    this.#lastByKey.set(id, tsMs);
    return 'pass';
  }
}
