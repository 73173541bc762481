import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import { SimClock } from './clock.js';
import type { SimulatorOptions } from './config.js';
import type { SimContext } from './context.js';
import { isRobotsPath, robotsError, videoError } from './errors.js';
import { FaultController } from './faults.js';
import { basicAuth } from './routes/auth.js';
import { SimState } from './state.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';

export interface Simulator {
  /** Base URL of the management API (what `api.mux.com` is to real clients). */
  apiUrl: string;
  /** Base URL of the stream host (what `stream.mux.com` is). */
  streamUrl: string;
  context: SimContext;
  close(): Promise<void>;
}

function logRequests(state: SimState, clock: SimClock): MiddlewareHandler {
  return async (c, next) => {
    await next();
    state.requests.push({ method: c.req.method, path: c.req.path, status: c.res.status, atMs: clock.now() });
  };
}

function createApiApp(context: SimContext): Hono {
  const app = new Hono();
  app.use(logRequests(context.state, context.clock));
  for (const prefix of ['/video/*', '/robots/*', '/system/*']) {
    app.use(prefix, basicAuth(context.options), context.faults.middleware());
  }
  app.notFound((c) =>
    isRobotsPath(c.req.path)
      ? robotsError(c, 404, 'not_found', 'Not found')
      : videoError(c, 404, 'not_found', 'The requested resource was not found'),
  );
  app.onError((error, c) => {
    console.error(`[sim] ${c.req.method} ${c.req.path} failed:`, error);
    return isRobotsPath(c.req.path)
      ? robotsError(c, 500, 'internal_server_error', 'Internal server error')
      : videoError(c, 500, 'internal_server_error', 'Internal server error');
  });
  return app;
}

function createStreamApp(context: SimContext): Hono {
  const app = new Hono();
  app.use(logRequests(context.state, context.clock));
  app.notFound((c) => c.json({ code: 5, message: 'Not Found' }, 404));
  return app;
}

/** Listens; a port already taken rejects (with the error's `port`), rather than surfacing as an uncaught error. */
function listen(app: Hono, host: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, () => {
      server.off('error', reject);
      resolve(server);
    });
    server.once('error', reject);
  });
}

function baseUrl(server: ServerType, host: string): string {
  const { port } = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}

export type RouteRegistrar = (api: Hono, stream: Hono, context: SimContext) => void;

/** Starts the simulated Mux: the management API and the stream host, each on its own port. */
export async function startSimulator(options: SimulatorOptions, registrars: RouteRegistrar[]): Promise<Simulator> {
  const clock = new SimClock(options.speed);
  const faults = new FaultController(options.faults);
  const context: SimContext = {
    options,
    state: new SimState(),
    clock,
    faults,
    webhooks: new WebhookDispatcher({
      secret: options.webhookSecret,
      urls: options.webhookUrls,
      environment: options.environment,
      clock,
      faults,
    }),
    urls: { api: '', stream: '' },
  };
  const api = createApiApp(context);
  const stream = createStreamApp(context);
  for (const register of registrars) register(api, stream, context);

  const apiServer = await listen(api, options.host, options.apiPort);
  const streamServer = await listen(stream, options.host, options.streamPort);
  context.urls.api = baseUrl(apiServer, options.host);
  context.urls.stream = baseUrl(streamServer, options.host);

  return {
    apiUrl: context.urls.api,
    streamUrl: context.urls.stream,
    context,
    async close() {
      context.webhooks.close();
      clock.close();
      await Promise.all([closeServer(apiServer), closeServer(streamServer)]);
    },
  };
}
