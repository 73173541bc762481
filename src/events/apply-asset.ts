import type { Asset } from '@mux/mux-node/resources/video/assets';
import {
  type AssetRow,
  assetRowsById,
  type NewTrackRow,
  saveAsset,
  type TrackRow,
  trackRowsByAsset,
} from '../db/assets.js';
import { unfinishedCaptionJobsOfAsset } from '../db/caption-job-sync.js';
import { type CaptionJobRow, captionJobRowsByTrack, captionJobsWaitingForTrack } from '../db/caption-jobs.js';
import type { Db } from '../db/client.js';
import { hasEventAbout } from '../db/events.js';
import { assetRecord, generatedCaptionJobs, trackRecord } from '../resolvers/records.js';
import { endJob, saveJobForward } from './apply-job.js';
import type { TrackError } from './event-subject.js';
import { assetMayFollow, trackMayFollow } from './status-order.js';
import { nothingTouched, type Touched } from './touched.js';

/** The incoming row says whether the asset is deleted: applyAssetSnapshot never merges one that may not undo a deletion. */
function mergeAssetRow(existing: AssetRow | undefined, incoming: AssetRow): AssetRow {
  if (!existing) return incoming;
  if (!assetMayFollow(existing.status, incoming.status)) return { ...existing, deleted: incoming.deleted };
  return { ...incoming, durationSeconds: incoming.durationSeconds ?? existing.durationSeconds };
}

function mergeTrack(current: TrackRow, incoming: NewTrackRow, now: number): NewTrackRow {
  if (!trackMayFollow(current.status, incoming.status ?? 'preparing')) return current;
  return { ...incoming, errors: incoming.errors ?? current.errors, writtenAt: now };
}

/** A late `created` or `ready` about a track whose deletion was already stored must not bring it back. */
function wasDeleted(db: Db, trackId: string): boolean {
  return hasEventAbout(db, 'video.asset.track.deleted', 'track', trackId);
}

function mergeTracks(
  db: Db,
  existing: readonly TrackRow[],
  incoming: readonly NewTrackRow[],
  origin: SnapshotOrigin,
  now: number,
): NewTrackRow[] {
  const before = new Map(existing.map((track) => [track.muxId, track]));
  const kept = origin.authoritative ? existing.filter((track) => track.writtenAt >= origin.askedAt) : existing;
  const merged = new Map<string, NewTrackRow>(kept.map((track) => [track.muxId, track]));
  for (const track of incoming) {
    const current = before.get(track.muxId);
    if (current) merged.set(track.muxId, mergeTrack(current, track, now));
    else if (origin.authoritative || !wasDeleted(db, track.muxId))
      merged.set(track.muxId, { ...track, writtenAt: now });
  }
  return [...merged.values()];
}

const ASSET_GONE = {
  status: 'errored',
  type: 'asset_deleted',
  message: 'The asset was deleted before its captions were finished.',
} as const;
const ASSET_FAILED = {
  status: 'errored',
  type: 'asset_errored',
  message: 'Mux could not process the asset, so no captions were made.',
} as const;
const TRACK_GONE = {
  status: 'cancelled',
  type: 'track_deleted',
  message: 'The caption track was deleted before it was ready.',
} as const;

/**
 * Work that can no longer finish: jobs of removed tracks; on an asset that errored, jobs still waiting for
 * a track; on a deleted asset, all of its work except Robots jobs, which Mux ends itself.
 */
function endStrandedJobs(db: Db, asset: AssetRow, removed: readonly TrackRow[], now: number): CaptionJobRow[] {
  const removedIds = new Set(removed.map((track) => track.muxId));
  const ended: CaptionJobRow[] = [];
  for (const job of unfinishedCaptionJobsOfAsset(db, asset.muxId)) {
    const ending =
      job.trackId && removedIds.has(job.trackId)
        ? TRACK_GONE
        : asset.deleted && !job.muxJobId
          ? ASSET_GONE
          : asset.status === 'errored' && !job.trackId
            ? ASSET_FAILED
            : undefined;
    if (ending) ended.push(endJob(db, job, ending, now));
  }
  return ended;
}

/** What Mux said went wrong with a generated track (only its webhook says it) is the job's error. */
function withTrackError(job: CaptionJobRow, tracks: readonly TrackRow[]): CaptionJobRow {
  const error = job.status === 'errored' ? tracks.find((track) => track.muxId === job.trackId)?.errors : undefined;
  if (!error) return job;
  return {
    ...job,
    errors: [
      {
        type: error.type ?? 'track_errored',
        message: error.messages?.join(' ') || 'Mux could not generate captions for this track',
      },
    ],
  };
}

/** Auto-generated captions have no job at Mux: their tracks are their jobs. */
function deriveGeneratedJobs(db: Db, asset: AssetRow, tracks: readonly TrackRow[], now: number): CaptionJobRow[] {
  const existing = captionJobRowsByTrack(
    db,
    tracks.map((track) => track.muxId),
  );
  const waiting = captionJobsWaitingForTrack(db, asset.muxId);
  return generatedCaptionJobs(asset, tracks, existing, waiting, now).map((job) =>
    saveJobForward(db, withTrackError(job, tracks)),
  );
}

/** Writes the merged asset and tracks, and the caption work they imply; `touchedTrackIds` limits what is reported. */
function writeAsset(
  db: Db,
  row: AssetRow,
  before: readonly TrackRow[],
  after: readonly NewTrackRow[],
  now: number,
  touchedTrackIds?: readonly string[],
): Touched {
  const asset = { ...row, settled: row.status !== 'preparing' && !after.some((track) => track.status === 'preparing') };
  saveAsset(db, asset, [...after]);
  const stored = trackRowsByAsset(db, [asset.muxId]).get(asset.muxId) ?? [];
  const kept = new Set(after.map((track) => track.muxId));
  const removed = before
    .filter((track) => !kept.has(track.muxId))
    .map((track) => ({ ...track, status: 'deleted' as const }));
  const jobs = [...deriveGeneratedJobs(db, asset, stored, now), ...endStrandedJobs(db, asset, removed, now)];
  const reported = (track: TrackRow) => !touchedTrackIds || touchedTrackIds.includes(track.muxId);
  return { assets: [asset], tracks: [...stored, ...removed].filter(reported), jobs };
}

/** Where a description of an asset comes from, which decides what it may remove. */
export type SnapshotOrigin =
  /** A webhook's copy, which may be older than the cache: tracks missing from it are kept. */
  | { authoritative: false; deleted: boolean }
  /**
   * Mux's answer to a call made at `askedAt`: tracks it does not list are gone, except those the gateway
   * wrote after the call was made (by a mutation or a webhook the answer may predate).
   */
  | { authoritative: true; askedAt: number };

/** An asset as Mux described it (webhook or fetch), merged into the cache without moving anything backwards. */
export function applyAssetSnapshot(db: Db, snapshot: Asset, origin: SnapshotOrigin, now: number): Touched {
  const existing = assetRowsById(db, [snapshot.id]).get(snapshot.id);
  // Mux describing an asset when asked after its deletion was recorded means it exists: a listing can miss one.
  if (existing?.deleted && !(origin.authoritative && origin.askedAt > existing.fetchedAt)) return nothingTouched();
  const before = trackRowsByAsset(db, [snapshot.id]).get(snapshot.id) ?? [];
  const deleted = !origin.authoritative && origin.deleted;
  // A webhook says what changed, but only a read from Mux confirms the whole row (read-through freshness);
  // Mux saying the asset is gone confirms that for good.
  const fetchedAt = origin.authoritative ? origin.askedAt : deleted ? now : (existing?.fetchedAt ?? 0);
  const incoming = assetRecord(snapshot, fetchedAt);
  const row = mergeAssetRow(existing, { ...incoming.asset, deleted });
  return writeAsset(db, row, before, mergeTracks(db, before, incoming.tracks, origin, now), now);
}

export interface TrackChange {
  assetId: string;
  track: Parameters<typeof trackRecord>[1];
  deleted: boolean;
  error: TrackError | undefined;
}

/** One track event applied to its cached asset; undefined when the asset is not cached (it must be fetched). */
export function applyTrackChange(db: Db, change: TrackChange, now: number): Touched | undefined {
  const asset = assetRowsById(db, [change.assetId]).get(change.assetId);
  if (!asset) return undefined;
  if (asset.deleted) return nothingTouched();
  const trackId = change.track.id ?? '';
  const before = trackRowsByAsset(db, [asset.muxId]).get(asset.muxId) ?? [];
  const current = before.find((track) => track.muxId === trackId);
  if (change.deleted) {
    return writeAsset(
      db,
      asset,
      before,
      before.filter((track) => track !== current),
      now,
      [trackId],
    );
  }
  if (!current && wasDeleted(db, trackId)) return nothingTouched();
  const position = current?.position ?? Math.max(-1, ...before.map((track) => track.position)) + 1;
  const incoming = { ...trackRecord(asset.muxId, change.track, position), errors: change.error ?? null };
  const after = current
    ? before.map((track) => (track === current ? mergeTrack(current, incoming, now) : track))
    : [...before, { ...incoming, writtenAt: now }];
  return writeAsset(db, asset, before, after, now, [trackId]);
}

/**
 * Mux answered 404: the asset is gone, and the work on it with it. Applied again (another 404), it confirms
 * the deletion and ends work a deletion recorded without it left unfinished.
 */
export function forgetAsset(db: Db, assetId: string, now: number): Touched {
  const asset = assetRowsById(db, [assetId]).get(assetId);
  if (!asset) return nothingTouched();
  const before = trackRowsByAsset(db, [assetId]).get(assetId) ?? [];
  return writeAsset(db, { ...asset, deleted: true, fetchedAt: now }, before, before, now, []);
}
