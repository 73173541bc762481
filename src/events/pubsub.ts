import { createPubSub } from 'graphql-yoga';
import type { AssetRow, TrackRow } from '../db/assets.js';
import type { CaptionJobRow } from '../db/caption-jobs.js';

/** Topics the gateway publishes on; subscriptions listen to them. */
export function createGatewayPubSub() {
  return createPubSub<{
    captionJob: [jobId: string, job: CaptionJobRow];
    assetCaptionJobs: [assetId: string, job: CaptionJobRow];
    allCaptionJobs: [job: CaptionJobRow];
    asset: [assetId: string, asset: AssetRow];
    assetTracks: [assetId: string, track: TrackRow];
  }>();
}

export type GatewayPubSub = ReturnType<typeof createGatewayPubSub>;

export function publishCaptionJob(pubsub: GatewayPubSub, job: CaptionJobRow): void {
  pubsub.publish('captionJob', job.id, job);
  if (job.assetId) pubsub.publish('assetCaptionJobs', job.assetId, job);
  pubsub.publish('allCaptionJobs', job);
}
