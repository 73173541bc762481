import type { AssetRow, CaptionJobRow, CommittedChanges, TrackRow, UploadRow } from '../db/store.js';

/** What each topic carries; a topic is narrowed by an id (an asset's, a job's), or not at all (''). */
export interface TopicItems {
  captionJob: CaptionJobRow;
  assetCaptionJobs: CaptionJobRow;
  allCaptionJobs: CaptionJobRow;
  asset: AssetRow;
  assetTracks: TrackRow;
  upload: UploadRow;
  /** A stored webhook event still needs something from Mux (the reconciler fetches it); the item is its id. */
  eventAwaitingMux: string;
}

export type Topic = keyof TopicItems;

type Listener<T> = (item: T) => void;

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
  /**
   * Listeners by topic and id, called in turn, synchronously: a plain map of sets rather than an EventTarget,
   * which would build an event object per listener and warn past ten listeners on a topic.
   */
  readonly #listeners = new Map<string, Set<Listener<never>>>();
  readonly #watchers: ((changes: CommittedChanges) => void)[] = [];
  #listenerCount = 0;

  /** Calls `watcher` with every change published from now on, before subscribers hear of it. */
  watch(watcher: (changes: CommittedChanges) => void): void {
    this.#watchers.push(watcher);
  }

  /** Calls `listener` with each item published on the topic from now on; the answer stops it. */
  listen<K extends Topic>(topic: K, id: string, listener: Listener<TopicItems[K]>): () => void {
    const name = `${topic}:${id}`;
    const listeners = this.#listeners.get(name) ?? new Set();
    this.#listeners.set(name, listeners);
    const added = listener as Listener<never>;
    listeners.add(added);
    this.#listenerCount += 1;
    return () => {
      if (!listeners.delete(added)) return;
      this.#listenerCount -= 1;
      if (listeners.size === 0) this.#listeners.delete(name);
    };
  }

  #publish<K extends Topic>(topic: K, id: string, item: TopicItems[K]): void {
    const listeners = this.#listeners.get(`${topic}:${id}`);
    if (!listeners) return;
    for (const listener of listeners) (listener as Listener<TopicItems[K]>)(item);
  }

  publish(changes: CommittedChanges): void {
    for (const watcher of this.#watchers) watcher(changes);
    for (const asset of changes.assets) this.#publish('asset', asset.muxId, asset);
    for (const track of changes.tracks) this.#publish('assetTracks', track.assetId, track);
    for (const upload of changes.uploads) this.#publish('upload', upload.muxId, upload);
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
    this.#publish('captionJob', job.id, job);
    if (job.assetId) this.#publish('assetCaptionJobs', job.assetId, job);
    this.#publish('allCaptionJobs', '', job);
  }

  eventAwaitingMux(eventId: string): void {
    this.#publish('eventAwaitingMux', '', eventId);
  }

  /** Listeners attached right now: one per open subscription stream, plus the reconciler's. */
  listenerCount(): number {
    return this.#listenerCount;
  }
}
