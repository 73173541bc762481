import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError } from 'graphql';
import { createYoga, isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { GatewayContext, GatewayServices } from './context.js';
import { type GraphiqlSetup, graphiqlOptions } from './graphiql.js';
import { CAPTION_FILE_PATH, serveCaptionFile } from './http/caption-file-route.js';
import { identifyCaller } from './http/graphql-auth.js';
import { attachGraphqlWs, type GraphqlWs, type ServerContext } from './http/graphql-ws.js';
import { sendJson } from './http/respond.js';
import { findRoute, type Route } from './http/router.js';
import { serveTranscriptFile, TRANSCRIPT_FILE_PATH } from './http/transcript-route.js';
import { handleMuxWebhook } from './http/webhook-route.js';
import { RequestLoaders } from './resolvers/loaders.js';
import { RequestCache } from './resolvers/request-cache.js';
import { toClientError } from './schema/errors.js';
import { schema } from './schema/index.js';

export const GRAPHQL_PATH = '/graphql';

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Answers given from the cache because Mux could not be asked are listed in `extensions.cache.stale`. */
function reportStaleReads(): Plugin<GatewayContext> {
  return {
    onExecute: () => ({
      onExecuteDone: ({ args, result, setResult }) => {
        const stale = args.contextValue.cache.stale;
        if (stale.length === 0 || isAsyncIterable(result)) return;
        setResult({ ...result, extensions: { ...result.extensions, cache: { stale } } });
      },
    }),
  };
}

function createGraphqlHandler(services: GatewayServices, graphiql: GraphiqlSetup) {
  return createYoga<ServerContext, GatewayContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: graphiqlOptions(graphiql),
    renderGraphiQL,
    landingPage: false,
    maskedErrors: {
      maskError: (error, message) => {
        const clientError = toClientError(error);
        if (clientError) return clientError;
        services.logger.error('unexpected error', { reason: error instanceof Error ? error.message : String(error) });
        return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      },
    },
    // Bounds on what one operation may ask for: every nested list can fan out into SQLite work and Mux calls.
    plugins: [
      maxDepthPlugin({ n: 12 }),
      maxAliasesPlugin({ n: 20 }),
      costLimitPlugin({ maxCost: 20_000 }),
      reportStaleReads(),
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
      cache: new RequestCache(),
      loaders: new RequestLoaders(services),
    }),
  });
}

export interface GatewayServer {
  server: Server;
  /** graphql-ws connections, which the HTTP server no longer tracks once they are upgraded. */
  webSockets: GraphqlWs;
}

/**
 * One HTTP server: GraphQL and GraphiQL (subscriptions over SSE, and over graphql-ws on the same path), Mux
 * webhooks, files Mux fetches, a health probe, and the caption studio web page.
 */
export function createGatewayServer(services: GatewayServices, graphiql: GraphiqlSetup, studio: Route): GatewayServer {
  const graphql = createGraphqlHandler(services, graphiql);
  const routes: Route[] = [
    { path: new RegExp(`^${GRAPHQL_PATH}$`), handle: (request, response) => graphql(request, response) },
    { path: /^\/webhooks\/mux$/, handle: (request, response) => handleMuxWebhook(services, request, response) },
    {
      path: CAPTION_FILE_PATH,
      handle: (_request, response, match) => serveCaptionFile(services, match[1] ?? '', response),
    },
    {
      path: TRANSCRIPT_FILE_PATH,
      handle: (request, response, match) => serveTranscriptFile(services, request, response, match),
    },
    { path: /^\/healthz$/, handle: (_request, response) => sendJson(response, 200, { ok: true }) },
    studio,
  ];
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://gateway').pathname;
    const found = findRoute(routes, path);
    const handled = found
      ? found.route.handle(request, response, found.match)
      : sendJson(response, 404, { error: 'not_found', message: `Nothing at ${path}. GraphQL is at ${GRAPHQL_PATH}.` });
    Promise.resolve(handled).catch((error: unknown) => {
      services.logger.error('request failed', { path, reason: error instanceof Error ? error.message : String(error) });
      if (!response.headersSent)
        sendJson(response, 500, { error: 'internal_error', message: 'The gateway could not handle this request.' });
      else response.end();
    });
  });
  return { server, webSockets: attachGraphqlWs(server, GRAPHQL_PATH, graphql, services) };
}

export function listen(server: Server, port: number, host: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        server,
        url: `http://${shownHost}:${address.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
