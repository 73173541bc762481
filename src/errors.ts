import { GraphQLError } from 'graphql';

/**
 * Every error a client may be shown is a GatewayError with a code. This module is the one table that turns
 * each into what the client sees: a GraphQL error, a mutation payload's `userErrors` entry, an HTTP status.
 * Anything else that escapes is a bug in the gateway, and clients are told only that.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'TRANSCRIPT_UNAVAILABLE'
  | 'UPSTREAM_ERROR'
  | 'RATE_LIMITED'
  | 'LIMIT_EXCEEDED'
  | 'KEY_RATE_LIMITED'
  | 'DOCUMENT_NOT_TRUSTED'
  | 'PERSISTED_QUERY_NOT_FOUND';

/** The GraphQL type of a `userErrors` entry of each code. */
export type UserErrorType =
  | 'ValidationError'
  | 'NotFoundError'
  | 'ConflictError'
  | 'PreconditionError'
  | 'UpstreamError'
  | 'RateLimitedError';

interface CodeRules {
  status: number;
  userErrorType: UserErrorType;
}

const RULES: Record<ErrorCode, CodeRules> = {
  BAD_USER_INPUT: { status: 400, userErrorType: 'ValidationError' },
  NOT_FOUND: { status: 404, userErrorType: 'NotFoundError' },
  CONFLICT: { status: 409, userErrorType: 'ConflictError' },
  PRECONDITION_FAILED: { status: 422, userErrorType: 'PreconditionError' },
  TRANSCRIPT_UNAVAILABLE: { status: 422, userErrorType: 'PreconditionError' },
  UPSTREAM_ERROR: { status: 502, userErrorType: 'UpstreamError' },
  RATE_LIMITED: { status: 503, userErrorType: 'RateLimitedError' },
  LIMIT_EXCEEDED: { status: 400, userErrorType: 'ValidationError' },
  // The three below refuse a request as a whole, never a mutation's input: their type there is nominal.
  KEY_RATE_LIMITED: { status: 429, userErrorType: 'RateLimitedError' },
  DOCUMENT_NOT_TRUSTED: { status: 403, userErrorType: 'ValidationError' },
  PERSISTED_QUERY_NOT_FOUND: { status: 400, userErrorType: 'ValidationError' },
};

/** What a `userErrors` entry carries: the code, the message, the input field at fault, and the code's details. */
export interface UserErrorEntry extends Record<string, unknown> {
  code: ErrorCode;
  message: string;
  field: string[];
}

export abstract class GatewayError extends Error {
  abstract readonly code: ErrorCode;

  /** Path of the input field at fault, e.g. ["input", "phrases", "3"]; empty when no one field is. */
  field: string[];

  constructor(message: string, field: readonly string[] = []) {
    super(message);
    this.field = [...field];
  }

  /** What this kind of error tells a client beyond its message (reason, resource, Mux's status, …). */
  details(): Record<string, unknown> {
    return {};
  }

  /** The HTTP status a route answers it with. */
  httpStatus(): number {
    return RULES[this.code].status;
  }

  /** Headers the HTTP answer carries besides the status (`Retry-After`, say). */
  httpHeaders(): Record<string, string> {
    return {};
  }

  /** The same error about another field (a precondition found while checking `input.trackId`, say). */
  at(field: readonly string[]): this {
    this.field = [...field];
    return this;
  }
}

export interface InputProblem {
  field: string[];
  message: string;
  /** The values that are allowed, where there is a closed set. */
  allowed?: string[];
}

/** Input that is not allowed: one or more fields, each with what is wrong and, where it helps, what is allowed. */
export class InvalidInputError extends GatewayError {
  readonly code = 'BAD_USER_INPUT';

  constructor(readonly problems: readonly InputProblem[]) {
    super(problems.map((problem) => `${problem.field.join('.') || 'input'}: ${problem.message}`).join('; '));
    this.field = [...(problems[0]?.field ?? [])];
  }

  static of(field: readonly string[], message: string, allowed?: readonly string[]): InvalidInputError {
    return new InvalidInputError([{ field: [...field], message, ...(allowed ? { allowed: [...allowed] } : {}) }]);
  }

  override details() {
    return { problems: this.problems.map((problem) => ({ ...problem, field: problem.field.join('.') || 'input' })) };
  }
}

export class NotFoundError extends GatewayError {
  readonly code = 'NOT_FOUND';

  constructor(
    readonly resource: string,
    readonly id: string,
    field: readonly string[] = [],
  ) {
    super(`No ${resource} with id ${id}.`, field);
  }

  override details() {
    return { resource: this.resource, id: this.id };
  }
}

/** The request collides with what exists: a text track in the same language, a job already final, a reused key. */
export class ConflictError extends GatewayError {
  readonly code = 'CONFLICT';

  constructor(
    message: string,
    field: readonly string[],
    readonly about: { trackId?: string; jobId?: string } = {},
  ) {
    super(message, field);
  }

  override details() {
    return { trackId: this.about.trackId ?? null, jobId: this.about.jobId ?? null };
  }
}

/** The asset, track or job is not in a state this can work on; `reason` is a stable code. */
export class PreconditionError extends GatewayError {
  readonly code = 'PRECONDITION_FAILED';

  constructor(
    readonly reason: string,
    message: string,
    field: readonly string[] = [],
  ) {
    super(message, field);
  }

  override details() {
    return { reason: this.reason };
  }
}

/** The gateway cannot read this transcript from Mux, for a reason the client can act on. */
export class TranscriptUnavailableError extends GatewayError {
  readonly code = 'TRANSCRIPT_UNAVAILABLE';

  override details() {
    return { reason: 'transcript_unavailable' };
  }
}

/** What one request asked for is more than the gateway does for one request; `limit` names which bound. */
export class LimitExceededError extends GatewayError {
  readonly code = 'LIMIT_EXCEEDED';

  constructor(
    readonly limit: string,
    readonly max: number,
    message: string,
  ) {
    super(message);
  }

  override details() {
    return { limit: this.limit, max: this.max };
  }
}

/** The API key spent the cost points of its window (`RATE_LIMIT_POINTS`); it may go on after `retryAfterSeconds`. */
export class KeyRateLimitedError extends GatewayError {
  readonly code = 'KEY_RATE_LIMITED';

  constructor(
    readonly retryAfterSeconds: number,
    readonly points: number,
    readonly windowSeconds: number,
  ) {
    super(
      `This API key has spent its ${points} cost points for ${windowSeconds} s; try again in ${retryAfterSeconds} s.`,
    );
  }

  override details() {
    return { retryAfterSeconds: this.retryAfterSeconds, points: this.points, windowSeconds: this.windowSeconds };
  }

  override httpHeaders() {
    return { 'retry-after': String(this.retryAfterSeconds) };
  }
}

/** The key's role may run only the trusted documents (`TRUSTED_DOCUMENTS`), and this one is not among them. */
export class DocumentNotTrustedError extends GatewayError {
  readonly code = 'DOCUMENT_NOT_TRUSTED';

  constructor(readonly role: string) {
    super(
      `Keys of the role ${role} may run only trusted documents: send a listed document, or its SHA-256 as ` +
        'extensions.persistedQuery.sha256Hash or documentId.',
    );
  }

  override details() {
    return { role: this.role };
  }
}

/** A document id that names no trusted document. */
export class PersistedQueryNotFoundError extends GatewayError {
  readonly code = 'PERSISTED_QUERY_NOT_FOUND';

  constructor(readonly documentId: string) {
    super(`No trusted document has the id ${JSON.stringify(documentId.slice(0, 100))}.`);
  }

  override details() {
    return { documentId: this.documentId };
  }
}

/** Several errors found at once (every language that conflicts, every field that is wrong). */
export class GatewayErrors extends Error {
  constructor(readonly errors: readonly GatewayError[]) {
    super(errors.map((error) => error.message).join(' '));
  }
}

export function isGatewayError(error: unknown): error is GatewayError | GatewayErrors {
  return error instanceof GatewayError || error instanceof GatewayErrors;
}

/** The entries a mutation payload lists for an error: one per input problem, else one. */
export function toUserErrors(error: GatewayError | GatewayErrors): UserErrorEntry[] {
  if (error instanceof GatewayErrors) return error.errors.flatMap(toUserErrors);
  if (error instanceof InvalidInputError) {
    return error.problems.map((problem) => ({
      code: error.code,
      message: problem.message,
      field: problem.field,
      allowed: problem.allowed ?? null,
    }));
  }
  return [{ code: error.code, message: error.message, field: error.field, ...error.details() }];
}

export function userErrorTypeOf(entry: UserErrorEntry): UserErrorType {
  return RULES[entry.code].userErrorType;
}

/**
 * A request refused as a whole before it ran (a limit, a malformed document): the GraphQL error with the
 * HTTP status, which yoga answers with.
 */
export function toRequestError(error: GatewayError): GraphQLError {
  const headers = error.httpHeaders();
  const http =
    Object.keys(headers).length > 0 ? { status: error.httpStatus(), headers } : { status: error.httpStatus() };
  return new GraphQLError(error.message, { extensions: { code: error.code, ...error.details(), http } });
}

/** The GraphQL error a query or subscription answers with. */
export function toGraphQLError(error: GatewayError, path?: ReadonlyArray<string | number>): GraphQLError {
  return new GraphQLError(error.message, { path, extensions: { code: error.code, ...error.details() } });
}
