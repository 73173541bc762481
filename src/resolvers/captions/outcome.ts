import type { z } from 'zod';
import type { UpstreamError } from '../../mux/errors.js';

/** A request that cannot work, said precisely; shown to clients in the payload's `userErrors`. */
export type UserError =
  | { kind: 'validation'; message: string; field: string[]; allowed?: string[] }
  | { kind: 'not_found'; message: string; field: string[]; resource: string; id: string }
  | { kind: 'conflict'; message: string; field: string[]; trackId?: string; jobId?: string }
  | { kind: 'precondition'; message: string; field: string[]; reason: string }
  | {
      kind: 'upstream';
      message: string;
      field: string[];
      status: number | null;
      messages: string[];
      retryable: boolean;
    }
  | { kind: 'rate_limited'; message: string; field: string[]; retryAfterSeconds: number | null };

export interface Warning {
  code: 'beta_language';
  message: string;
  field: string[];
}

/**
 * What a mutation produced, by reference: payloads load the current state of each id, and an idempotent
 * retry returns the same references.
 */
export interface MutationOutcome {
  assetId?: string;
  uploadId?: string;
  trackId?: string;
  deletedTrackId?: string;
  jobIds: string[];
  warnings: Warning[];
  userErrors: UserError[];
}

export function failed(...userErrors: UserError[]): MutationOutcome {
  return { jobIds: [], warnings: [], userErrors };
}

export function validationErrors(error: z.ZodError, prefix: string[] = ['input']): UserError[] {
  return error.issues.map((issue) => {
    const values = 'values' in issue ? issue.values : issue.code === 'custom' ? issue.params?.allowed : undefined;
    const allowed = Array.isArray(values) ? { allowed: values.map(String) } : {};
    return {
      kind: 'validation' as const,
      message: issue.message,
      field: [...prefix, ...issue.path.map(String)],
      ...allowed,
    };
  });
}

export function upstreamUserError(error: UpstreamError): UserError {
  const { failure } = error;
  if (failure.kind === 'rate_limited') {
    return {
      kind: 'rate_limited',
      message: `Mux is rate limiting requests${failure.retryAfterSeconds !== undefined ? `; retry after ${failure.retryAfterSeconds} s` : ''}.`,
      field: [],
      retryAfterSeconds: failure.retryAfterSeconds ?? null,
    };
  }
  return {
    kind: 'upstream',
    // After a timeout or a 5xx Mux may still have done the work, so the message does not promise otherwise.
    message:
      failure.kind === 'unavailable'
        ? 'Mux could not be reached or failed. It most likely did nothing, but after a timeout it may have: check the asset before retrying.'
        : `Mux refused the request${failure.messages.length ? `: ${failure.messages.join('; ')}` : '.'}`,
    field: [],
    status: failure.status ?? null,
    messages: failure.messages,
    retryable: error.retryable,
  };
}
