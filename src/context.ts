import type Mux from '@mux/mux-node';
import type { ApiKeyRing, Caller } from './auth/api-keys.js';
import type { BackgroundTasks } from './background.js';
import type { CacheSettings, CaptionSettings, MuxSettings } from './config.js';
import type { Db } from './db/client.js';
import type { GatewayPubSub } from './events/pubsub.js';
import type { Logger } from './logger.js';
import type { StreamHost } from './mux/stream.js';
import type { RequestLoaders } from './resolvers/loaders.js';
import type { RequestCache } from './resolvers/request-cache.js';

/** What the gateway's parts share for its whole life. */
export interface GatewayServices {
  db: Db;
  mux: Mux;
  muxSettings: MuxSettings;
  stream: StreamHost;
  logger: Logger;
  cache: CacheSettings;
  captions: CaptionSettings;
  /** Base URL Mux fetches gateway-served files from. */
  publicBaseUrl: string;
  apiKeys: ApiKeyRing;
  pubsub: GatewayPubSub;
  background: BackgroundTasks;
  /** The asset index sync under way, shared by every request that needs it. */
  assetIndexSync: Promise<number> | undefined;
  /** True when Mux is the built-in simulator. */
  simulated: boolean;
  startedAt: number;
}

/** Per-request context handed to resolvers. */
export interface GatewayContext {
  services: GatewayServices;
  caller: Caller;
  cache: RequestCache;
  loaders: RequestLoaders;
}
