/**
 * Simulated time. Lifecycles are written in Mux's own seconds ("captions take 0.1x the duration") and
 * run `speed` times faster, so tests finish in milliseconds and demos in seconds. `advance` moves the
 * wall clock forward without waiting, for behaviour measured in days (temporary URLs, token expiry).
 */
export class SimClock {
  #offsetMs = 0;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(readonly speed: number) {}

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  advance(ms: number): void {
    this.#offsetMs += ms;
  }

  /** Runs `task` after `simSeconds` of simulated time. */
  after(simSeconds: number, task: () => void): void {
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        task();
      },
      Math.max(0, (simSeconds * 1000) / this.speed),
    );
    this.#timers.add(timer);
  }

  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
