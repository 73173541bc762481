/*
 * The gateway's model of caption work: rows made from what Mux says (assets, tracks, uploads, Robots jobs,
 * and the jobs auto-generated captions imply), and what a caption job's status means (final, progress,
 * estimated finish).
 */
import { randomUUID } from 'node:crypto';
import type { Asset, Track } from '@mux/mux-node/resources/video/assets';
import type { Upload } from '@mux/mux-node/resources/video/uploads';
import { CAPTION_JOB_FINAL_STATUSES, type RobotsOutputs } from '../db/schema.js';
import type { AssetRow, CaptionJobKind, CaptionJobRow, CaptionJobStatus, TrackRow, UploadRow } from '../db/store.js';
import { type CaptionRobotsJob, type CaptionWorkflow, outputTrackId } from '../mux/robots.js';

export function isFinal(status: CaptionJobStatus): boolean {
  return (CAPTION_JOB_FINAL_STATUSES as readonly CaptionJobStatus[]).includes(status);
}

/** A new piece of caption work the gateway asked Mux for. */
export function newJob(fields: Pick<CaptionJobRow, 'kind' | 'status'> & Partial<CaptionJobRow>): CaptionJobRow {
  const now = Date.now();
  return {
    id: `job_${randomUUID()}`,
    assetId: null,
    uploadId: null,
    trackId: null,
    languageCode: null,
    muxJobId: null,
    muxWorkflow: null,
    requestedAt: now,
    startedAt: fields.status === 'pending' ? null : now,
    finishedAt: null,
    unitsConsumed: null,
    errors: null,
    sourceTrackId: null,
    replacedTrackId: null,
    parameters: null,
    outputs: null,
    fetchedAt: now,
    ...fields,
  };
}

/** Why work ended without Mux saying so: its asset, track, upload or Robots job is gone. */
export interface JobEnding {
  status: Extract<CaptionJobStatus, 'errored' | 'cancelled'>;
  type: string;
  message: string;
}

export function endedJob(job: CaptionJobRow, ending: JobEnding, now: number): CaptionJobRow {
  return {
    ...job,
    status: ending.status,
    finishedAt: now,
    fetchedAt: now,
    errors: [{ type: ending.type, message: ending.message, retryable: false }],
  };
}

/** Mux's rule of thumb: auto-generated captions take about 0.1x the asset's duration. */
const SECONDS_OF_WORK_PER_SECOND = 0.1;
/** Short of done until Mux says so, however late the work runs. */
const MOST_BEFORE_DONE = 0.99;

/** Running work is pushed to subscribers at least at each tenth of its estimated progress, and this often. */
const PROGRESS_STEP = 0.1;
export const PROGRESS_PUSH_MAX_GAP_MS = 5_000;

/**
 * When the work should be done. `muxSpeed` is how many times faster than real time Mux works: 1 for Mux, the
 * simulator's speed on the simulator, whose clock runs that much faster.
 */
export function estimatedFinishAt(job: CaptionJobRow, durationSeconds: number | null, muxSpeed = 1): number | null {
  if (job.finishedAt) return job.finishedAt;
  if (durationSeconds === null) return null;
  const start = job.startedAt ?? job.requestedAt;
  return start + Math.round((durationSeconds * SECONDS_OF_WORK_PER_SECOND * 1000) / muxSpeed);
}

/**
 * How far along the work probably is, from 0 to 1: elapsed time against the estimate. Pending work has not
 * started; final work, whatever its outcome, is over.
 */
export function estimatedProgress(
  job: CaptionJobRow,
  durationSeconds: number | null,
  now: number,
  muxSpeed = 1,
): number {
  if (isFinal(job.status)) return 1;
  const finish = estimatedFinishAt(job, durationSeconds, muxSpeed);
  const start = job.startedAt ?? job.requestedAt;
  if (job.status === 'pending' || finish === null || finish <= start) return 0;
  const fraction = Math.min(MOST_BEFORE_DONE, Math.max(0, (now - start) / (finish - start)));
  return Math.round(fraction * 100) / 100;
}

/**
 * When running work should next be told to its subscribers, told last at `pushedAt`: when its estimated progress
 * reaches the next tenth, and at most PROGRESS_PUSH_MAX_GAP_MS after the last push. Undefined for work that is not
 * running: pending work has no progress, and final work was told when it ended.
 */
export function nextProgressPushAt(
  job: CaptionJobRow,
  durationSeconds: number | null,
  pushedAt: number,
  muxSpeed = 1,
): number | undefined {
  if (job.status !== 'processing') return undefined;
  const latest = pushedAt + PROGRESS_PUSH_MAX_GAP_MS;
  const finish = estimatedFinishAt(job, durationSeconds, muxSpeed);
  const start = job.startedAt ?? job.requestedAt;
  if (finish === null || finish <= start) return latest;
  const progress = (pushedAt - start) / (finish - start);
  if (progress >= MOST_BEFORE_DONE) return latest;
  const nextStep = (Math.floor(Math.max(0, progress) / PROGRESS_STEP + 1e-9) + 1) * PROGRESS_STEP;
  return Math.min(latest, Math.ceil(start + Math.min(nextStep, MOST_BEFORE_DONE) * (finish - start)));
}

/** The work is done and its captions can be read: the job completed and its track is ready. */
export function transcriptReady(job: CaptionJobRow, track: TrackRow | undefined): boolean {
  return job.status === 'completed' && track?.status === 'ready';
}

/** Mux reports `created_at` as a string of Unix seconds in REST and a number in webhooks. */
function unixSecondsToMs(value: string | number | undefined): number {
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : 0;
}

/** What Mux said went wrong with a track; only its webhook says it. */
export interface TrackError {
  type?: string;
  messages?: string[];
}

export function trackRecord(assetId: string, track: Track, position: number, writtenAt: number): TrackRow {
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
    writtenAt,
  };
}

/** Neither the asset nor any of its tracks is still preparing. */
export function isSettled(asset: Pick<AssetRow, 'status'>, tracks: readonly Pick<TrackRow, 'status'>[]): boolean {
  return asset.status !== 'preparing' && !tracks.some((track) => track.status === 'preparing');
}

export function assetRecord(asset: Asset, fetchedAt: number, now: number): { asset: AssetRow; tracks: TrackRow[] } {
  const tracks = (asset.tracks ?? [])
    .filter((track) => track.id)
    .map((track, position) => trackRecord(asset.id, track, position, now));
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
      settled: isSettled(asset, tracks),
      fetchedAt,
    },
    tracks,
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

const KIND_OF_WORKFLOW: Record<CaptionWorkflow, CaptionJobKind> = {
  'generate-premium-captions': 'premium',
  'edit-captions': 'edit',
  'translate-captions': 'translation',
};

function languageOf(job: CaptionRobotsJob): string | undefined {
  switch (job.workflow) {
    case 'generate-premium-captions':
      return job.outputs?.language_code ?? job.parameters.language_code;
    case 'translate-captions':
      return job.parameters.to_language_code;
    case 'edit-captions':
      return undefined;
  }
}

/** Mux's Robots job, as the CaptionJob row that stands for it. */
export function robotsJobRecord(
  job: CaptionRobotsJob,
  existing: CaptionJobRow | undefined,
  now: number,
): CaptionJobRow {
  const final = isFinal(job.status);
  const replaced = job.workflow === 'generate-premium-captions' ? job.outputs?.replaced_track_id : undefined;
  const sourceTrackId = job.workflow === 'generate-premium-captions' ? undefined : job.parameters.track_id;
  return {
    id: existing?.id ?? `robots_${job.id}`,
    kind: existing?.kind ?? KIND_OF_WORKFLOW[job.workflow],
    status: job.status,
    assetId: job.parameters.asset_id,
    uploadId: existing?.uploadId ?? null,
    trackId: outputTrackId(job) ?? existing?.trackId ?? null,
    languageCode: languageOf(job) ?? existing?.languageCode ?? null,
    muxJobId: job.id,
    muxWorkflow: job.workflow,
    requestedAt: existing?.requestedAt ?? job.created_at * 1000,
    startedAt: job.status === 'pending' ? null : (existing?.startedAt ?? job.updated_at * 1000),
    finishedAt: final ? (existing?.finishedAt ?? job.updated_at * 1000) : null,
    unitsConsumed: job.units_consumed,
    errors: job.errors ?? null,
    sourceTrackId: existing?.sourceTrackId ?? sourceTrackId ?? null,
    replacedTrackId: replaced ?? existing?.replacedTrackId ?? null,
    parameters: existing?.parameters ?? null,
    outputs: robotsOutputsOf(job) ?? existing?.outputs ?? null,
    fetchedAt: now,
  };
}

/**
 * What a completed job reported besides its tracks. The SDK's types leave out `detected_language`,
 * `auto_language_confidence` and `never_translate_terms_preserved`, which Mux's docs list, so they are read
 * as what they may be.
 */
function robotsOutputsOf(job: CaptionRobotsJob): RobotsOutputs | undefined {
  const outputs = job.outputs as Record<string, unknown> | undefined;
  if (!outputs) return undefined;
  const detected = outputs.detected_language;
  const confidence = outputs.auto_language_confidence;
  const preserved = outputs.never_translate_terms_preserved;
  const kept: RobotsOutputs = {
    ...(typeof detected === 'string' ? { detectedLanguageCode: detected } : {}),
    ...(typeof confidence === 'number' ? { languageConfidence: confidence } : {}),
    ...(typeof preserved === 'boolean' ? { neverTranslateTermsPreserved: preserved } : {}),
  };
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/** What a generated track's status says of its job; a deleted track says nothing new about the work. */
const TRACK_TO_JOB_STATUS: Partial<Record<string, CaptionJobStatus>> = {
  preparing: 'processing',
  ready: 'completed',
  errored: 'errored',
};

function jobStatusOf(track: TrackRow, existing: CaptionJobRow | undefined): CaptionJobStatus {
  const said = TRACK_TO_JOB_STATUS[track.status];
  if (said) return said;
  // Gone before the gateway saw it: the work was done. A status Mux added later: still at work, as far as known.
  return existing?.status ?? (track.status === 'deleted' ? 'completed' : 'processing');
}

/** A job asked for before its track existed (assetCreate, directUploadCreate) claims it by language. */
function claimWaitingJob(waiting: CaptionJobRow[], track: TrackRow): CaptionJobRow | undefined {
  const index = waiting.findIndex((job) => job.languageCode === track.languageCode || job.languageCode === 'auto');
  return index === -1 ? undefined : waiting.splice(index, 1)[0];
}

/** What Mux said went wrong with a track that is its job is the job's error. */
function trackFailure(track: TrackRow): NonNullable<CaptionJobRow['errors']> {
  return [
    {
      type: track.errors?.type ?? 'track_errored',
      message: track.errors?.messages?.join(' ') || 'Mux could not make this caption track',
    },
  ];
}

/**
 * Auto-generated captions have no job at Mux: the generated_vod text track is the job. Each such track
 * updates the CaptionJob that stands for it: the one it already has, one that was waiting for it, or a new
 * one for captions Mux was asked for outside the gateway. A track made from captions a client added is its
 * job in the same way.
 */
export function trackCaptionJobs(
  asset: AssetRow,
  tracks: readonly TrackRow[],
  jobsOfAsset: readonly CaptionJobRow[],
  now: number,
): CaptionJobRow[] {
  const byTrack = new Map(jobsOfAsset.flatMap((job) => (job.trackId ? [[job.trackId, job] as const] : [])));
  const waiting = jobsOfAsset
    .filter(
      (job) =>
        !job.trackId &&
        (job.kind === 'auto_generated' || job.kind === 'generated') &&
        (job.status === 'pending' || job.status === 'processing'),
    )
    .sort((a, b) => a.requestedAt - b.requestedAt);
  const jobs: CaptionJobRow[] = [];
  for (const track of tracks) {
    if (track.type !== 'text') continue;
    const own = byTrack.get(track.muxId);
    if (track.textSource !== 'generated_vod' && own?.kind !== 'added') continue;
    const existing = own ?? claimWaitingJob(waiting, track);
    const status = jobStatusOf(track, existing);
    const final = status !== 'processing';
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
      finishedAt: final ? (existing?.finishedAt ?? now) : null,
      unitsConsumed: existing?.unitsConsumed ?? null,
      errors:
        status === 'errored' ? (track.errors ? trackFailure(track) : (existing?.errors ?? trackFailure(track))) : null,
      sourceTrackId: existing?.sourceTrackId ?? null,
      replacedTrackId: existing?.replacedTrackId ?? null,
      parameters: existing?.parameters ?? null,
      outputs: existing?.outputs ?? null,
      fetchedAt: now,
    });
  }
  return jobs;
}

/**
 * JSON with object keys in sorted order (undefined members left out, as JSON.stringify does): equal values, equal text.
 */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Bookkeeping no client sees: when Mux last confirmed or the gateway wrote a row, whether an asset settled, a track's
 * place.
 */
const UNSEEN = new Set(['fetchedAt', 'writtenAt', 'settled', 'position']);

/** Versions already worked out: one row published to a thousand subscribers is read once, not a thousand times. */
const versions = new WeakMap<object, string>();

/**
 * What a row tells a client: two rows with the same version say the same thing, however they were built. Rows
 * are not changed once read or published, so a row's version is kept with it.
 */
export function stateVersion(row: object): string {
  let version = versions.get(row);
  if (version === undefined) {
    version = stableJson(Object.fromEntries(Object.entries(row).filter(([key]) => !UNSEEN.has(key))));
    versions.set(row, version);
  }
  return version;
}
