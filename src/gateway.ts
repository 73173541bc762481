import { ApiKeyRing, type ApiKey } from './auth/api-keys.js';
import { BackgroundTasks } from './background.js';
import type { CacheSettings, CaptionSettings, MuxSettings, ReconcileSettings } from './config.js';
import type { GatewayServices } from './context.js';
import { openDatabase } from './db/client.js';
import { createGatewayPubSub } from './events/pubsub.js';
import { Reconciler } from './events/reconciler.js';
import { resumeReplacements } from './resolvers/captions/replace.js';
import type { Logger } from './logger.js';
import { createMuxClient } from './mux/client.js';
import { StreamHost } from './mux/stream.js';
import type { GraphqlWs } from './http/graphql-ws.js';
import type { GraphiqlSetup } from './graphiql.js';
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
  const http = createGatewayServer(services, options.graphiql ?? {});
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
    async close() {
      await http.webSockets.close();
      await running.close();
      await reconciler.stop();
      await services.background.stop();
      database.close();
    },
  };
}
