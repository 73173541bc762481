import { performance } from 'node:perf_hooks';
import { SliceScheduler, type Slices } from './slices.js';

/**
 * Simulated time. Lifecycles are written in Mux's own seconds ("captions take 0.1x the duration") and
 * run `speed` times faster, so tests finish in milliseconds and demos in seconds. `advance` moves the
 * wall clock forward without waiting, for behaviour measured in days (temporary URLs, token expiry).
 */
export class SimClock {
  #offsetMs = 0;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #slices = new SliceScheduler();

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
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      task();
    }, this.#realMs(simSeconds));
    this.#timers.add(timer);
  }

  /**
   * Makes something Mux's model says takes `simSeconds`: `make` starts now, in slices due by then (see
   * SliceScheduler), and the promise resolves with what it made once both are over. So the result arrives at
   * the model's time, and later only when making it was slower than the model. A closed clock never resolves it.
   */
  within<T>(simSeconds: number, make: (slices: Slices) => Promise<T>): Promise<T> {
    const made = make(this.#slices.slices(performance.now() + this.#realMs(simSeconds)));
    const due = new Promise<void>((resolve) => this.after(simSeconds, resolve));
    return Promise.all([made, due]).then(([value]) => value);
  }

  /** Slices for long work needed as soon as possible, such as a response. */
  slicesNow(): Slices {
    return this.#slices.slices(performance.now());
  }

  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#slices.close();
  }

  #realMs(simSeconds: number): number {
    return Math.max(0, (simSeconds * 1000) / this.speed);
  }
}
