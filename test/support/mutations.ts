import { authorization, graphql, type Stack } from './stack.js';

export interface UserErrorView {
  __typename: string;
  message: string;
  field: string[];
  allowed?: string[] | null;
  reason?: string;
  track?: { muxId: string } | null;
  captionJob?: { id: string } | null;
  status?: number | null;
  retryable?: boolean;
  retryAfterSeconds?: number | null;
}

export const PAYLOAD_ERRORS = `
  warnings { code message field }
  userErrors {
    __typename message field
    ... on ValidationError { allowed }
    ... on PreconditionError { reason }
    ... on ConflictError { track { muxId } captionJob { id } }
    ... on UpstreamError { status retryable }
    ... on RateLimitedError { retryAfterSeconds }
  }`;

/** Runs a mutation as an editor and returns its payload. */
export async function mutate<T>(
  stack: Stack,
  field: string,
  selection: string,
  input: Record<string, unknown>,
): Promise<T & { userErrors: UserErrorView[]; warnings: { code: string; message: string; field: string[] }[] }> {
  const { body } = await graphql<
    Record<string, T & { userErrors: UserErrorView[]; warnings: { code: string; message: string; field: string[] }[] }>
  >(
    stack.gateway,
    `mutation($input: ${field[0]?.toUpperCase()}${field.slice(1)}Input!) { ${field}(input: $input) { ${selection} ` +
      `${PAYLOAD_ERRORS} } }`,
    { input },
    authorization('editor'),
  );
  if (body.errors) throw new Error(`${field} failed: ${JSON.stringify(body.errors)}`);
  const payload = body.data?.[field];
  if (!payload) throw new Error(`${field} returned no payload`);
  return payload;
}
