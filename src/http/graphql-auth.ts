import { GraphQLError } from 'graphql';
import { type ApiKeyRing, bearerToken, type Caller } from '../auth/api-keys.js';

/** Who is calling, from `Authorization: Bearer <key>` (or a graphql-ws connection_init payload). */
export function identifyCaller(keys: ApiKeyRing, authorization: string | null | undefined): Caller {
  const token = bearerToken(authorization);
  const caller = token ? keys.identify(token) : undefined;
  if (caller) return caller;
  throw new GraphQLError(
    token ? 'The API key is not valid.' : 'An API key is required: send Authorization: Bearer <key>.',
    {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'www-authenticate': 'Bearer' } } },
    },
  );
}
