import type { ApiKeyRing, Caller } from './auth/api-keys.js';
import type { FileUrlSigner } from './auth/file-urls.js';
import type { TrustedDocumentList } from './auth/trusted-documents.js';
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
  /** The only documents keys of some roles may run; undefined: every key may send any. */
  trustedDocuments: TrustedDocumentList | undefined;
  /** Base URL Mux fetches gateway-served files from. */
  publicBaseUrl: string;
  /** True when Mux is the built-in simulator. */
  simulated: boolean;
  /** How many times faster than real time Mux works: 1, or the simulator's speed. */
  muxSpeed: number;
  /** Browser origins besides the gateway's own allowed to call it (`*`: any). */
  corsOrigins: readonly string[];
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
  /** Signs and checks the links to transcript files that need no header. */
  fileUrls: FileUrlSigner;
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
