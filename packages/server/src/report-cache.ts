/**
 * Report results by key for a short time: the store only changes through imports and the live
 * feed, and the dashboard asks for the same day many times. Concurrent misses share one build.
 */
export class ReportCache {
  readonly #entries = new Map<
    string,
    { readonly atMs: number; readonly value: Promise<unknown> }
  >();
  readonly #ttlMs: number;
  readonly #capacity: number;
  readonly #now: () => number;

  constructor(ttlMs = 60_000, capacity = 500, now: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#capacity = capacity;
    this.#now = now;
  }

  get<T>(key: string, build: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key);
    const now = this.#now();
    if (hit !== undefined && now - hit.atMs < this.#ttlMs) return hit.value as Promise<T>;
    const value = build();
    this.#entries.delete(key);
    this.#entries.set(key, { atMs: now, value });
    // A failed build is not remembered.
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return value;
  }
}
