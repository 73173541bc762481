import type { Asset } from '@mux/mux-node/resources/video/assets';
import type { GatewayServices } from '../context.js';
import {
  type AssetCursor,
  type AssetListFilter,
  type AssetRow,
  assetRowsById,
  listAssetRows,
  listSyncedAt,
  markAssetsMissingFromListing,
  recordListSync,
  type TrackRow,
  trackRowsByAsset,
  trackRowsById,
} from '../db/assets.js';
import { applyAssetSnapshot, forgetAsset } from '../events/apply-asset.js';
import { publishTouched } from '../events/pubsub.js';
import { callMux, toUpstreamError } from '../mux/errors.js';
import { NotFoundError, type ReadThroughSpec, readThrough } from './read-through.js';
import { assetRecord } from './records.js';
import type { RequestCache } from './request-cache.js';

const ASSET_INDEX = 'assets';

/**
 * Preparing assets and preparing tracks change soon; a settled asset can still gain tracks. A deleted one is
 * asked about again too: its deletion may have been inferred from a listing.
 */
function assetIsFresh(services: GatewayServices, row: AssetRow, now: number): boolean {
  const ttl = row.settled || row.deleted ? services.cache.ttlSeconds : services.cache.activeTtlSeconds;
  return now - row.fetchedAt < ttl * 1000;
}

/**
 * Writes an asset Mux described when asked at `askedAt` (taken before the call) through the same
 * forward-only rules as its webhooks (tracks it no longer lists are gone, unless written after it was asked
 * for; caption work follows its tracks), and tells subscribers.
 */
export function storeAsset(services: GatewayServices, asset: Asset, askedAt: number): AssetRow {
  const touched = services.db.transaction(() =>
    applyAssetSnapshot(services.db, asset, { authoritative: true, askedAt }, Date.now()),
  );
  publishTouched(services.pubsub, touched);
  return assetRowsById(services.db, [asset.id]).get(asset.id) ?? assetRecord(asset, askedAt).asset;
}

function assetSpec(services: GatewayServices): ReadThroughSpec<AssetRow, { asset: Asset; askedAt: number }> {
  return {
    resource: 'asset',
    cached: (ids) => assetRowsById(services.db, ids),
    isFresh: (row, now) => assetIsFresh(services, row, now),
    fetchedAt: (row) => row.fetchedAt,
    fetch: async (id) => {
      const askedAt = Date.now();
      return { asset: await services.mux.video.assets.retrieve(id), askedAt };
    },
    save: ({ asset, askedAt }) => storeAsset(services, asset, askedAt),
    forget: (id, now) =>
      publishTouched(
        services.pubsub,
        services.db.transaction(() => forgetAsset(services.db, id, now)),
      ),
  };
}

export async function loadAssets(
  services: GatewayServices,
  request: RequestCache,
  ids: readonly string[],
): Promise<(AssetRow | Error)[]> {
  const rows = await readThrough(assetSpec(services), ids, request);
  return rows.map((row, index) =>
    row instanceof Error || !row.deleted ? row : new NotFoundError('asset', ids[index] ?? ''),
  );
}

/** Every page counts as asked for when the listing began, the earliest it can be: what is written while pages are read stays. */
async function syncAssetIndex(services: GatewayServices): Promise<number> {
  const startedAt = Date.now();
  const listed: string[] = [];
  await callMux(async () => {
    for await (const asset of services.mux.video.assets.list({ limit: 100 })) {
      storeAsset(services, asset, startedAt);
      listed.push(asset.id);
    }
  });
  const now = Date.now();
  services.db.transaction(() => {
    markAssetsMissingFromListing(services.db, listed, startedAt, now);
    recordListSync(services.db, ASSET_INDEX, now);
  });
  return listed.length;
}

/** One sync at a time: requests that need the index while it is being read wait for the same read. */
function sharedAssetIndexSync(services: GatewayServices): Promise<number> {
  services.assetIndexSync ??= syncAssetIndex(services).finally(() => {
    services.assetIndexSync = undefined;
  });
  return services.assetIndexSync;
}

export function refreshAssetIndex(services: GatewayServices): Promise<number> {
  return sharedAssetIndexSync(services);
}

/**
 * The asset listing is answered from SQLite; the index is read again from Mux (every page, 100 assets a
 * call) once it is older than the cache TTL. Concurrent requests share one sync.
 */
async function ensureAssetIndex(services: GatewayServices, request: RequestCache): Promise<void> {
  const syncedAt = listSyncedAt(services.db, ASSET_INDEX);
  if (!request.forceFresh && syncedAt !== undefined && Date.now() - syncedAt < services.cache.ttlSeconds * 1000) return;
  try {
    await sharedAssetIndexSync(services);
  } catch (thrown) {
    const error = toUpstreamError(thrown);
    const degradable = error.failure.kind === 'rate_limited' || error.failure.kind === 'unavailable';
    if (syncedAt === undefined || !degradable) throw error;
    request.noteStale({
      resource: 'assetIndex',
      id: ASSET_INDEX,
      ageSeconds: Math.round((Date.now() - syncedAt) / 1000),
      reason: error.failure.kind === 'rate_limited' ? 'rate_limited' : 'unavailable',
    });
  }
}

export async function listAssets(
  services: GatewayServices,
  request: RequestCache,
  filter: AssetListFilter,
  after: AssetCursor | undefined,
  limit: number,
): Promise<AssetRow[]> {
  await ensureAssetIndex(services, request);
  return listAssetRows(services.db, filter, after, limit);
}

export function tracksOfAssets(services: GatewayServices, assetIds: readonly string[]): Map<string, TrackRow[]> {
  return trackRowsByAsset(services.db, assetIds);
}

/**
 * A track Mux made moments ago (by a job or a mutation) may not be cached yet: its asset is read again
 * once. Returns the id when the track is known, or null.
 */
export async function knownTrackId(
  services: GatewayServices,
  request: RequestCache,
  owner: { assetId: string | null; trackId: string | null; finished: boolean },
): Promise<string | null> {
  const { assetId, trackId } = owner;
  if (!trackId) return null;
  if (trackRowsById(services.db, [trackId]).has(trackId)) return trackId;
  // Finished work whose track is not cached had it deleted since: nothing to ask Mux about.
  if (!assetId || owner.finished) return null;
  await refreshAsset(services, request, assetId);
  return trackRowsById(services.db, [trackId]).has(trackId) ? trackId : null;
}

/** Reads an asset from Mux again, once per request however many jobs or tracks need it. */
export function refreshAsset(services: GatewayServices, request: RequestCache, assetId: string): Promise<AssetRow> {
  return request.once(`asset-refresh:${assetId}`, async () => {
    const askedAt = Date.now();
    return storeAsset(services, await callMux(() => services.mux.video.assets.retrieve(assetId)), askedAt);
  });
}

/** A track is known through its asset: its freshness is the asset's. */
export async function loadTracks(
  services: GatewayServices,
  request: RequestCache,
  ids: readonly string[],
): Promise<(TrackRow | Error)[]> {
  const before = trackRowsById(services.db, ids);
  const assetIds = [...new Set([...before.values()].map((track) => track.assetId))];
  await loadAssets(services, request, assetIds);
  const after = trackRowsById(services.db, ids);
  return ids.map((id) => after.get(id) ?? new NotFoundError('track', id));
}
