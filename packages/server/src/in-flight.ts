/**
 * Requests whose handlers are still running. A shutdown waits for them before the store closes:
 * cutting the connections does not stop a handler, and one still querying a closed store fails.
 * A streaming response (SSE) counts until its handler has returned the stream.
 */
export class InFlight {
  #running = 0;
  #waiters: (() => void)[] = [];

  begin(): void {
    this.#running++;
  }

  end(): void {
    this.#running--;
    if (this.#running === 0) for (const wake of this.#waiters.splice(0)) wake();
  }

  get running(): number {
    return this.#running;
  }

  /** Resolves when no handler runs, or after `timeoutMs` (true when idle). */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.#running === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        resolve(false);
      }, timeoutMs);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
