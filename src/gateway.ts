import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { type ApiKey, ApiKeyRing } from './auth/api-keys.js';
import { BackgroundTasks } from './background.js';
import type { CacheSettings, CaptionSettings, MuxSettings, ReconcileSettings } from './config.js';
import type { GatewayServices } from './context.js';
import { openDatabase } from './db/client.js';
import { createGatewayPubSub } from './events/pubsub.js';
import { Reconciler } from './events/reconciler.js';
import type { GraphiqlSetup } from './graphiql.js';
import type { GraphqlWs } from './http/graphql-ws.js';
import { createStudioRoute } from './http/studio.js';
import type { Logger } from './logger.js';
import { createMuxClient } from './mux/client.js';
import { StreamHost } from './mux/stream.js';
import { resumeReplacements } from './resolvers/captions/replace.js';
import { createGatewayServer, GRAPHQL_PATH, listen } from './server.js';

export interface GatewayOptions {
  port: number;
  host: string;
  databasePath: string;
  mux: MuxSettings;
  simulated: boolean;
  logger: Logger;
  apiKeys: readonly ApiKey[];
  cache: CacheSettings;
  reconcile: ReconcileSettings;
  captions: CaptionSettings;
  publicBaseUrl?: string | undefined;
  /** What GraphiQL opens with (a development key and a demo asset, on the simulator). */
  graphiql?: GraphiqlSetup;
}

export interface Gateway {
  url: string;
  graphqlUrl: string;
  services: GatewayServices;
  reconciler: Reconciler;
  webSockets: GraphqlWs;
  close(): Promise<void>;
}

/** Answers that never end by themselves: subscriptions over SSE (or multipart), which closing cuts instead. */
const STREAMED = /text\/event-stream|multipart\/mixed/;
/** The longest closing waits for requests under way to be answered. */
const ANSWER_GRACE_MS = 10_000;

/** Requests under way, so closing can let them finish (and write what they learned) before the database goes. */
function answersUnderWay(server: Server): () => Promise<void> {
  const open = new Set<Promise<void>>();
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (STREAMED.test(request.headers.accept ?? '')) return;
    const answered = new Promise<void>((resolve) => response.once('close', () => resolve()));
    open.add(answered);
    void answered.then(() => open.delete(answered));
  });
  return async () => {
    let late = false;
    const grace = new Promise<void>((resolve) => setTimeout(resolve, ANSWER_GRACE_MS).unref()).then(() => {
      late = true;
    });
    // A request can still arrive on a kept-alive connection while others are answered.
    while (open.size > 0 && !late) await Promise.race([Promise.all(open), grace]);
  };
}

/** Opens the database (applying migrations), connects the Mux edge and starts serving. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const database = openDatabase(options.databasePath);
  const mux = createMuxClient(options.mux);
  const services: GatewayServices = {
    db: database.db,
    mux,
    muxSettings: options.mux,
    stream: new StreamHost(mux, options.mux.streamBaseUrl),
    logger: options.logger,
    cache: options.cache,
    captions: options.captions,
    publicBaseUrl: options.publicBaseUrl ?? '',
    apiKeys: new ApiKeyRing(options.apiKeys),
    pubsub: createGatewayPubSub(),
    background: new BackgroundTasks(),
    assetIndexSync: undefined,
    simulated: options.simulated,
    startedAt: Date.now(),
  };
  const studio = createStudioRoute({
    distDir: fileURLToPath(new URL('../web/dist', import.meta.url)),
    simulated: options.simulated,
    host: options.host,
    developmentKey: options.graphiql?.apiKey,
  });
  const http = createGatewayServer(services, options.graphiql ?? {}, studio);
  const allAnswered = answersUnderWay(http.server);
  const running = await listen(http.server, options.port, options.host).catch((error: unknown) => {
    database.close();
    throw error;
  });
  services.publicBaseUrl ||= running.url;
  resumeReplacements(services);
  // Started after listening, so the work it resumes after a restart can be told to new subscribers.
  const reconciler = new Reconciler(services, options.reconcile);
  reconciler.start();
  return {
    url: running.url,
    graphqlUrl: `${running.url}${GRAPHQL_PATH}`,
    services,
    reconciler,
    webSockets: http.webSockets,
    /**
     * Stops taking work, lets what is under way finish (requests, the reconciler's sweep), then the
     * background work they started, and closes the database last, when nothing can write to it any more.
     */
    async close() {
      // No new connections from here; the ones under way are closed once answered (running.close()).
      http.server.close();
      await Promise.all([reconciler.stop(), http.webSockets.close(), allAnswered().then(() => running.close())]);
      await services.background.stop();
      database.close();
    },
  };
}
