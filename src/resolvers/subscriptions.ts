import type { AssetRow, TrackRow } from '../db/assets.js';
import type { CaptionJobRow } from '../db/caption-jobs.js';
import { isFinal } from '../domain/jobs.js';
import { assetMayFollow, jobMayFollow, trackMayFollow } from '../domain/status-order.js';
import { stateVersion } from '../domain/versions.js';
import type { GatewayServices } from '../services.js';
import { live } from './live.js';
import { type Loaded, loadAssets, loadCaptionJobs } from './read-through.js';

/** One row through the read-through cache; a missing one is the NotFoundError clients are told. */
function one<Row>(loaded: Loaded<Row>[]): Row {
  const [row] = loaded;
  if (row === undefined) throw new Error('nothing was loaded');
  if (row instanceof Error) throw row;
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
    updates: services.broadcast.topics.subscribe('captionJob', jobId),
    current: async () => [one(await loadCaptionJobs(services, [jobId]))],
    ends: (job) => (isFinal(job.status) ? 'send' : undefined),
  });
}

/** All caption work of an asset (every job it has, then their updates), or all unfinished work anywhere. */
export function captionJobsStream(
  services: GatewayServices,
  assetId: string | undefined,
): Promise<AsyncIterable<CaptionJobRow>> {
  const { broadcast, store } = services;
  return live({
    ...jobStream,
    updates: assetId
      ? broadcast.topics.subscribe('assetCaptionJobs', assetId)
      : broadcast.topics.subscribe('allCaptionJobs'),
    current: async () => {
      if (!assetId) return store.captionJobs.unfinished();
      one(await loadAssets(services, [assetId]));
      return (await store.captionJobs.byAssetIds([assetId])).get(assetId) ?? [];
    },
  });
}

/** One asset, until it is deleted; its version covers its tracks, so a client watching it sees them change. */
export function assetStream(services: GatewayServices, assetId: string): Promise<AsyncIterable<AssetRow>> {
  return live({
    updates: services.broadcast.topics.subscribe('asset', assetId),
    current: async () => [one(await loadAssets(services, [assetId]))],
    key: (asset) => asset.muxId,
    version: async (asset) => {
      const tracks = (await services.store.tracks.byAssetIds([asset.muxId])).get(asset.muxId) ?? [];
      return stateVersion({ asset: stateVersion(asset), tracks: tracks.map(stateVersion) });
    },
    mayFollow: (a, b) => b.deleted || assetMayFollow(a.status, b.status),
    ends: (asset) => (asset.deleted ? 'drop' : undefined),
  });
}

/** Every track of an asset, then each change; a deleted track is sent once with status `deleted`. */
export function trackStream(services: GatewayServices, assetId: string): Promise<AsyncIterable<TrackRow>> {
  return live({
    updates: services.broadcast.topics.subscribe('assetTracks', assetId),
    current: async () => {
      one(await loadAssets(services, [assetId]));
      return (await services.store.tracks.byAssetIds([assetId])).get(assetId) ?? [];
    },
    key: (track) => track.muxId,
    version: stateVersion,
    mayFollow: (a, b) => trackMayFollow(a.status, b.status),
  });
}
