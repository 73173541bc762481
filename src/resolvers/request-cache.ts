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

  noteStale(note: StaleNote): void {
    if (!this.stale.some((existing) => existing.resource === note.resource && existing.id === note.id)) this.stale.push(note);
  }
}
