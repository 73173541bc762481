import type { Asset, Track } from '@mux/mux-node/resources/video/assets';
import type { Upload } from '@mux/mux-node/resources/video/uploads';
import type { AssetRow, NewTrackRow } from '../db/assets.js';
import type { CaptionJobRow, CaptionJobStatus } from '../db/caption-jobs.js';
import type { UploadRow } from '../db/uploads.js';

/** Mux reports `created_at` as a string of Unix seconds in REST and a number in webhooks. */
function unixSecondsToMs(value: string | number | undefined): number {
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : 0;
}

export function assetRecord(asset: Asset, fetchedAt: number): { asset: AssetRow; tracks: NewTrackRow[] } {
  const tracks = (asset.tracks ?? [])
    .filter((track) => track.id)
    .map((track, position) => trackRecord(asset.id, track, position));
  return {
    asset: {
      muxId: asset.id,
      status: asset.status,
      durationSeconds: asset.duration ?? null,
      createdAt: unixSecondsToMs(asset.created_at),
      title: asset.meta?.title ?? null,
      passthrough: asset.passthrough ?? null,
      playbackIds: (asset.playback_ids ?? []).map((playback) => ({ id: playback.id, policy: playback.policy })),
      uploadId: asset.upload_id ?? null,
      errors: asset.errors ?? null,
      deleted: false,
      settled: asset.status !== 'preparing' && !tracks.some((track) => track.status === 'preparing'),
      fetchedAt,
    },
    tracks,
  };
}

export function trackRecord(assetId: string, track: Track, position = 0): NewTrackRow {
  return {
    muxId: track.id ?? '',
    assetId,
    type: track.type ?? 'text',
    textType: track.text_type ?? null,
    textSource: track.text_source ?? null,
    languageCode: track.language_code ?? null,
    name: track.name ?? null,
    closedCaptions: track.closed_captions ?? null,
    // Mux gives text tracks a status; video and audio tracks of a playable asset often have none.
    status: track.status ?? (track.type === 'text' ? 'preparing' : 'ready'),
    primary: track.primary ?? false,
    errors: null,
    position,
  };
}

export function uploadRecord(upload: Upload, fetchedAt: number): UploadRow {
  return {
    muxId: upload.id,
    status: upload.status,
    assetId: upload.asset_id ?? null,
    corsOrigin: upload.cors_origin ?? null,
    url: upload.url ?? null,
    timeoutSeconds: upload.timeout ?? null,
    newAssetSettings: (upload.new_asset_settings as Record<string, unknown> | undefined) ?? null,
    error: upload.error ?? null,
    fetchedAt,
  };
}

const TRACK_TO_JOB_STATUS: Record<NewTrackRow['status'] & string, CaptionJobStatus | undefined> = {
  preparing: 'processing',
  ready: 'completed',
  errored: 'errored',
  // A deleted track says nothing new about the work that made it.
  deleted: undefined,
};

/** A job asked for before its track existed (assetCreate, directUploadCreate, captionsGenerate) claims it. */
function claimWaitingJob(waiting: CaptionJobRow[], track: NewTrackRow): CaptionJobRow | undefined {
  const index = waiting.findIndex((job) => job.languageCode === track.languageCode || job.languageCode === 'auto');
  return index === -1 ? undefined : waiting.splice(index, 1)[0];
}

/**
 * Auto-generated captions have no job at Mux: the generated_vod text track is the job. Each such track
 * updates the CaptionJob that stands for it: the one it already has, one that was waiting for it, or a new
 * one for captions Mux was asked for outside the gateway.
 */
export function generatedCaptionJobs(
  asset: AssetRow,
  tracks: readonly NewTrackRow[],
  existingByTrack: ReadonlyMap<string, CaptionJobRow>,
  waitingForTrack: readonly CaptionJobRow[],
  now: number,
): CaptionJobRow[] {
  const waiting = [...waitingForTrack];
  const jobs: CaptionJobRow[] = [];
  for (const track of tracks) {
    if (track.type !== 'text' || track.textSource !== 'generated_vod') continue;
    const existing = existingByTrack.get(track.muxId) ?? claimWaitingJob(waiting, track);
    const status = TRACK_TO_JOB_STATUS[track.status ?? 'preparing'] ?? existing?.status ?? 'completed';
    const terminal = status !== 'processing';
    jobs.push({
      id: existing?.id ?? `generated_${track.muxId}`,
      kind: existing?.kind ?? 'auto_generated',
      status,
      assetId: asset.muxId,
      uploadId: existing?.uploadId ?? null,
      trackId: track.muxId,
      languageCode: track.languageCode ?? null,
      muxJobId: existing?.muxJobId ?? null,
      muxWorkflow: existing?.muxWorkflow ?? null,
      requestedAt: existing?.requestedAt ?? asset.createdAt,
      startedAt: existing?.startedAt ?? asset.createdAt,
      finishedAt: terminal ? (existing?.finishedAt ?? now) : null,
      unitsConsumed: existing?.unitsConsumed ?? null,
      errors:
        status === 'errored'
          ? (existing?.errors ?? [{ type: 'track_errored', message: 'Mux could not generate captions for this track' }])
          : null,
      sourceTrackId: existing?.sourceTrackId ?? null,
      replacedTrackId: existing?.replacedTrackId ?? null,
      parameters: existing?.parameters ?? null,
      fetchedAt: now,
    });
  }
  return jobs;
}
