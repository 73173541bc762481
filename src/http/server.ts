import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { REQUEST_ID_HEADER, requestIdFrom, withRequestId } from '../observability/request-context.js';
import { inRequestSpan } from '../observability/tracing.js';
import type { GatewayServices } from '../services.js';
import { fileRoutes } from './files.js';
import { type GraphiqlSetup, graphiqlPage, wantsGraphiql } from './graphiql.js';
import { createGraphqlHandler, GRAPHQL_PATH, OpenStreams } from './graphql.js';
import { attachGraphqlWs, type GraphqlWs } from './graphql-ws.js';
import { type MetricsAccess, metricsRoutes } from './metrics-route.js';
import { type Lifecycle, probeRoutes } from './probes.js';
import { type StudioSetup, studioRoutes } from './studio.js';
import { webhookRoutes } from './webhooks.js';

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

export interface EdgeSetup {
  graphiql: GraphiqlSetup;
  studio: StudioSetup;
  metrics: MetricsAccess;
  lifecycle: Lifecycle;
}

/** What shutting down must end itself: the HTTP server no longer tracks upgraded sockets nor streamed answers. */
export interface ServedGateway {
  webSockets: GraphqlWs;
  streams: OpenStreams;
}

/**
 * The gateway's routes: GraphQL and GraphiQL (subscriptions over SSE, and over graphql-ws on the same path),
 * Mux webhooks, files, the probes, metrics, and the caption studio, served on a listening server. Every
 * request gets a request id (the client's `x-request-id` when well-formed), returned in the same header and
 * carried by every log line written while handling it, and a server span when traces are exported.
 */
export function serveGateway(server: Server, services: GatewayServices, setup: EdgeSetup): ServedGateway {
  const streams = new OpenStreams();
  const graphql = createGraphqlHandler(services, streams);
  const app = new Hono<{ Bindings: HttpBindings }>();
  const page = graphiqlPage(setup.graphiql);
  const { maxBodyBytes } = services.settings.limits;
  app.on(
    ['GET', 'POST', 'OPTIONS'],
    GRAPHQL_PATH,
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) =>
        c.json(
          {
            errors: [
              {
                message: `The request body is larger than ${maxBodyBytes} bytes.`,
                extensions: { code: 'LIMIT_EXCEEDED', limit: 'body', max: maxBodyBytes },
              },
            ],
          },
          413,
          // The rest of the body is not read: the connection cannot carry another request, so it is closed
          // rather than left for a client to send its next request on and see it dropped.
          { connection: 'close' },
        ),
    }),
    (c) =>
      c.req.method === 'GET' && wantsGraphiql(c.req.header('accept'))
        ? page(c)
        : graphql.fetch(c.req.raw, { req: c.env.incoming, res: c.env.outgoing }),
  );
  app.route('/webhooks', webhookRoutes(services));
  app.route('/', fileRoutes(services));
  app.route('/', probeRoutes(services, setup.lifecycle));
  app.route('/', metricsRoutes(services, setup.metrics));
  app.route('/', studioRoutes(setup.studio));
  app.notFound((c) =>
    c.json({ error: 'not_found', message: `Nothing at ${c.req.path}. GraphQL is at ${GRAPHQL_PATH}.` }, 404),
  );
  app.onError((error, c) => {
    services.logger.error('request failed', { path: c.req.path, reason: error.message });
    return c.json({ error: 'internal_error', message: 'The gateway could not handle this request.' }, 500);
  });
  const routes = getRequestListener(app.fetch);
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
    response.setHeader(REQUEST_ID_HEADER, requestId);
    // A client is told to reconnect (elsewhere, once this instance is out of the load balancer) rather than
    // keep a connection to an instance that is going away.
    if (setup.lifecycle.shuttingDown) response.setHeader('connection', 'close');
    const path = request.url?.split('?', 1)[0] ?? '/';
    withRequestId(requestId, () =>
      inRequestSpan(request.method ?? 'GET', path, request.headers, (answered) => {
        response.once('close', () => answered(response.statusCode));
        if (straightToGraphql(request, maxBodyBytes)) {
          void Promise.resolve(graphql(request, response)).then(() => answerIfUnanswered(response, services));
        } else void routes(request, response);
      }),
    );
  });
  return { webSockets: attachGraphqlWs(server, GRAPHQL_PATH, graphql, services), streams };
}

/**
 * Yoga's Node adapter only logs a failure to send its answer (a header Node refuses, say) and leaves the client
 * waiting; a request it left without so much as a status line gets the gateway's own 500.
 */
function answerIfUnanswered(response: ServerResponse, services: GatewayServices): void {
  if (response.headersSent || response.writableEnded) return;
  services.logger.error('request failed', { path: GRAPHQL_PATH, reason: 'the GraphQL handler sent no answer' });
  response.writeHead(500, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: 'internal_error', message: 'The gateway could not handle this request.' }));
}

/**
 * A GraphQL request that declares a body within the limit goes straight to yoga's own Node adapter, which
 * builds its request lazily; through the router it would first become a full fetch Request (headers, an
 * abort signal, a body stream), a third of the time of a cached answer. Anything else (GraphiQL pages, bodies
 * of unknown or too large a size, other paths) takes the routes above.
 */
function straightToGraphql(request: IncomingMessage, maxBodyBytes: number): boolean {
  const path = request.url?.split('?', 1)[0];
  if (path !== GRAPHQL_PATH) return false;
  if (request.method === 'POST') {
    const length = Number(request.headers['content-length']);
    return Number.isInteger(length) && length <= maxBodyBytes;
  }
  return request.method === 'GET' && !wantsGraphiql(request.headers.accept);
}
