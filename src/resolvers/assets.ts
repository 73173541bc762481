import type { Asset } from '@mux/mux-node/resources/video/assets';
import type { GatewayServices } from '../context.js';
import {
  assetRowsById,
  listAssetRows,
  listSyncedAt,
  markAssetDeleted,
  markAssetsMissingFromListing,
  recordListSync,
  saveAsset,
  trackRowsByAsset,
  trackRowsById,
  type AssetCursor,
  type AssetListFilter,
  type AssetRow,
  type TrackRow,
} from '../db/assets.js';
import { captionJobRowsByTrack, captionJobsWaitingForTrack, saveCaptionJob } from '../db/caption-jobs.js';
import { callMux, toUpstreamError } from '../mux/errors.js';
import { NotFoundError, readThrough, type ReadThroughSpec } from './read-through.js';
import { assetRecord, generatedCaptionJobs } from './records.js';
import type { RequestCache } from './request-cache.js';

const ASSET_INDEX = 'assets';

/** Preparing assets and preparing tracks change soon; a settled asset can still gain tracks. */
function assetIsFresh(services: GatewayServices, row: AssetRow, now: number): boolean {
  if (row.deleted) return true;
  const ttl = row.settled ? services.cache.ttlSeconds : services.cache.activeTtlSeconds;
  return now - row.fetchedAt < ttl * 1000;
}

/** Writes an asset, its tracks and the caption jobs its generated tracks stand for, in one transaction. */
export function storeAsset(services: GatewayServices, asset: Asset, now: number): AssetRow {
  const record = assetRecord(asset, now);
  services.db.transaction(() => {
    saveAsset(services.db, record.asset, record.tracks);
    const existing = captionJobRowsByTrack(services.db, record.tracks.map((track) => track.muxId));
    const waiting = captionJobsWaitingForTrack(services.db, asset.id);
    for (const job of generatedCaptionJobs(record.asset, record.tracks, existing, waiting, now)) saveCaptionJob(services.db, job);
  });
  return record.asset;
}

function assetSpec(services: GatewayServices): ReadThroughSpec<AssetRow, Asset> {
  return {
    resource: 'asset',
    cached: (ids) => assetRowsById(services.db, ids),
    isFresh: (row, now) => assetIsFresh(services, row, now),
    fetchedAt: (row) => row.fetchedAt,
    fetch: (id) => services.mux.video.assets.retrieve(id),
    save: (asset, now) => storeAsset(services, asset, now),
    forget: (id, now) => markAssetDeleted(services.db, id, now),
  };
}

export async function loadAssets(services: GatewayServices, request: RequestCache, ids: readonly string[]): Promise<(AssetRow | Error)[]> {
  const rows = await readThrough(assetSpec(services), ids, request);
  return rows.map((row, index) => (row instanceof Error || !row.deleted ? row : new NotFoundError('asset', ids[index] ?? '')));
}

async function syncAssetIndex(services: GatewayServices): Promise<number> {
  const listed: string[] = [];
  await callMux(async () => {
    for await (const asset of services.mux.video.assets.list({ limit: 100 })) {
      storeAsset(services, asset, Date.now());
      listed.push(asset.id);
    }
  });
  const now = Date.now();
  services.db.transaction(() => {
    markAssetsMissingFromListing(services.db, listed, now);
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

/** A track is known through its asset: its freshness is the asset's. */
export async function loadTracks(services: GatewayServices, request: RequestCache, ids: readonly string[]): Promise<(TrackRow | Error)[]> {
  const before = trackRowsById(services.db, ids);
  const assetIds = [...new Set([...before.values()].map((track) => track.assetId))];
  await loadAssets(services, request, assetIds);
  const after = trackRowsById(services.db, ids);
  return ids.map((id) => after.get(id) ?? new NotFoundError('track', id));
}
