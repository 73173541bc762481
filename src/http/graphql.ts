import { useOpenTelemetry } from '@envelop/opentelemetry';
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import { trace } from '@opentelemetry/api';
import { PothosValidationError } from '@pothos/core';
import {
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  GraphQLError,
  print,
} from 'graphql';
import { createYoga, isAsyncIterable, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { GatewayError, InvalidInputError, LimitExceededError, toGraphQLError, toRequestError } from '../errors.js';
import { MuxBudget, StaleReads } from '../resolvers/read-through.js';
import { schema } from '../schema/index.js';
import type { GatewayContext, GatewayServices } from '../services.js';
import { CORS_ALLOWED_HEADERS, CORS_MAX_AGE_SECONDS, corsOriginPolicy } from './cors.js';
import { identifyCaller } from './graphql-auth.js';
import type { ServerContext } from './graphql-ws.js';
import { everyErrorCoded, requestLimits } from './limits.js';
import { keyRateLimit } from './rate-limit.js';
import { requestLog } from './request-log.js';
import { responseCache } from './response-cache.js';
import { DOCUMENT_ID_PARAM, TrustedDocuments } from './trusted-documents.js';
import { wellFormedText } from './well-formed.js';

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

/** Applies `map` to each item of `source`, passing a stop on to it; `onEnd` runs once, however it ends. */
function mapEach<T, U>(
  source: AsyncIterable<T>,
  map: (item: T) => Promise<U>,
  onEnd: () => void,
): AsyncGenerator<U, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  let ended = false;
  const end = () => {
    if (!ended) onEnd();
    ended = true;
  };
  const mapped: AsyncGenerator<U, undefined> = {
    async next() {
      const result = await iterator.next().catch((error: unknown) => {
        end();
        throw error;
      });
      if (result.done) {
        end();
        return { done: true, value: undefined };
      }
      return { done: false, value: await map(result.value) };
    },
    async return() {
      end();
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      end();
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]: () => mapped,
  };
  return mapped;
}

/** Documents as text, printed once each: yoga parses a query text once, so its subscribers share one document. */
const printed = new WeakMap<DocumentNode, string>();

function printedOnce(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

/** Subscription streams open now, over SSE and graphql-ws, so that shutting down can end them. */
export class OpenStreams {
  readonly #streams = new Set<AsyncGenerator<unknown, undefined>>();

  add(stream: AsyncGenerator<unknown, undefined>): void {
    this.#streams.add(stream);
  }

  delete(stream: AsyncGenerator<unknown, undefined>): void {
    this.#streams.delete(stream);
  }

  /** Ends every stream as if its client had stopped it: an SSE answer ends with its `complete` event. */
  async endAll(): Promise<void> {
    await Promise.allSettled([...this.#streams].map((stream) => stream.return(undefined)));
  }
}

/**
 * Subscriptions, whether over SSE or graphql-ws: at most `perKey` open at a time per API key, and each event
 * executed with a context of its own, so the loaders that read it are fresh: an event shows the state it
 * announces, not what an earlier event loaded. Subscribers of one event with the same document, variables and
 * role share one execution of it: a thousand subscribers to an asset's tracks cost one.
 */
function subscriptions(services: GatewayServices, streams: OpenStreams): Plugin<GatewayContext> {
  const perKey = services.settings.limits.subscriptionsPerKey;
  const gauge = services.metrics.openSubscriptions;
  const open = new Map<string, number>();
  const executions = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
  const sharedExecution = (payload: unknown, key: string, run: () => Promise<ExecutionResult>) => {
    if (payload === null || typeof payload !== 'object') return run();
    const forPayload = executions.get(payload) ?? new Map<string, Promise<ExecutionResult>>();
    executions.set(payload, forPayload);
    let result = forPayload.get(key);
    if (!result) {
      result = run();
      forPayload.set(key, result);
    }
    return result;
  };
  const release = (key: string) => {
    gauge.dec();
    const left = (open.get(key) ?? 1) - 1;
    if (left > 0) open.set(key, left);
    else open.delete(key);
  };
  return {
    onSubscribe: ({ setSubscribeFn }) => {
      setSubscribeFn(async (args: ExecutionArgs) => {
        const context = args.contextValue as GatewayContext;
        const key = context.caller.name;
        if ((open.get(key) ?? 0) >= perKey) {
          const message = `An API key holds at most ${perKey} open subscriptions.`;
          return { errors: [toRequestError(new LimitExceededError('subscriptionsPerKey', perKey, message))] };
        }
        // Counted before the stream starts, so that subscriptions sent together cannot all pass the check.
        open.set(key, (open.get(key) ?? 0) + 1);
        gauge.inc();
        const events = await createSourceEventStream(args).catch((error: unknown) => {
          release(key);
          throw error;
        });
        if (!isAsyncIterable(events)) {
          release(key);
          return events as ExecutionResult;
        }
        const executionKey = [
          context.caller.role,
          printedOnce(args.document),
          JSON.stringify(args.variableValues ?? {}),
        ].join('\n');
        const stream: AsyncGenerator<ExecutionResult, undefined> = mapEach(
          events,
          (payload) =>
            sharedExecution(payload, executionKey, async () =>
              execute({
                ...args,
                rootValue: payload,
                contextValue: { ...context, stale: new StaleReads(), budget: new MuxBudget(context.budget.max) },
              }),
            ),
          () => {
            release(key);
            streams.delete(stream);
          },
        );
        streams.add(stream);
        return stream;
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
 * What a client may see of an error: the gateway's own typed errors through the one error table; GraphQL's
 * own (syntax, validation, variable coercion, limits, auth) and Pothos' input checks as the client's input
 * errors, worded by the outermost error (which names the variable and the path into it); for anything else,
 * only that it happened. INTERNAL_SERVER_ERROR means a bug in the gateway, and only that is logged here.
 */
function clientError(services: GatewayServices, error: unknown, message: string): Error {
  const cause = rootCause(error);
  const path = error instanceof GraphQLError ? error.path : undefined;
  if (cause instanceof GatewayError) return toGraphQLError(cause, path);
  if (cause instanceof PothosValidationError) return toGraphQLError(InvalidInputError.of([], cause.message), path);
  if (cause instanceof GraphQLError) {
    const outer = error instanceof GraphQLError ? error : cause;
    const extensions = { ...cause.extensions, ...outer.extensions };
    const code = typeof extensions.code === 'string' ? extensions.code : 'BAD_USER_INPUT';
    return new GraphQLError(outer.message, { path, nodes: outer.nodes, extensions: { ...extensions, code } });
  }
  services.logger.error('unexpected error', { reason: cause instanceof Error ? cause.message : String(cause) });
  return new GraphQLError(message, { path, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

/**
 * yoga's Prometheus plugin counts and times operations into the gateway's own registry (`/metrics` is served
 * by the HTTP edge, behind its token); when traces are exported, envelop's plugin adds a span per operation,
 * without variables or results, which may hold what clients consider private.
 */
function operationTelemetry(services: GatewayServices): Plugin[] {
  // The URL would carry a GET request's whole query (and a label value per distinct one).
  const metrics = usePrometheus({ registry: services.metrics.registry, endpoint: false, labels: { url: false } });
  if (!services.settings.tracing) return [metrics];
  const spans = useOpenTelemetry(
    { resolvers: false, variables: false, result: false, document: true },
    trace.getTracerProvider(),
  ) as Plugin;
  return [metrics, spans];
}

export function createGraphqlHandler(services: GatewayServices, streams: OpenStreams): GraphqlHandler {
  const classified = new WeakSet<Error>();
  const corsOrigin = corsOriginPolicy(services.settings);
  const rateLimit = keyRateLimit(services);
  const { trustedDocuments } = services.settings;
  const trusted = trustedDocuments && new TrustedDocuments(trustedDocuments);
  return createYoga<ServerContext, GatewayContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    // The HTTP edge bounds bodies (http/server.ts); yoga's own bound re-streams every body through a counter.
    maxRequestBodySize: false,
    // GraphiQL is served by the HTTP edge (http/graphiql.ts), compressed and cached.
    graphiql: false,
    landingPage: false,
    cors: (request) => {
      const origin = corsOrigin(request.headers.get('origin'));
      return origin
        ? {
            origin,
            credentials: false,
            methods: ['GET', 'POST', 'OPTIONS'],
            allowedHeaders: CORS_ALLOWED_HEADERS,
            maxAge: CORS_MAX_AGE_SECONDS,
          }
        : false;
    },
    extraParamNames: trusted ? [DOCUMENT_ID_PARAM] : [],
    maskedErrors: {
      maskError: (error, message) => {
        if (error instanceof Error) classified.add(error);
        return clientError(services, error, message);
      },
    },
    plugins: [
      ...(trusted ? trusted.plugins(services.apiKeys) : []),
      ...requestLimits(services.settings.limits, rateLimit?.charge),
      wellFormedText(),
      everyErrorCoded(),
      reportStaleReads(),
      ...responseCache(services),
      // After the response cache: the last result an onParams hook sets is the one answered.
      ...(rateLimit ? [rateLimit.refuseSpent] : []),
      subscriptions(services, streams),
      requestLog(services.logger),
      ...operationTelemetry(services),
    ],
    logging: {
      debug: (...args) => services.logger.debug(String(args[0])),
      info: (...args) => services.logger.info(String(args[0])),
      warn: (...args) => services.logger.warn(String(args[0])),
      // yoga logs every error it masked; clientError has logged those that are the gateway's fault.
      error: (...args) => {
        if (!classified.has(args[0])) services.logger.error(String(args[0]));
      },
    },
    context: ({ request, caller }) => ({
      services,
      // Over graphql-ws the caller was identified from connection_init; over HTTP and SSE, from the header.
      caller: caller ?? identifyCaller(services.apiKeys, request),
      stale: new StaleReads(),
      budget: new MuxBudget(services.settings.limits.maxMuxCalls),
    }),
  });
}
