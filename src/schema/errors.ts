import { GraphQLError } from 'graphql';
import { UpstreamError } from '../mux/errors.js';
import { NotFoundError } from '../resolvers/read-through.js';

function upstreamMessage(error: UpstreamError): string {
  const failure = error.failure;
  switch (failure.kind) {
    case 'rate_limited':
      return `Mux is rate limiting the gateway${failure.retryAfterSeconds !== undefined ? `; retry after ${failure.retryAfterSeconds} s` : ''}.`;
    case 'unavailable':
      return 'Mux could not be reached or failed; try again shortly.';
    case 'not_found':
      return 'Mux has no such resource.';
    case 'rejected':
      return `Mux refused the request (${failure.status}${failure.messages.length ? `: ${failure.messages.join('; ')}` : ''}).`;
  }
}

/**
 * What a client may see of an error: the gateway's own typed errors as they are, Mux's failures as typed
 * upstream errors, and nothing else (no stack, no SDK text) for anything unexpected.
 */
export function toClientError(error: unknown): GraphQLError | undefined {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const path = error instanceof GraphQLError ? error.path : undefined;
  if (original instanceof UpstreamError) {
    return new GraphQLError(upstreamMessage(original), {
      path,
      extensions: {
        code: original.failure.kind === 'rate_limited' ? 'RATE_LIMITED' : 'UPSTREAM_ERROR',
        upstreamStatus: original.failure.status ?? null,
        retryable: original.retryable,
        ...(original.failure.kind === 'rate_limited'
          ? { retryAfterSeconds: original.failure.retryAfterSeconds ?? null }
          : {}),
      },
    });
  }
  if (original instanceof NotFoundError) {
    return new GraphQLError(original.message, {
      path,
      extensions: { code: 'NOT_FOUND', resource: original.resource, id: original.id },
    });
  }
  if (original instanceof GraphQLError && typeof original.extensions.code === 'string') {
    return new GraphQLError(original.message, { path, nodes: original.nodes, extensions: original.extensions });
  }
  if (error instanceof GraphQLError && !error.originalError) return error;
  return undefined;
}
