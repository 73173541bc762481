/** Where lifecycles report what happened; delivery (signing, retries, faults) is the dispatcher's job. */
export interface EventSink {
  emit(type: string, object: { type: string; id: string }, data: unknown): void;
}
