/**
 * Work the gateway carries on after answering a request or applying a change (capturing transcripts,
 * finishing a caption replacement). Stopping the gateway aborts it and waits for it, so nothing touches the
 * database after it closes.
 */
export class BackgroundTasks {
  readonly #controller = new AbortController();
  readonly #running = new Set<Promise<void>>();

  /** Aborted when the gateway stops: long waits end at once. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  run(task: (signal: AbortSignal) => Promise<void>, onError: (error: unknown) => void): void {
    if (this.#controller.signal.aborted) return;
    const running = task(this.#controller.signal)
      .catch((error: unknown) => {
        if (!this.#controller.signal.aborted) onError(error);
      })
      .finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  /** Resolves once nothing runs; for tests and shutdown. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  async stop(): Promise<void> {
    this.#controller.abort();
    await this.idle();
  }
}
