import type { Asset } from '@mux/mux-node/resources/video/assets';
import { assetRowsById, saveAsset, trackRowsByAsset, type AssetRow, type NewTrackRow, type TrackRow } from '../db/assets.js';
import { unfinishedCaptionJobsOfAsset } from '../db/caption-job-sync.js';
import { captionJobRowsByTrack, captionJobsWaitingForTrack, type CaptionJobRow } from '../db/caption-jobs.js';
import type { Db } from '../db/client.js';
import { hasEventAbout } from '../db/events.js';
import { TERMINAL_JOB_STATUSES } from '../resolvers/job-status.js';
import { assetRecord, generatedCaptionJobs, trackRecord } from '../resolvers/records.js';
import { endJob, saveJobForward } from './apply-job.js';
import type { TrackError } from './event-subject.js';
import { assetMayFollow, trackMayFollow } from './status-order.js';
import { nothingTouched, type Touched } from './touched.js';

const FINISHED = [...TERMINAL_JOB_STATUSES];

function mergeAssetRow(existing: AssetRow | undefined, incoming: AssetRow): AssetRow {
  if (!existing) return incoming;
  const deleted = existing.deleted || incoming.deleted;
  if (!assetMayFollow(existing.status, incoming.status)) return { ...existing, deleted };
  return { ...incoming, durationSeconds: incoming.durationSeconds ?? existing.durationSeconds, deleted };
}

function mergeTrack(current: TrackRow, incoming: NewTrackRow): NewTrackRow {
  if (!trackMayFollow(current.status, incoming.status ?? 'preparing')) return current;
  return { ...incoming, errors: incoming.errors ?? current.errors };
}

/** A late `created` or `ready` about a track whose deletion was already stored must not bring it back. */
function wasDeleted(db: Db, trackId: string): boolean {
  return hasEventAbout(db, 'video.asset.track.deleted', 'track', trackId);
}

function mergeTracks(db: Db, existing: readonly TrackRow[], incoming: readonly NewTrackRow[], authoritative: boolean): NewTrackRow[] {
  const before = new Map(existing.map((track) => [track.muxId, track]));
  const merged = new Map<string, NewTrackRow>(authoritative ? [] : existing.map((track) => [track.muxId, track]));
  for (const track of incoming) {
    const current = before.get(track.muxId);
    if (current) merged.set(track.muxId, mergeTrack(current, track));
    else if (authoritative || !wasDeleted(db, track.muxId)) merged.set(track.muxId, track);
  }
  return [...merged.values()];
}

const ASSET_GONE = { status: 'errored', type: 'asset_deleted', message: 'The asset was deleted before its captions were finished.' } as const;
const ASSET_FAILED = { status: 'errored', type: 'asset_errored', message: 'Mux could not process the asset, so no captions were made.' } as const;
const TRACK_GONE = { status: 'cancelled', type: 'track_deleted', message: 'The caption track was deleted before it was ready.' } as const;

/**
 * Work that can no longer finish: jobs of removed tracks; on an asset that errored, jobs still waiting for
 * a track; on a deleted asset, all of its work except Robots jobs, which Mux ends itself.
 */
function endStrandedJobs(db: Db, asset: AssetRow, removed: readonly TrackRow[], now: number): CaptionJobRow[] {
  const removedIds = new Set(removed.map((track) => track.muxId));
  const ended: CaptionJobRow[] = [];
  for (const job of unfinishedCaptionJobsOfAsset(db, asset.muxId, FINISHED)) {
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
  return { ...job, errors: [{ type: error.type ?? 'track_errored', message: error.messages?.join(' ') || 'Mux could not generate captions for this track' }] };
}

/** Auto-generated captions have no job at Mux: their tracks are their jobs. */
function deriveGeneratedJobs(db: Db, asset: AssetRow, tracks: readonly TrackRow[], now: number): CaptionJobRow[] {
  const existing = captionJobRowsByTrack(
    db,
    tracks.map((track) => track.muxId),
  );
  const waiting = captionJobsWaitingForTrack(db, asset.muxId);
  return generatedCaptionJobs(asset, tracks, existing, waiting, now).map((job) => saveJobForward(db, withTrackError(job, tracks)));
}

/** Writes the merged asset and tracks, and the caption work they imply; `touchedTrackIds` limits what is reported. */
function writeAsset(db: Db, row: AssetRow, before: readonly TrackRow[], after: readonly NewTrackRow[], now: number, touchedTrackIds?: readonly string[]): Touched {
  const asset = { ...row, settled: row.status !== 'preparing' && !after.some((track) => track.status === 'preparing') };
  saveAsset(db, asset, [...after]);
  const stored = trackRowsByAsset(db, [asset.muxId]).get(asset.muxId) ?? [];
  const kept = new Set(after.map((track) => track.muxId));
  const removed = before.filter((track) => !kept.has(track.muxId)).map((track) => ({ ...track, status: 'deleted' as const }));
  const jobs = [...deriveGeneratedJobs(db, asset, stored, now), ...endStrandedJobs(db, asset, removed, now)];
  const reported = (track: TrackRow) => !touchedTrackIds || touchedTrackIds.includes(track.muxId);
  return { assets: [asset], tracks: [...stored, ...removed].filter(reported), jobs };
}

export interface SnapshotOptions {
  /**
   * Fetched from Mux just now: tracks it no longer lists are gone. A webhook's snapshot may be older than
   * the cache, so tracks missing from it are kept.
   */
  authoritative: boolean;
  deleted: boolean;
}

/** An asset as Mux described it (webhook or fetch), merged into the cache without moving anything backwards. */
export function applyAssetSnapshot(db: Db, snapshot: Asset, options: SnapshotOptions, now: number): Touched {
  const incoming = assetRecord(snapshot, now);
  const existing = assetRowsById(db, [snapshot.id]).get(snapshot.id);
  if (existing?.deleted) return nothingTouched();
  const before = trackRowsByAsset(db, [snapshot.id]).get(snapshot.id) ?? [];
  // A webhook says what changed, but only a read from Mux confirms the whole row (read-through freshness).
  const fetchedAt = options.authoritative ? now : (existing?.fetchedAt ?? 0);
  const row = mergeAssetRow(existing, { ...incoming.asset, deleted: options.deleted, fetchedAt });
  return writeAsset(db, row, before, mergeTracks(db, before, incoming.tracks, options.authoritative), now);
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
    return writeAsset(db, asset, before, before.filter((track) => track !== current), now, [trackId]);
  }
  if (!current && wasDeleted(db, trackId)) return nothingTouched();
  const position = current?.position ?? Math.max(-1, ...before.map((track) => track.position)) + 1;
  const incoming = { ...trackRecord(asset.muxId, change.track, position), errors: change.error ?? null };
  const after = current ? before.map((track) => (track === current ? mergeTrack(current, incoming) : track)) : [...before, incoming];
  return writeAsset(db, asset, before, after, now, [trackId]);
}

/** Mux answered 404: the asset is gone, and the work on it with it. */
export function forgetAsset(db: Db, assetId: string, now: number): Touched {
  const asset = assetRowsById(db, [assetId]).get(assetId);
  if (!asset || asset.deleted) return nothingTouched();
  const before = trackRowsByAsset(db, [assetId]).get(assetId) ?? [];
  return writeAsset(db, { ...asset, deleted: true, fetchedAt: now }, before, before, now, []);
}
