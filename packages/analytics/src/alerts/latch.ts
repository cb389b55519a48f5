/**
 * Edge trigger: fires once when its condition becomes true, then stays quiet until the condition
 * has been cleared (`rearm`), so a condition that holds for hours is one alert, not hundreds.
 */
export class Latch {
  #armed = true;

  /** True when `on` and armed (then disarms); `rearm` arms it again. */
  step(on: boolean, rearm: boolean): boolean {
    if (on && this.#armed) {
      this.#armed = false;
      return true;
    }
    if (rearm) this.#armed = true;
    return false;
  }
}

/** One latch per key. */
export class Latches {
  readonly #byKey = new Map<string, Latch>();

  step(key: string, on: boolean, rearm: boolean): boolean {
    let latch = this.#byKey.get(key);
    if (latch === undefined) {
      latch = new Latch();
      this.#byKey.set(key, latch);
    }
    return latch.step(on, rearm);
  }
}
