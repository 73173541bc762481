import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * A request id a client or a proxy in front of the gateway may choose; anything else (too long, spaces, control
 * characters that could forge a log line or a header) is replaced by one of the gateway's own.
 */
const WELL_FORMED_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

const requests = new AsyncLocalStorage<string>();

/** The incoming `x-request-id` when it is well-formed, else a new one. */
export function requestIdFrom(header: string | readonly string[] | null | undefined): string {
  const offered = typeof header === 'string' ? header.trim() : undefined;
  return offered && WELL_FORMED_ID.test(offered) ? offered : randomUUID();
}

/** Runs `work` (and everything it starts) as part of the request `id`, so its log lines carry the id. */
export function withRequestId<T>(id: string, work: () => T): T {
  return requests.run(id, work);
}

/** The request the running code is handling, if any. */
export function currentRequestId(): string | undefined {
  return requests.getStore();
}
