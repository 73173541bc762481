/** One answer given from the cache because Mux could not be asked. */
export interface StaleNote {
  resource: string;
  id: string;
  /** Seconds since Mux last confirmed it. */
  ageSeconds: number;
  reason: 'rate_limited' | 'unavailable';
  retryAfterSeconds?: number;
}

/** What one GraphQL request knows about how its reads were answered. */
export class RequestCache {
  /** Set by `fresh: true`: every read in the request goes to Mux. */
  forceFresh = false;
  readonly stale: StaleNote[] = [];
  readonly #answers = new Map<string, Promise<unknown>>();

  /**
   * One answer per key for the whole request, however many fields ask: a resource is read from the cache
   * or from Mux at most once per request, `fresh: true` included.
   */
  once<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let answer = this.#answers.get(key) as Promise<T> | undefined;
    if (!answer) {
      answer = compute();
      this.#answers.set(key, answer);
    }
    return answer;
  }

  noteStale(note: StaleNote): void {
    if (!this.stale.some((existing) => existing.resource === note.resource && existing.id === note.id))
      this.stale.push(note);
  }
}
