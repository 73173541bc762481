import type { ApiKeyRing, Caller } from './auth/api-keys.js';
import type { BackgroundTasks } from './background.js';
import type { CacheSettings, CaptionSettings } from './config.js';
import type { Store } from './db/store.js';
import type { AssetIndex } from './domain/asset-index.js';
import type { Core } from './domain/core.js';
import type { Broadcast } from './events/broadcast.js';
import type { Logger } from './logger.js';
import type { MuxApi } from './mux/api.js';
import type { StaleReads } from './resolvers/read-through.js';
import type { TranscriptCapture } from './workflows/transcripts.js';

export interface GatewaySettings {
  cache: CacheSettings;
  captions: CaptionSettings;
  /** Base URL Mux fetches gateway-served files from. */
  publicBaseUrl: string;
  /** True when Mux is the built-in simulator. */
  simulated: boolean;
  startedAt: number;
}

/** What the gateway's parts share for its whole life, put together once at start. */
export interface GatewayServices {
  store: Store;
  mux: MuxApi;
  core: Core;
  assetIndex: AssetIndex;
  broadcast: Broadcast;
  transcripts: TranscriptCapture;
  apiKeys: ApiKeyRing;
  background: BackgroundTasks;
  logger: Logger;
  settings: GatewaySettings;
}

/** Per-request context handed to resolvers. */
export interface GatewayContext {
  services: GatewayServices;
  caller: Caller;
  /** Answers given from the cache because Mux could not be asked, reported in `extensions.cache.stale`. */
  stale: StaleReads;
}
