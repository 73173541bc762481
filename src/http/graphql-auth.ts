import { GraphQLError } from 'graphql';
import { type ApiKeyRing, bearerToken, type Caller } from '../auth/api-keys.js';

/** Who sent each request, looked up once however many parts of the request ask (the cache, the context). */
const callers = new WeakMap<Request, Caller | undefined>();

/** The caller a request's `Authorization: Bearer <key>` names, if it names one. */
export function callerOfRequest(keys: ApiKeyRing, request: Request): Caller | undefined {
  if (callers.has(request)) return callers.get(request);
  const token = bearerToken(request.headers.get('authorization'));
  const caller = token ? keys.identify(token) : undefined;
  callers.set(request, caller);
  return caller;
}

/** Who is calling a request over HTTP; no key or a wrong one is refused with 401. */
export function identifyCaller(keys: ApiKeyRing, request: Request): Caller {
  const caller = callerOfRequest(keys, request);
  if (caller) return caller;
  const token = bearerToken(request.headers.get('authorization'));
  throw new GraphQLError(
    token ? 'The API key is not valid.' : 'An API key is required: send Authorization: Bearer <key>.',
    {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'www-authenticate': 'Bearer' } } },
    },
  );
}
