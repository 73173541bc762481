/**
 * A queue pulled by one reader and fed by pushes, for subscription streams: one promise per item pulled and
 * nothing per item pushed, because a webhook about a popular asset is pushed to thousands of them at once. Items
 * wait keyed by what they are about, where a newer item replaces an older one not yet pulled when `supersedes`
 * allows it: a slow client gets the latest state of each thing rather than every step, and its queue never holds
 * more than one item per key.
 */
export class KeyedStream<T> {
  readonly #pending = new Map<string, T>();
  readonly #key: (item: T) => string;
  readonly #onEnd: () => void;
  readonly #supersedes: (waiting: T, next: T) => boolean;
  #wake: (() => void) | undefined;
  #ended = false;

  constructor(key: (item: T) => string, onEnd: () => void, supersedes: (waiting: T, next: T) => boolean) {
    this.#key = key;
    this.#onEnd = onEnd;
    this.#supersedes = supersedes;
  }

  push(item: T): void {
    if (this.#ended) return;
    const key = this.#key(item);
    const waiting = this.#pending.get(key);
    if (waiting !== undefined && !this.#supersedes(waiting, item)) return;
    this.#pending.delete(key);
    this.#pending.set(key, item);
    this.#wake?.();
  }

  /** The next item pushed and not yet taken, waiting for one if none is; undefined once the stream ended. */
  async take(): Promise<T | undefined> {
    while (!this.#ended) {
      const first = this.#pending.entries().next();
      if (!first.done) {
        this.#pending.delete(first.value[0]);
        return first.value[1];
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
    return undefined;
  }

  /** Ends the stream: a waiting `take` answers undefined, and whoever fed it is told once. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#pending.clear();
    this.#onEnd();
    this.#wake?.();
  }
}
