import { toUpstreamError } from '../mux/errors.js';
import type { RequestCache } from './request-cache.js';

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(
    readonly resource: string,
    readonly id: string,
  ) {
    super(`No ${resource} with id ${id}`);
  }
}

export interface ReadThroughSpec<Row, Remote> {
  resource: string;
  cached(ids: readonly string[]): Map<string, Row>;
  isFresh(row: Row, now: number): boolean;
  fetchedAt(row: Row): number;
  fetch(id: string): Promise<Remote>;
  /** Writes what Mux returned through to the database and gives back the row as stored. */
  save(remote: Remote, now: number): Row;
  /** Mux says it no longer exists: the cached row, if any, is retired. */
  forget?(id: string, now: number): void;
}

/**
 * Answers each id from SQLite when its row is fresh; otherwise asks Mux (once per id, all in parallel) and
 * writes the answer through. When Mux is rate limiting or unreachable, a cached row is still answered and
 * noted as stale for the response's extensions.
 */
export async function readThrough<Row, Remote>(
  spec: ReadThroughSpec<Row, Remote>,
  ids: readonly string[],
  request: RequestCache,
): Promise<(Row | Error)[]> {
  const now = Date.now();
  const cached = spec.cached(ids);
  return Promise.all(
    ids.map((id) =>
      request.once(`${spec.resource}:${id}`, async (): Promise<Row | Error> => {
        const row = cached.get(id);
        if (row && !request.forceFresh && spec.isFresh(row, now)) return row;
        try {
          return spec.save(await spec.fetch(id), Date.now());
        } catch (thrown) {
          const error = toUpstreamError(thrown);
          if (error.failure.kind === 'not_found') {
            spec.forget?.(id, Date.now());
            return new NotFoundError(spec.resource, id);
          }
          if (row && (error.failure.kind === 'rate_limited' || error.failure.kind === 'unavailable')) {
            request.noteStale({
              resource: spec.resource,
              id,
              ageSeconds: Math.round((now - spec.fetchedAt(row)) / 1000),
              reason: error.failure.kind,
              ...(error.failure.kind === 'rate_limited' && error.failure.retryAfterSeconds !== undefined
                ? { retryAfterSeconds: error.failure.retryAfterSeconds }
                : {}),
            });
            return row;
          }
          return error;
        }
      }),
    ),
  );
}
