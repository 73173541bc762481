import type { AssetRow, CaptionJobRow, TrackRow, UploadRow } from '../db/store.js';
import { isFinal, stateVersion } from '../domain/model.js';
import { assetMayFollow, jobMayFollow, trackMayFollow, uploadMayFollow } from '../domain/rules.js';
import { isProgressRepeat } from '../events/broadcast.js';
import { KeyedStream } from '../events/stream.js';
import type { GatewayServices } from '../services.js';
import { type Loaded, loadAssets, loadCaptionJobs, loadUploads } from './read-through.js';

interface LiveOptions<T> {
  /** Starts listening to the topic's updates (before the current state is read); the answer stops it. */
  listen: (push: (item: T) => void) => () => void;
  /** The state right now, sent first. */
  current: () => Promise<readonly T[]>;
  key: (item: T) => string;
  /** Two items with one version say the same thing: the second is not sent. */
  version: (item: T) => string | Promise<string>;
  /** Whether `next` may follow `previous` of the same key; an item that would move backwards is not sent. */
  mayFollow: (previous: T, next: T) => boolean;
  /** An item told again on purpose, sent even though its version is the one last sent. */
  isRepeat?: (item: T) => boolean;
  /**
   * An item that ends the stream: sent, then the stream completes (`send`), or the stream completes at once (`drop`).
   */
  ends?: (item: T) => 'send' | 'drop' | undefined;
}

/**
 * A subscription stream that starts with the current state and goes on with updates, each sent once and
 * never backwards. It listens before it reads the current state, so nothing that happens in between is
 * missed; a client that goes away takes its listener with it at once, even while the stream waits.
 */
async function live<T>(options: LiveOptions<T>): Promise<AsyncIterableIterator<T>> {
  // A newer update replaces one still waiting unless it would move backwards.
  let stop = () => {};
  const updates = new KeyedStream(options.key, () => stop(), options.mayFollow);
  stop = options.listen((item) => updates.push(item));
  let current: T[];
  try {
    current = [...(await options.current())];
  } catch (error) {
    updates.end();
    throw error;
  }
  const sent = new Map<string, { item: T; version: string }>();
  let over = false;
  const done = (): IteratorResult<T, undefined> => {
    over = true;
    updates.end();
    return { done: true, value: undefined };
  };
  const stream: AsyncIterableIterator<T> = {
    async next() {
      while (!over) {
        const item = current.shift() ?? (await updates.take());
        if (item === undefined) break;
        const key = options.key(item);
        const version = await options.version(item);
        const previous = sent.get(key);
        const unchanged = previous?.version === version && !options.isRepeat?.(item);
        if (previous && (unchanged || !options.mayFollow(previous.item, item))) continue;
        const ending = options.ends?.(item);
        if (ending === 'drop') break;
        if (ending === 'send') done();
        sent.set(key, { item, version });
        return { done: false, value: item };
      }
      return done();
    },
    async return() {
      return done();
    },
    [Symbol.asyncIterator]: () => stream,
  };
  return stream;
}

/** One row through the read-through cache; a missing one is the NotFoundError clients are told. */
function one<Row>(loaded: Loaded<Row>[]): Row {
  const [row] = loaded;
  if (row === undefined) throw new Error('nothing was loaded');
  if (row instanceof Error) throw row;
  return row;
}

/**
 * Caption work, keyed by job. With `progress`, running work told again for its progress is sent too; without,
 * such a repeat says nothing new (its version is the one sent) and is dropped like any other.
 */
const jobKey = (job: CaptionJobRow) => job.id;
const jobStream = (progress: boolean) => ({
  key: jobKey,
  version: stateVersion,
  mayFollow: (a: CaptionJobRow, b: CaptionJobRow) => jobMayFollow(a.status, b.status),
  ...(progress ? { isRepeat: isProgressRepeat } : {}),
});

/** Assets, tracks and uploads are keyed by Mux's id. */
const rowKey = (row: { muxId: string }) => row.muxId;

/** One job, from its state now to its final state. */
export function captionJobStream(
  services: GatewayServices,
  jobId: string,
  progress: boolean,
): Promise<AsyncIterable<CaptionJobRow>> {
  return live({
    ...jobStream(progress),
    listen: (push) => services.broadcast.listen('captionJob', jobId, push),
    current: async () => [one(await loadCaptionJobs(services, [jobId]))],
    ends: (job) => (isFinal(job.status) ? 'send' : undefined),
  });
}

/** All caption work of an asset (every job it has, then their updates), or all unfinished work anywhere. */
export function captionJobsStream(
  services: GatewayServices,
  assetId: string | undefined,
  progress: boolean,
): Promise<AsyncIterable<CaptionJobRow>> {
  const { broadcast, store } = services;
  return live({
    ...jobStream(progress),
    listen: (push) => broadcast.listen(assetId ? 'assetCaptionJobs' : 'allCaptionJobs', assetId ?? '', push),
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
    listen: (push) => services.broadcast.listen('asset', assetId, push),
    current: async () => [one(await loadAssets(services, [assetId]))],
    key: rowKey,
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
    listen: (push) => services.broadcast.listen('assetTracks', assetId, push),
    current: async () => {
      one(await loadAssets(services, [assetId]));
      return (await services.store.tracks.byAssetIds([assetId])).get(assetId) ?? [];
    },
    key: rowKey,
    version: stateVersion,
    mayFollow: (a, b) => trackMayFollow(a.status, b.status),
  });
}

/** One direct upload, from its state now until it has its asset, or will never have one. */
export function uploadStream(services: GatewayServices, uploadId: string): Promise<AsyncIterable<UploadRow>> {
  return live({
    listen: (push) => services.broadcast.listen('upload', uploadId, push),
    current: async () => [one(await loadUploads(services, [uploadId]))],
    key: rowKey,
    version: stateVersion,
    mayFollow: (a, b) => uploadMayFollow(a.status, b.status),
    ends: (upload) => (upload.status === 'waiting' ? undefined : 'send'),
  });
}
