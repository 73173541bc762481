import { createPubSub } from 'graphql-yoga';
import type { AssetRow, TrackRow } from '../db/assets.js';
import type { CaptionJobRow } from '../db/caption-jobs.js';
import type { Touched } from './touched.js';

/** An EventTarget that knows how many listeners it holds, so tests can tell that nothing was left behind. */
class CountingEventTarget extends EventTarget {
  listeners = 0;

  override addEventListener(...args: Parameters<EventTarget['addEventListener']>): void {
    if (args[1]) this.listeners += 1;
    super.addEventListener(...args);
  }

  override removeEventListener(...args: Parameters<EventTarget['removeEventListener']>): void {
    if (args[1]) this.listeners -= 1;
    super.removeEventListener(...args);
  }
}

/** Topics the gateway publishes on; subscriptions and the reconciler listen to them. */
export function createGatewayPubSub() {
  const target = new CountingEventTarget();
  const pubsub = createPubSub<{
    captionJob: [jobId: string, job: CaptionJobRow];
    assetCaptionJobs: [assetId: string, job: CaptionJobRow];
    allCaptionJobs: [job: CaptionJobRow];
    asset: [assetId: string, asset: AssetRow];
    assetTracks: [assetId: string, track: TrackRow];
    /** A stored event still needs something from Mux (the reconciler fetches it). */
    eventAwaitingMux: [eventId: string];
  }>({ eventTarget: target });
  return Object.assign(pubsub, {
    /** Listeners attached right now: one per open subscription stream, plus the reconciler's. */
    listenerCount: () => target.listeners,
  });
}

export type GatewayPubSub = ReturnType<typeof createGatewayPubSub>;

export function publishCaptionJob(pubsub: GatewayPubSub, job: CaptionJobRow): void {
  pubsub.publish('captionJob', job.id, job);
  if (job.assetId) pubsub.publish('assetCaptionJobs', job.assetId, job);
  pubsub.publish('allCaptionJobs', job);
}

/**
 * Tells subscribers the current state of everything an event or a poll wrote. Repeats are expected: each
 * subscription drops a state it already sent.
 */
export function publishTouched(pubsub: GatewayPubSub, touched: Touched): void {
  for (const asset of touched.assets) pubsub.publish('asset', asset.muxId, asset);
  for (const track of touched.tracks) pubsub.publish('assetTracks', track.assetId, track);
  for (const job of touched.jobs) publishCaptionJob(pubsub, job);
}
