import { APIConnectionError, APIError } from '@mux/mux-node';
import { GatewayError } from '../errors.js';

/** What went wrong upstream, in terms a caller can act on; never the SDK's raw text. */
export type UpstreamFailure =
  | { kind: 'not_found'; status: 404 | 400; messages: string[] }
  | { kind: 'rate_limited'; status: 429; retryAfterSeconds: number | undefined; messages: string[] }
  | { kind: 'unavailable'; status: number | undefined; messages: string[] }
  | { kind: 'rejected'; status: number; type: string | undefined; messages: string[] }
  /** Mux answered about another resource than the one asked for. */
  | { kind: 'mismatched'; status: undefined; messages: string[] };

function describe(failure: UpstreamFailure): string {
  switch (failure.kind) {
    case 'rate_limited':
      return failure.retryAfterSeconds === undefined
        ? 'Mux is rate limiting the gateway.'
        : `Mux is rate limiting the gateway; retry after ${failure.retryAfterSeconds} s.`;
    case 'unavailable':
      return 'Mux could not be reached or failed; try again shortly.';
    case 'not_found':
      return 'Mux has no such resource.';
    case 'mismatched':
      return 'Mux answered about another resource than the one asked for; try again shortly.';
    case 'rejected':
      return failure.messages.length
        ? `Mux refused the request (${failure.status}: ${failure.messages.join('; ')}).`
        : `Mux refused the request (${failure.status}).`;
  }
}

/** Mux (or its stream host) could not do what was asked. After a timeout or a 5xx it may still have done it. */
export class UpstreamError extends GatewayError {
  override readonly name = 'UpstreamError';

  constructor(readonly failure: UpstreamFailure) {
    super(describe(failure));
  }

  get code() {
    return this.failure.kind === 'rate_limited' ? ('RATE_LIMITED' as const) : ('UPSTREAM_ERROR' as const);
  }

  get retryable(): boolean {
    return this.failure.kind !== 'not_found' && this.failure.kind !== 'rejected';
  }

  override httpStatus(): number {
    return this.retryable ? 503 : 502;
  }

  override details() {
    return {
      upstreamStatus: this.failure.status ?? null,
      messages: this.failure.messages,
      retryable: this.retryable,
      ...(this.failure.kind === 'rate_limited' ? { retryAfterSeconds: this.failure.retryAfterSeconds ?? null } : {}),
    };
  }
}

/** Mux's Video errors carry `messages[]`, Robots errors a single `message`. */
function messagesOf(body: unknown): { type: string | undefined; messages: string[] } {
  const error =
    (body as { error?: { type?: unknown; messages?: unknown; message?: unknown } } | undefined)?.error ?? body;
  const record = (error ?? {}) as { type?: unknown; messages?: unknown; message?: unknown };
  const messages = Array.isArray(record.messages)
    ? record.messages.filter((item): item is string => typeof item === 'string')
    : typeof record.message === 'string'
      ? [record.message]
      : [];
  return { type: typeof record.type === 'string' ? record.type : undefined, messages };
}

function retryAfterSeconds(headers: Headers | undefined): number | undefined {
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

const UNPARSABLE_ID = 'Failed to parse ID';

/** Turns whatever the SDK threw into an UpstreamError; anything that is not an SDK error is rethrown. */
export function toUpstreamError(error: unknown): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (error instanceof APIConnectionError) {
    return new UpstreamError({ kind: 'unavailable', status: undefined, messages: ['Mux could not be reached'] });
  }
  if (!(error instanceof APIError) || error.status === undefined) throw error;
  const { type, messages } = messagesOf(error.error);
  const status = error.status;
  if (status === 404) return new UpstreamError({ kind: 'not_found', status, messages });
  // Mux refuses an id it cannot parse before looking it up: no resource has that id.
  if (status === 400 && messages.includes(UNPARSABLE_ID)) {
    return new UpstreamError({ kind: 'not_found', status, messages });
  }
  if (status === 429) {
    return new UpstreamError({
      kind: 'rate_limited',
      status,
      retryAfterSeconds: retryAfterSeconds(error.headers),
      messages,
    });
  }
  if (status >= 500) return new UpstreamError({ kind: 'unavailable', status, messages });
  return new UpstreamError({ kind: 'rejected', status, type, messages });
}

/** Runs one call to Mux, translating its failures. */
export async function callMux<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toUpstreamError(error);
  }
}

/** A webhook the gateway will not take: its signature does not check out, or it is not JSON. */
export class WebhookRejected extends Error {
  override readonly name = 'WebhookRejected';
}
