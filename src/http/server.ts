import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayServices } from '../services.js';
import { CAPTION_FILE_PATH, serveCaptionFile } from './caption-file-route.js';
import type { GraphiqlSetup } from './graphiql.js';
import { createGraphqlHandler, GRAPHQL_PATH } from './graphql.js';
import { attachGraphqlWs, type GraphqlWs } from './graphql-ws.js';
import { sendJson } from './respond.js';
import { findRoute, type Route } from './router.js';
import { serveTranscriptFile, TRANSCRIPT_FILE_PATH } from './transcript-route.js';
import { handleMuxWebhook } from './webhook-route.js';

export { GRAPHQL_PATH };

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** An HTTP server listening, with no handler yet: the gateway's address is known before its services are built. */
export function listen(port: number, host: string): Promise<RunningServer> {
  const server = createServer();
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

/**
 * Serves the gateway on a listening server: GraphQL and GraphiQL (subscriptions over SSE, and over graphql-ws
 * on the same path), Mux webhooks, files Mux fetches, transcript files, and a health probe. Returns the
 * graphql-ws connections, which the HTTP server no longer tracks once they are upgraded.
 */
export function serveGateway(server: Server, services: GatewayServices, graphiql: GraphiqlSetup): GraphqlWs {
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
  ];
  server.on('request', (request, response) => {
    const path = new URL(request.url ?? '/', 'http://gateway').pathname;
    const found = findRoute(routes, path);
    const handled = found
      ? found.route.handle(request, response, found.match)
      : sendJson(response, 404, { error: 'not_found', message: `Nothing at ${path}. GraphQL is at ${GRAPHQL_PATH}.` });
    Promise.resolve(handled).catch((error: unknown) => {
      services.logger.error('request failed', { path, reason: error instanceof Error ? error.message : String(error) });
      if (!response.headersSent) {
        sendJson(response, 500, { error: 'internal_error', message: 'The gateway could not handle this request.' });
      } else response.end();
    });
  });
  return attachGraphqlWs(server, GRAPHQL_PATH, graphql, services);
}
