import type { ApiKeyRing, Caller } from './auth/api-keys.js';
import type { BackgroundTasks } from './background.js';
import type { CacheSettings, CaptionSettings, RequestLimits } from './config.js';
import type { Store } from './db/store.js';
import type { AssetIndex } from './domain/asset-index.js';
import type { Core } from './domain/core.js';
import type { Broadcast } from './events/broadcast.js';
import type { Logger } from './logger.js';
import type { MuxApi } from './mux/api.js';
import type { GatewayMetrics } from './observability/metrics.js';
import type { MuxBudget, RecentlyMissing, RefreshesInFlight, StaleReads } from './resolvers/read-through.js';
import type { TranscriptCapture } from './workflows/transcripts.js';

export interface GatewaySettings {
  cache: CacheSettings;
  captions: CaptionSettings;
  limits: RequestLimits;
  /** Base URL Mux fetches gateway-served files from. */
  publicBaseUrl: string;
  /** True when Mux is the built-in simulator. */
  simulated: boolean;
  /** True when spans are exported (OTEL_EXPORTER_OTLP_ENDPOINT): GraphQL operations get spans of their own. */
  tracing: boolean;
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
  /** Assets and uploads Mux just said it does not have. */
  missing: RecentlyMissing;
  /** Reads from Mux under way, shared by the requests that need the same rows. */
  refreshes: RefreshesInFlight;
  apiKeys: ApiKeyRing;
  background: BackgroundTasks;
  logger: Logger;
  metrics: GatewayMetrics;
  settings: GatewaySettings;
}

/** Per-request context handed to resolvers. */
export interface GatewayContext {
  services: GatewayServices;
  caller: Caller;
  /** Answers given from the cache because Mux could not be asked, reported in `extensions.cache.stale`. */
  stale: StaleReads;
  /** The calls to Mux the request may still cause. */
  budget: MuxBudget;
}
