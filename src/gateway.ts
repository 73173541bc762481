import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { type ApiKey, ApiKeyRing } from './auth/api-keys.js';
import { FileUrlSigner } from './auth/file-urls.js';
import type { TrustedDocumentList } from './auth/trusted-documents.js';
import { BackgroundTasks } from './background.js';
import type { CacheSettings, CaptionSettings, MuxSettings, ReconcileSettings, RequestLimits } from './config.js';
import { openStore, type StoreLocation } from './db/open.js';
import type { Store } from './db/store.js';
import { AssetIndex } from './domain/asset-index.js';
import { Core } from './domain/core.js';
import { Broadcast } from './events/broadcast.js';
import type { GraphiqlSetup } from './http/graphiql.js';
import type { GraphqlWs } from './http/graphql-ws.js';
import type { Lifecycle } from './http/probes.js';
import { GRAPHQL_PATH, listen, serveGateway } from './http/server.js';
import type { Logger } from './logger.js';
import { SdkMuxApi } from './mux/api.js';
import { GatewayMetrics } from './observability/metrics.js';
import { RecentlyMissing, RefreshesInFlight } from './resolvers/read-through.js';
import type { GatewayServices } from './services.js';
import { captionFileTakedown } from './workflows/caption-files.js';
import { ProgressPushes } from './workflows/progress.js';
import { Reconciler } from './workflows/reconciler.js';
import { REPLACEMENT_SETTINGS, Replacements } from './workflows/replacement.js';
import { TranscriptCapture } from './workflows/transcripts.js';

export interface GatewayOptions {
  port: number;
  host: string;
  store: StoreLocation;
  mux: MuxSettings;
  simulated: boolean;
  logger: Logger;
  apiKeys: readonly ApiKey[];
  cache: CacheSettings;
  reconcile: ReconcileSettings;
  captions: CaptionSettings;
  limits: RequestLimits;
  trustedDocuments?: TrustedDocumentList | undefined;
  muxTimeoutSeconds: number;
  publicBaseUrl?: string | undefined;
  /** How many times faster than real time Mux works (the simulator's speed); 1 by default. */
  muxSpeed?: number;
  /** Browser origins besides the gateway's own allowed to call it (`*`: any); none by default. */
  corsOrigins?: readonly string[];
  /** The key of signed file URLs, shared by every instance; unset, a random one for this process. */
  fileUrlSecret?: string | undefined;
  /** The bearer token `/metrics` asks for; unset, metrics are served only on a loopback host. */
  metricsToken?: string | undefined;
  /** True when the OpenTelemetry SDK exports spans (see observability/tracing.ts). */
  tracing?: boolean;
  /** What GraphiQL opens with (a development key and a demo asset, on the simulator). */
  graphiql?: GraphiqlSetup;
}

export interface Gateway {
  url: string;
  graphqlUrl: string;
  services: GatewayServices;
  reconciler: Reconciler;
  replacements: Replacements;
  webSockets: GraphqlWs;
  /**
   * Shuts down gracefully: `/readyz` answers 503 at once, subscriptions are closed with a reason, requests under
   * way are answered (new ones too, meanwhile, with `connection: close`), then the server and the store close.
   */
  close(): Promise<void>;
}

/** What subscribers read when the gateway closes their WebSocket (code 1001). */
export const SHUTDOWN_REASON = 'The gateway is shutting down';

/** An asset index of up to a million assets, read within ten minutes; beyond that, Mux's paging is misbehaving. */
const ASSET_INDEX_MAX_PAGES = 10_000;
const ASSET_INDEX_MAX_SECONDS = 600;

/**
 * The caption studio's build, beside `src/` and `dist/` alike: this module is `src/gateway.ts` under tsx and
 * vitest, and `dist/gateway.js` under `npm start`.
 */
const STUDIO_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));

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

/**
 * Puts the gateway together: listens first (so its own address is settled before anything uses it), opens the
 * store (applying migrations), builds the domain core and the work that follows its commits, then serves.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const running = await listen(options.port, options.host);
  let store: Store;
  try {
    store = await openStore(options.store);
  } catch (error) {
    await running.close();
    throw error;
  }
  const { logger } = options;
  const metrics = new GatewayMetrics();
  const lifecycle: Lifecycle = { shuttingDown: false };
  const mux = new SdkMuxApi(options.mux, options.muxTimeoutSeconds, metrics);
  const broadcast = new Broadcast();
  const background = new BackgroundTasks();
  const core = new Core({ store, mux, broadcast, logger });
  const transcripts = new TranscriptCapture({ store, mux, logger, background });
  const replacements = new Replacements({
    core,
    store,
    mux,
    logger,
    background,
    settings: { ...REPLACEMENT_SETTINGS, leaseMs: Math.max(options.reconcile.afterSeconds * 1000, 200) },
  });
  core.react(transcripts.afterCommit);
  core.react(replacements.afterCommit);
  core.react(captionFileTakedown({ store, logger, background }));
  const services: GatewayServices = {
    store,
    mux,
    core,
    assetIndex: new AssetIndex(core, store, mux, logger, {
      ttlSeconds: options.cache.ttlSeconds,
      readWaitSeconds: options.cache.readWaitSeconds,
      maxPages: ASSET_INDEX_MAX_PAGES,
      maxSeconds: ASSET_INDEX_MAX_SECONDS,
    }),
    broadcast,
    transcripts,
    missing: new RecentlyMissing(options.cache.notFoundTtlSeconds * 1000),
    refreshes: new RefreshesInFlight(),
    apiKeys: new ApiKeyRing(options.apiKeys),
    fileUrls: new FileUrlSigner(options.fileUrlSecret),
    background,
    logger,
    metrics,
    settings: {
      cache: options.cache,
      captions: options.captions,
      limits: options.limits,
      trustedDocuments: options.trustedDocuments,
      publicBaseUrl: options.publicBaseUrl ?? running.url,
      simulated: options.simulated,
      corsOrigins: options.corsOrigins ?? [],
      muxSpeed: options.muxSpeed ?? 1,
      tracing: options.tracing ?? false,
      startedAt: Date.now(),
    },
  };
  // What other instances commit reaches this instance's subscribers as if it had committed it.
  const stopWatching = await store.watchOtherInstances(async (changes) => broadcast.publish(changes));
  const allAnswered = answersUnderWay(running.server);
  const { webSockets, streams } = serveGateway(running.server, services, {
    graphiql: options.graphiql ?? {},
    studio: {
      distDir: STUDIO_DIST,
      simulated: options.simulated,
      host: options.host,
      developmentKey: options.graphiql?.apiKey,
    },
    metrics: { token: options.metricsToken, host: options.host },
    lifecycle,
  });
  replacements.resume();
  // Started after serving, so the work it resumes after a restart can be told to new subscribers.
  const reconciler = new Reconciler({ core, store, broadcast, logger, metrics, settings: options.reconcile });
  reconciler.start();
  const progress = new ProgressPushes({ store, broadcast, logger, muxSpeed: services.settings.muxSpeed });
  await progress.start();
  /**
   * Lets what is under way finish (requests, the reconciler's sweep), then the background work they started,
   * and closes the store last, when nothing can write to it any more. The server keeps listening until the
   * requests under way are answered, so a load balancer's probe reads that the gateway is going away.
   */
  const shutDown = async () => {
    lifecycle.shuttingDown = true;
    logger.info('shutting down', { webSockets: webSockets.clientCount() });
    // Subscriptions never end by themselves: they are ended first, so their clients can reconnect elsewhere.
    await webSockets.close(SHUTDOWN_REASON);
    await streams.endAll();
    progress.stop();
    await Promise.all([reconciler.stop(), allAnswered().then(() => running.close())]);
    await stopWatching();
    await background.stop();
    await store.close();
  };
  let closing: Promise<void> | undefined;
  return {
    url: running.url,
    graphqlUrl: `${running.url}${GRAPHQL_PATH}`,
    services,
    reconciler,
    replacements,
    webSockets,
    /**
     * Stops taking work, lets what is under way finish (requests, the reconciler's sweep), then the
     * background work they started, and closes the store last, when nothing can write to it any more.
     */
    close: () => {
      closing ??= shutDown();
      return closing;
    },
  };
}
