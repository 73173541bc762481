import { createHash } from 'node:crypto';
import { createInMemoryCache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { CommittedChanges } from '../db/store.js';
import type { GatewayServices } from '../services.js';
import { callerOfRequest } from './graphql-auth.js';

/** Cached answers at most this many at once (least recently used go first). */
const MAX_ENTRIES = 10_000;
/**
 * Fields whose answer is not a row the commit path tells of: lists (their members change without their ids
 * being named), transcripts (captured beside the commit path), counts. An answer holding one is not kept.
 * Progress estimates move with the clock, so an answer holding one is kept a second at most.
 */
const NOT_KEPT: Record<string, number> = {
  'Query.assets': 0,
  'Query.captionJobs': 0,
  'Query.captionUsage': 0,
  'Query.transcriptSearch': 0,
  'Query.health': 0,
  'Asset.transcript': 0,
  'Asset.transcripts': 0,
  'Track.transcript': 0,
  'CaptionJob.transcript': 0,
  'CaptionJob.transcriptReady': 0,
  'CaptionJob.progress': 1_000,
  'CaptionJob.estimatedFinishAt': 1_000,
};

/** The nodes a change makes every cached answer naming them wrong: the rows, and the assets they belong to. */
function entitiesOf(changes: CommittedChanges): { typename: string; id: string }[] {
  const asset = (id: string | null) => (id ? [{ typename: 'Asset', id: encodeGlobalID('Asset', id) }] : []);
  return [
    ...changes.assets.flatMap((row) => asset(row.muxId)),
    ...changes.tracks.flatMap((row) => [
      { typename: 'Track', id: encodeGlobalID('Track', row.muxId) },
      ...asset(row.assetId),
    ]),
    ...changes.jobs.flatMap((row) => [
      { typename: 'CaptionJob', id: encodeGlobalID('CaptionJob', row.id) },
      ...asset(row.assetId),
    ]),
    ...changes.uploads.flatMap((row) => [
      { typename: 'Upload', id: encodeGlobalID('Upload', row.muxId) },
      ...asset(row.assetId),
    ]),
  ];
}

/**
 * Whole answers kept per API key and document, and dropped the moment the commit path (on this instance or,
 * through the store's change log, another) changes a row they name. They are kept no longer than the freshness
 * of a changing row (`CACHE_ACTIVE_TTL_SECONDS`), so an answer the read-through would have refreshed from Mux
 * is not given past then. Answers with errors, given from the cache because Mux could not be asked (stale), or
 * to an operation asking for `fresh` data are never kept.
 */
export function responseCache(services: GatewayServices): Plugin[] {
  const cache = createInMemoryCache({ max: MAX_ENTRIES });
  const lookedUp = new WeakSet<Request>();
  // An operation over graphql-ws has no fetch Request (yoga passes none): its answers are not kept.
  const enabled = (request: Request | undefined, context: unknown) => {
    if (request === undefined) return false;
    const cached =
      callerOfRequest(services.apiKeys, request) !== undefined &&
      !/\bfresh\b/.test((context as { params?: { query?: string } }).params?.query ?? '');
    if (cached) lookedUp.add(request);
    return cached;
  };
  services.broadcast.watch((changes) => {
    const entities = entitiesOf(changes);
    if (entities.length > 0) void cache.invalidate(entities);
  });
  const plugin = useResponseCache({
    cache,
    ttl: services.settings.cache.activeTtlSeconds * 1000,
    ttlPerSchemaCoordinate: NOT_KEPT,
    session: (request) => callerOfRequest(services.apiKeys, request)?.name ?? null,
    enabled,
    // The key is also the answer's ETag, so it is a hash; the default hashes through Web Crypto's promise-based
    // digest, a tenth of a cached answer's time, where Node's own hash is synchronous.
    buildResponseCacheKey: ({ sessionId, operationName, variableValues, documentString }) =>
      createHash('sha256')
        .update(
          [sessionId ?? '', operationName ?? '', JSON.stringify(variableValues ?? {}), documentString].join('\u0000'),
        )
        .digest('base64url'),
    shouldCacheResult: ({ result }) => !result.errors?.length && !(result.extensions as { cache?: unknown })?.cache,
    includeExtensionMetadata: false,
  });
  return [plugin, countLookups(services, lookedUp)];
}

/** The plugin marks an answer it gave from the cache; every other answer to a request it looked up missed. */
const SERVED_FROM_CACHE = Symbol.for('servedFromResponseCache');

function countLookups(services: GatewayServices, lookedUp: WeakSet<Request>): Plugin {
  return {
    onResultProcess: ({ request, result }) => {
      if (!lookedUp.has(request) || Array.isArray(result) || isAsyncIterable(result)) return;
      const hit = (result as Record<symbol, unknown>)[SERVED_FROM_CACHE] === true;
      services.metrics.responseCache.inc({ result: hit ? 'hit' : 'miss' });
    },
  };
}
