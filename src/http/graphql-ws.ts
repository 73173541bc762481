import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { type ExecutionArgs, GraphQLError } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { type WebSocket, WebSocketServer } from 'ws';
import { type ApiKeyRing, bearerToken, type Caller } from '../auth/api-keys.js';
import { GatewayError, LimitExceededError, toRequestError } from '../errors.js';
import type { GatewayContext, GatewayServices } from '../services.js';
import { codedErrors } from './limits.js';
import { TrustedDocuments } from './trusted-documents.js';

/** What yoga's context factory gets with each operation: over graphql-ws also the caller identified at connection. */
export interface ServerContext {
  req: IncomingMessage;
  res?: ServerResponse;
  caller?: Caller;
}

/**
 * The envelop functions of one operation, carried to `execute`/`subscribe` as the root value (yoga's graphql-ws
 * recipe).
 */
interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
}

type ConnectionCaller = Caller | { refused: CloseCode.Unauthorized | CloseCode.Forbidden; reason: string };

/** The API key travels in `connection_init`: `{ authorization: 'Bearer <key>' }` or `{ apiKey: '<key>' }`. */
function callerOf(keys: ApiKeyRing, params: Readonly<Record<string, unknown>> | undefined): ConnectionCaller {
  const key =
    typeof params?.apiKey === 'string'
      ? params.apiKey
      : bearerToken(typeof params?.authorization === 'string' ? params.authorization : undefined);
  if (!key)
    return {
      refused: CloseCode.Unauthorized,
      reason: 'An API key is required: send { authorization: "Bearer <key>" } in connection_init.',
    };
  return keys.identify(key) ?? { refused: CloseCode.Forbidden, reason: 'The API key is not valid.' };
}

/** WebSocket's own close code for an endpoint going away (RFC 6455), which graphql-ws has no name for. */
const GOING_AWAY = 1001;

export interface GraphqlWs {
  /** Connections open right now. */
  clientCount(): number;
  /** Ends every subscription and closes every connection with 1001 (going away) and `reason`. */
  close(reason: string): Promise<void>;
}

/**
 * One event told to a hundred subscriptions on one connection is a hundred messages; written as they come, each
 * is a system call of its own. The connection's socket is corked at the first message of a turn of the event
 * loop and uncorked once the turn is over, so they leave together.
 */
function batchWrites(socket: WebSocket, request: IncomingMessage): void {
  const connection = request.socket;
  const send = socket.send.bind(socket);
  let corked = false;
  socket.send = ((...args: Parameters<WebSocket['send']>) => {
    if (!corked) {
      corked = true;
      connection.cork();
      setImmediate(() => {
        corked = false;
        connection.uncork();
      });
    }
    send(...args);
  }) as WebSocket['send'];
}

/** What running one operation gave, or the GraphQL error it failed with. */
async function settle(run: () => unknown): Promise<never> {
  try {
    return (await run()) as never;
  } catch (error) {
    const failure = error instanceof GraphQLError ? error : new GraphQLError('Unexpected error.');
    return { errors: codedErrors([failure]) } as never;
  }
}

/** graphql-ws on the gateway's own HTTP server and GraphQL path, executing through yoga's envelop like HTTP does. */
export function attachGraphqlWs(
  server: Server,
  path: string,
  yoga: YogaServerInstance<ServerContext, GatewayContext>,
  services: GatewayServices,
): GraphqlWs {
  // A subscription request is a small JSON message; ws would otherwise accept frames of up to 100 MiB.
  const sockets = new WebSocketServer({ server, path, maxPayload: 1024 * 1024 });
  sockets.on('connection', batchWrites);
  const { trustedDocuments } = services.settings;
  const trusted = trustedDocuments && new TrustedDocuments(trustedDocuments);
  const disposable = useServer(
    {
      // An error while running one subscription is that subscription's answer; the socket and its other
      // subscriptions carry on.
      execute: (args) => settle(() => (args.rootValue as EnvelopedRoot).execute(args)),
      subscribe: (args) => settle(() => (args.rootValue as EnvelopedRoot).subscribe(args)),
      onConnect: (ctx) => {
        const caller = callerOf(services.apiKeys, ctx.connectionParams);
        if (!('refused' in caller)) return true;
        services.logger.info('subscription connection refused', { code: caller.refused });
        ctx.extra.socket.close(caller.refused, caller.reason);
        return false;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const caller = callerOf(services.apiKeys, ctx.connectionParams);
        if ('refused' in caller) return [new GraphQLError(caller.reason, { extensions: { code: 'UNAUTHENTICATED' } })];
        const { subscriptionsPerSocket } = services.settings.limits;
        // graphql-ws lists this subscription among the socket's before asking.
        if (Object.keys(ctx.subscriptions).length > subscriptionsPerSocket) {
          const message = `A connection holds at most ${subscriptionsPerSocket} subscriptions.`;
          return [toRequestError(new LimitExceededError('subscriptionsPerSocket', subscriptionsPerSocket, message))];
        }
        // HTTP takes these rules from yoga's persisted-operations plugin, which graphql-ws does not pass through.
        const query = trusted ? trusted.documentFor(caller, payload) : payload.query;
        if (query instanceof GatewayError) return [toRequestError(query)];
        try {
          const enveloped = yoga.getEnveloped({
            ...ctx,
            req: ctx.extra.request,
            socket: ctx.extra.socket,
            params: { ...payload, query },
            caller,
          });
          const document = enveloped.parse(query);
          const errors = enveloped.validate(enveloped.schema, document);
          if (errors.length > 0) return codedErrors(errors);
          return {
            schema: enveloped.schema,
            document,
            operationName: payload.operationName,
            variableValues: payload.variables,
            contextValue: await enveloped.contextFactory(),
            rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe } satisfies EnvelopedRoot,
          };
        } catch (error) {
          if (error instanceof GraphQLError) return codedErrors([error]);
          services.logger.error('subscription could not start', { reason: String(error) });
          return [new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })];
        }
      },
    },
    sockets,
  );
  return {
    clientCount: () => sockets.clients.size,
    close: async (reason) => {
      // Closed here first so clients read why; graphql-ws' own dispose says only "Going away".
      for (const socket of sockets.clients) socket.close(GOING_AWAY, reason);
      await disposable.dispose();
    },
  };
}
