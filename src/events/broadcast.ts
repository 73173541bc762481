import { setMaxListeners } from 'node:events';
import { createPubSub } from 'graphql-yoga';
import type { AssetRow, CaptionJobRow, CommittedChanges, TrackRow, UploadRow } from '../db/store.js';

/** An EventTarget that knows how many listeners it holds, so tests can tell that nothing was left behind. */
class CountingEventTarget extends EventTarget {
  listeners = 0;

  constructor() {
    super();
    // Every open subscription is a listener, thousands on one topic are expected: no leak warning.
    setMaxListeners(Number.POSITIVE_INFINITY, this);
  }

  override addEventListener(...args: Parameters<EventTarget['addEventListener']>): void {
    if (args[1]) this.listeners += 1;
    super.addEventListener(...args);
  }

  override removeEventListener(...args: Parameters<EventTarget['removeEventListener']>): void {
    if (args[1]) this.listeners -= 1;
    super.removeEventListener(...args);
  }
}

function createTopics(target: EventTarget) {
  return createPubSub<{
    captionJob: [jobId: string, job: CaptionJobRow];
    assetCaptionJobs: [assetId: string, job: CaptionJobRow];
    allCaptionJobs: [job: CaptionJobRow];
    asset: [assetId: string, asset: AssetRow];
    assetTracks: [assetId: string, track: TrackRow];
    upload: [uploadId: string, upload: UploadRow];
    /** A stored webhook event still needs something from Mux (the reconciler fetches it). */
    eventAwaitingMux: [eventId: string];
  }>({ eventTarget: target });
}

export type Topics = ReturnType<typeof createTopics>;

/** Jobs told again unchanged, for the progress that time alone moves (`Broadcast.progress`). */
const progressRepeats = new WeakSet<CaptionJobRow>();

/** Whether `job` is a repeat sent for its progress: subscribers send it though its state did not change. */
export function isProgressRepeat(job: CaptionJobRow): boolean {
  return progressRepeats.has(job);
}

/**
 * Tells this instance's subscribers what the commit path changed, whether it committed here or on another
 * instance (then read from the store's change log); the only way news reaches them.
 */
export class Broadcast {
  readonly #target = new CountingEventTarget();
  readonly #watchers: ((changes: CommittedChanges) => void)[] = [];
  readonly topics: Topics = createTopics(this.#target);

  /** Calls `watcher` with every change published from now on, before subscribers hear of it. */
  watch(watcher: (changes: CommittedChanges) => void): void {
    this.#watchers.push(watcher);
  }

  publish(changes: CommittedChanges): void {
    for (const watcher of this.#watchers) watcher(changes);
    for (const asset of changes.assets) this.topics.publish('asset', asset.muxId, asset);
    for (const track of changes.tracks) this.topics.publish('assetTracks', track.assetId, track);
    for (const upload of changes.uploads) this.topics.publish('upload', upload.muxId, upload);
    for (const job of changes.jobs) this.#publishJob(job);
  }

  /**
   * Tells subscribers of running work again, its state unchanged, for the estimated progress time has moved:
   * one object for them all, so that subscribers asking the same thing share one execution of it.
   */
  progress(job: CaptionJobRow): void {
    const repeat = { ...job };
    progressRepeats.add(repeat);
    this.#publishJob(repeat);
  }

  #publishJob(job: CaptionJobRow): void {
    this.topics.publish('captionJob', job.id, job);
    if (job.assetId) this.topics.publish('assetCaptionJobs', job.assetId, job);
    this.topics.publish('allCaptionJobs', job);
  }

  eventAwaitingMux(eventId: string): void {
    this.topics.publish('eventAwaitingMux', eventId);
  }

  /** Listeners attached right now: one per open subscription stream, plus the reconciler's. */
  listenerCount(): number {
    return this.#target.listeners;
  }
}
