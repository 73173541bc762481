import { ApiKeyRing, type ApiKey } from './auth/api-keys.js';
import type { CacheSettings, MuxSettings } from './config.js';
import type { GatewayServices } from './context.js';
import { openDatabase } from './db/client.js';
import { createGatewayPubSub } from './events/pubsub.js';
import type { Logger } from './logger.js';
import { createMuxClient } from './mux/client.js';
import { StreamHost } from './mux/stream.js';
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
  /** A key GraphiQL opens with in its headers; only for a development key on the simulator. */
  graphiqlApiKey?: string | undefined;
}

export interface Gateway {
  url: string;
  graphqlUrl: string;
  services: GatewayServices;
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
    apiKeys: new ApiKeyRing(options.apiKeys),
    pubsub: createGatewayPubSub(),
    assetIndexSync: undefined,
    simulated: options.simulated,
    startedAt: Date.now(),
  };
  const running = await listen(createGatewayServer(services, options.graphiqlApiKey), options.port, options.host).catch((error: unknown) => {
    database.close();
    throw error;
  });
  return {
    url: running.url,
    graphqlUrl: `${running.url}${GRAPHQL_PATH}`,
    services,
    async close() {
      await running.close();
      database.close();
    },
  };
}
