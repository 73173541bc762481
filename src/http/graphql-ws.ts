import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { type ExecutionArgs, GraphQLError } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { type ApiKeyRing, bearerToken, type Caller } from '../auth/api-keys.js';
import type { GatewayContext, GatewayServices } from '../services.js';

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

export interface GraphqlWs {
  /** Connections open right now. */
  clientCount(): number;
  /** Ends every subscription and closes every connection (1001, going away). */
  close(): Promise<void>;
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
  const disposable = useServer(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args) as never,
      onConnect: (ctx) => {
        const caller = callerOf(services.apiKeys, ctx.connectionParams);
        if (!('refused' in caller)) return true;
        services.logger.warn('subscription connection refused', { code: caller.refused });
        ctx.extra.socket.close(caller.refused, caller.reason);
        return false;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const caller = callerOf(services.apiKeys, ctx.connectionParams);
        if ('refused' in caller) return [new GraphQLError(caller.reason, { extensions: { code: 'UNAUTHENTICATED' } })];
        const enveloped = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          caller,
        });
        let document: ReturnType<typeof enveloped.parse>;
        try {
          document = enveloped.parse(payload.query);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('The query could not be parsed.')];
        }
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length > 0) return errors;
        return {
          schema: enveloped.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: await enveloped.contextFactory(),
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe } satisfies EnvelopedRoot,
        };
      },
    },
    sockets,
  );
  return {
    clientCount: () => sockets.clients.size,
    close: async () => {
      await disposable.dispose();
    },
  };
}
