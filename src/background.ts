/**
 * Work the gateway carries on after answering a request or applying a change (finishing a caption
 * replacement, capturing transcripts). Stopping the gateway aborts it and waits for it, so nothing touches
 * the database after it closes.
 */
export class BackgroundTasks {
  readonly #controller = new AbortController();
  readonly #running = new Set<Promise<void>>();

  run(task: (signal: AbortSignal) => Promise<void>, onError: (error: unknown) => void): void {
    if (this.#controller.signal.aborted) return;
    const running = task(this.#controller.signal)
      .catch((error: unknown) => {
        if (!this.#controller.signal.aborted) onError(error);
      })
      .finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  async stop(): Promise<void> {
    this.#controller.abort();
    await Promise.allSettled([...this.#running]);
  }
}
