import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createSourceEventStream, type ExecutionArgs, type ExecutionResult, execute, GraphQLError } from 'graphql';
import { createYoga, isAsyncIterable, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { GatewayError, toGraphQLError } from '../errors.js';
import { StaleReads } from '../resolvers/read-through.js';
import { schema } from '../schema/index.js';
import type { GatewayContext, GatewayServices } from '../services.js';
import { type GraphiqlSetup, graphiqlOptions } from './graphiql.js';
import { identifyCaller } from './graphql-auth.js';
import type { ServerContext } from './graphql-ws.js';

export const GRAPHQL_PATH = '/graphql';

export type GraphqlHandler = YogaServerInstance<ServerContext, GatewayContext>;

/** Answers given from the cache because Mux could not be asked are listed in `extensions.cache.stale`. */
function reportStaleReads(): Plugin<GatewayContext> {
  return {
    onExecute: () => ({
      onExecuteDone: ({ args, result, setResult }) => {
        const stale = args.contextValue.stale.notes;
        if (stale.length === 0 || isAsyncIterable(result)) return;
        setResult({ ...result, extensions: { ...result.extensions, cache: { stale } } });
      },
    }),
  };
}

/** Applies `map` to each item of `source`, passing a stop on to it. */
function mapEach<T, U>(source: AsyncIterable<T>, map: (item: T) => Promise<U>): AsyncGenerator<U, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  const mapped: AsyncGenerator<U, undefined> = {
    async next() {
      const result = await iterator.next();
      return result.done ? { done: true, value: undefined } : { done: false, value: await map(result.value) };
    },
    async return() {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]: () => mapped,
  };
  return mapped;
}

/**
 * Each event of a subscription is executed with a context of its own, so the loaders that read it are
 * fresh: an event shows the state it announces, not what an earlier event loaded.
 */
function freshContextPerEvent(): Plugin<GatewayContext> {
  return {
    onSubscribe: ({ setSubscribeFn }) => {
      setSubscribeFn(async (args: ExecutionArgs) => {
        const events = await createSourceEventStream(args);
        if (!isAsyncIterable(events)) return events as ExecutionResult;
        return mapEach(events, async (payload) =>
          execute({ ...args, rootValue: payload, contextValue: { ...(args.contextValue as GatewayContext) } }),
        );
      });
    },
  };
}

/** Errors are followed down to where they started: a resolver's error may be wrapped more than once. */
function rootCause(error: unknown): unknown {
  let cause = error;
  while (cause instanceof GraphQLError && cause.originalError) cause = cause.originalError;
  return cause;
}

/**
 * What a client may see of an error: the gateway's own typed errors through the one error table, GraphQL's
 * own (validation, limits, auth) as they are, and for anything unexpected only that it happened.
 */
function clientError(services: GatewayServices, error: unknown, message: string): Error {
  const cause = rootCause(error);
  const path = error instanceof GraphQLError ? error.path : undefined;
  if (cause instanceof GatewayError) return toGraphQLError(cause, path);
  if (cause instanceof GraphQLError && typeof cause.extensions.code === 'string') {
    return new GraphQLError(cause.message, { path, nodes: cause.nodes, extensions: cause.extensions });
  }
  if (error instanceof GraphQLError && !error.originalError) return error;
  services.logger.error('unexpected error', { reason: cause instanceof Error ? cause.message : String(cause) });
  return new GraphQLError(message, { path, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

export function createGraphqlHandler(services: GatewayServices, graphiql: GraphiqlSetup): GraphqlHandler {
  return createYoga<ServerContext, GatewayContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: graphiqlOptions(graphiql),
    renderGraphiQL,
    landingPage: false,
    maskedErrors: { maskError: (error, message) => clientError(services, error, message) },
    // Bounds on what one operation may ask for: every nested list can fan out into store reads and Mux calls.
    plugins: [
      maxDepthPlugin({ n: 12 }),
      maxAliasesPlugin({ n: 20 }),
      costLimitPlugin({ maxCost: 20_000 }),
      reportStaleReads(),
      freshContextPerEvent(),
    ],
    logging: {
      debug: (...args) => services.logger.debug(String(args[0])),
      info: (...args) => services.logger.info(String(args[0])),
      warn: (...args) => services.logger.warn(String(args[0])),
      error: (...args) => services.logger.error(String(args[0])),
    },
    context: ({ request, caller }) => ({
      services,
      // Over graphql-ws the caller was identified from connection_init; over HTTP and SSE, from the header.
      caller: caller ?? identifyCaller(services.apiKeys, request.headers.get('authorization')),
      stale: new StaleReads(),
    }),
  });
}
