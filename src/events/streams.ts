import type { GatewayServices } from '../context.js';
import { type AssetRow, type TrackRow, trackRowsByAsset } from '../db/assets.js';
import { unfinishedCaptionJobs } from '../db/caption-job-sync.js';
import type { CaptionJobRow } from '../db/caption-jobs.js';
import { loadAssets } from '../resolvers/assets.js';
import { captionJobsOfAssets, loadCaptionJobs } from '../resolvers/caption-jobs.js';
import { isTerminal } from '../resolvers/job-status.js';
import { RequestCache } from '../resolvers/request-cache.js';
import { live } from './live.js';
import { stateVersion } from './state-version.js';
import { assetMayFollow, jobMayFollow, trackMayFollow } from './status-order.js';

/** Loads one row through the read-through cache; a missing one is the NotFoundError clients are told. */
async function loadOne<Row>(
  load: (cache: RequestCache, ids: string[]) => Promise<(Row | Error)[]>,
  id: string,
): Promise<Row> {
  const [row] = await load(new RequestCache(), [id]);
  if (row === undefined || row instanceof Error) throw row ?? new Error(`nothing loaded for ${id}`);
  return row;
}

const jobStream = {
  key: (job: CaptionJobRow) => job.id,
  version: stateVersion,
  mayFollow: (a: CaptionJobRow, b: CaptionJobRow) => jobMayFollow(a.status, b.status),
};

/** One job, from its state now to its final state. */
export function captionJobStream(services: GatewayServices, jobId: string): Promise<AsyncIterable<CaptionJobRow>> {
  return live({
    ...jobStream,
    updates: services.pubsub.subscribe('captionJob', jobId),
    current: async () => [await loadOne((cache, ids) => loadCaptionJobs(services, cache, ids), jobId)],
    ends: (job) => (isTerminal(job.status) ? 'send' : undefined),
  });
}

/** All caption work of an asset (every job it has, then their updates), or all unfinished work anywhere. */
export function captionJobsStream(
  services: GatewayServices,
  assetId: string | undefined,
): Promise<AsyncIterable<CaptionJobRow>> {
  return live({
    ...jobStream,
    updates: assetId
      ? services.pubsub.subscribe('assetCaptionJobs', assetId)
      : services.pubsub.subscribe('allCaptionJobs'),
    current: async () => {
      if (!assetId) return unfinishedCaptionJobs(services.db);
      await loadOne((cache, ids) => loadAssets(services, cache, ids), assetId);
      return captionJobsOfAssets(services, [assetId]).get(assetId) ?? [];
    },
  });
}

/** An asset's version covers its tracks: a client watching the asset sees its tracks change too. */
function assetVersion(services: GatewayServices, asset: AssetRow): string {
  return stateVersion({
    asset: stateVersion(asset),
    tracks: (trackRowsByAsset(services.db, [asset.muxId]).get(asset.muxId) ?? []).map(stateVersion),
  });
}

/** One asset, until it is deleted. */
export function assetStream(services: GatewayServices, assetId: string): Promise<AsyncIterable<AssetRow>> {
  return live({
    updates: services.pubsub.subscribe('asset', assetId),
    current: async () => [await loadOne((cache, ids) => loadAssets(services, cache, ids), assetId)],
    key: (asset) => asset.muxId,
    version: (asset) => assetVersion(services, asset),
    mayFollow: (a, b) => b.deleted || assetMayFollow(a.status, b.status),
    ends: (asset) => (asset.deleted ? 'drop' : undefined),
  });
}

/** Every track of an asset, then each change; a deleted track is sent once with status `deleted`. */
export function trackStream(services: GatewayServices, assetId: string): Promise<AsyncIterable<TrackRow>> {
  return live({
    updates: services.pubsub.subscribe('assetTracks', assetId),
    current: async () => {
      await loadOne((cache, ids) => loadAssets(services, cache, ids), assetId);
      return trackRowsByAsset(services.db, [assetId]).get(assetId) ?? [];
    },
    key: (track) => track.muxId,
    version: stateVersion,
    mayFollow: (a, b) => trackMayFollow(a.status, b.status),
  });
}
