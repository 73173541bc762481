import { performance } from 'node:perf_hooks';
import type { Pause, Steps } from './content/index.js';

/** Long enough that switching between slices costs next to nothing, short enough that a request hardly waits. */
const MIN_SLICE_MS = 4;
/** However busy the simulator is, no slice keeps it from answering for longer than this. */
const MAX_SLICE_MS = 16;

/** Slices for one piece of long work, all due at the same time. */
export interface Slices {
  /** Runs `steps` to the end, a slice at a time. */
  run<T>(steps: Steps<T>): Promise<T>;
  /** For work whose loop is someone else's, such as the caption parser's (see Pause). */
  pause: Pause;
}

interface Waiter {
  dueMs: number;
  start(sliceMs: number): void;
}

/** Milliseconds the event loop has spent working (not waiting for I/O) since the process started. */
function busyMs(): number {
  return performance.eventLoopUtilization().active;
}

/**
 * Cuts long work (hours of captions) into slices and runs one slice per turn of the event loop, however many
 * pieces of work wait, so requests and timers are served between slices. The waiting work due soonest gets the
 * next slice: a track due in a second goes ahead of one due in a minute. A slice lasts as long as the rest of the
 * simulator worked since the previous one (within bounds), so when requests keep it busy the loop is shared about
 * evenly and long captions still keep close to the model's time.
 */
export class SliceScheduler {
  readonly #waiting: Waiter[] = [];
  #turn: NodeJS.Immediate | undefined;
  #closed = false;
  #busyAtLastTurnMs = busyMs();
  #lastSliceMs = 0;

  /** Slices for work due at `dueMs` on `performance.now()`'s clock. */
  slices(dueMs: number): Slices {
    // The first piece waits for a turn too: it may have been started inside some other work's turn.
    let sliceEndsMs = Number.NEGATIVE_INFINITY;
    const pause: Pause = () => {
      if (performance.now() < sliceEndsMs) return undefined;
      return new Promise<void>((resolve) =>
        this.#wait({
          dueMs,
          start: (sliceMs) => {
            sliceEndsMs = performance.now() + sliceMs;
            resolve();
          },
        }),
      );
    };
    return {
      pause,
      async run(steps) {
        for (;;) {
          const waiting = pause();
          if (waiting) await waiting;
          const step = steps.next();
          if (step.done) return step.value;
        }
      },
    };
  }

  /** Work still waiting never gets another slice: its promises stay pending and go when nothing holds them. */
  close(): void {
    this.#closed = true;
    this.#waiting.length = 0;
    if (this.#turn) clearImmediate(this.#turn);
    this.#turn = undefined;
  }

  #wait(waiter: Waiter): void {
    if (this.#closed) return;
    this.#waiting.push(waiter);
    this.#scheduleTurn();
  }

  /** An immediate set during this turn runs in the next one, after the I/O and timers that became due. */
  #scheduleTurn(): void {
    if (this.#turn || this.#waiting.length === 0) return;
    this.#turn = setImmediate(() => {
      this.#turn = undefined;
      let soonest = 0;
      for (const [index, waiter] of this.#waiting.entries()) {
        if (waiter.dueMs < (this.#waiting[soonest]?.dueMs ?? Number.POSITIVE_INFINITY)) soonest = index;
      }
      const [next] = this.#waiting.splice(soonest, 1);
      this.#scheduleTurn();
      next?.start(this.#nextSliceMs());
    });
  }

  #nextSliceMs(): number {
    const busy = busyMs();
    const othersMs = busy - this.#busyAtLastTurnMs - this.#lastSliceMs;
    this.#busyAtLastTurnMs = busy;
    this.#lastSliceMs = Math.min(MAX_SLICE_MS, Math.max(MIN_SLICE_MS, othersMs));
    return this.#lastSliceMs;
  }
}
