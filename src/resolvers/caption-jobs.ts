import type { GatewayServices } from '../context.js';
import {
  type CaptionJobCursor,
  type CaptionJobFilter,
  type CaptionJobKind,
  type CaptionJobRow,
  captionJobRowsByAsset,
  captionJobRowsById,
  listCaptionJobRows,
} from '../db/caption-jobs.js';
import { applyRobotsJob, awaitsItsTrack } from '../events/apply-job.js';
import { publishCaptionJob } from '../events/pubsub.js';
import { type CaptionWorkflow, isCaptionWorkflow, type RobotsJob, retrieveRobotsJob } from '../mux/robots.js';
import { refreshAsset } from './assets.js';
import { TERMINAL_JOB_STATUSES } from './job-status.js';
import { NotFoundError, readThrough } from './read-through.js';
import type { RequestCache } from './request-cache.js';
import { captureTranscriptsAfter } from './transcripts/index.js';
import { storeUpload } from './uploads.js';

const KIND_OF_WORKFLOW: Record<CaptionWorkflow, CaptionJobKind> = {
  'generate-premium-captions': 'premium',
  'edit-captions': 'edit',
  'translate-captions': 'translation',
};

/** Mux's Robots job, as the CaptionJob row that stands for it. */
export function robotsJobRecord(
  job: RobotsJob,
  workflow: CaptionWorkflow,
  existing: CaptionJobRow | undefined,
  now: number,
): CaptionJobRow {
  const terminal = TERMINAL_JOB_STATUSES.has(job.status);
  return {
    id: existing?.id ?? `robots_${job.id}`,
    kind: existing?.kind ?? KIND_OF_WORKFLOW[workflow],
    status: job.status,
    assetId: job.parameters.asset_id,
    uploadId: existing?.uploadId ?? null,
    trackId: job.outputs?.track_id ?? job.outputs?.uploaded_track_id ?? existing?.trackId ?? null,
    languageCode:
      job.outputs?.language_code ??
      job.parameters.to_language_code ??
      job.parameters.language_code ??
      existing?.languageCode ??
      null,
    muxJobId: job.id,
    muxWorkflow: workflow,
    requestedAt: existing?.requestedAt ?? job.created_at * 1000,
    startedAt: job.status === 'pending' ? null : (existing?.startedAt ?? job.updated_at * 1000),
    finishedAt: terminal ? (existing?.finishedAt ?? job.updated_at * 1000) : null,
    unitsConsumed: job.units_consumed,
    errors: job.errors ?? null,
    sourceTrackId: existing?.sourceTrackId ?? job.parameters.track_id ?? null,
    replacedTrackId:
      (typeof job.outputs?.replaced_track_id === 'string' ? job.outputs.replaced_track_id : null) ??
      existing?.replacedTrackId ??
      null,
    parameters: existing?.parameters ?? null,
    fetchedAt: now,
  };
}

async function loadUploadOf(services: GatewayServices, uploadId: string) {
  return storeUpload(services, await services.mux.video.uploads.retrieve(uploadId), Date.now());
}

function jobIsFresh(services: GatewayServices, row: CaptionJobRow, now: number): boolean {
  return TERMINAL_JOB_STATUSES.has(row.status) || now - row.fetchedAt < services.cache.activeTtlSeconds * 1000;
}

/**
 * Robots jobs are asked for by their Mux id; auto-generated captions have no job at Mux, so their asset is
 * read again, which rewrites the job from its track.
 */
async function refreshJob(services: GatewayServices, request: RequestCache, id: string): Promise<CaptionJobRow> {
  const row = captionJobRowsById(services.db, [id]).get(id);
  if (!row) throw new NotFoundError('caption job', id);
  if (row.muxJobId && row.muxWorkflow && isCaptionWorkflow(row.muxWorkflow)) {
    const job = await retrieveRobotsJob(services.mux, row.muxWorkflow, row.muxJobId);
    const updated = services.db.transaction(() =>
      applyRobotsJob(services.db, row.muxWorkflow as CaptionWorkflow, job, Date.now()),
    );
    // A job that just completed is reported with its track, as webhook ingestion does.
    if (updated.assetId && awaitsItsTrack(services.db, updated)) await refreshAsset(services, request, updated.assetId);
    publishCaptionJob(services.pubsub, updated);
    captureTranscriptsAfter(services, { tracks: [], robotsJobs: [job] });
    return updated;
  }
  const assetId = row.assetId ?? (row.uploadId ? (await loadUploadOf(services, row.uploadId)).assetId : null);
  if (assetId) await refreshAsset(services, request, assetId);
  return captionJobRowsById(services.db, [id]).get(id) ?? row;
}

export function loadCaptionJobs(
  services: GatewayServices,
  request: RequestCache,
  ids: readonly string[],
): Promise<(CaptionJobRow | Error)[]> {
  return readThrough<CaptionJobRow, CaptionJobRow>(
    {
      resource: 'captionJob',
      cached: (keys) => captionJobRowsById(services.db, keys),
      isFresh: (row, now) => jobIsFresh(services, row, now),
      fetchedAt: (row) => row.fetchedAt,
      fetch: (id) => refreshJob(services, request, id),
      save: (row) => row,
    },
    ids,
    request,
  );
}

export function captionJobsOfAssets(
  services: GatewayServices,
  assetIds: readonly string[],
): Map<string, CaptionJobRow[]> {
  return captionJobRowsByAsset(services.db, assetIds);
}

export function listCaptionJobs(
  services: GatewayServices,
  filter: CaptionJobFilter,
  after: CaptionJobCursor | undefined,
  limit: number,
): CaptionJobRow[] {
  return listCaptionJobRows(services.db, filter, after, limit);
}

/** Auto-generated captions take about 0.1x the asset's duration (Mux's own estimate). */
export function estimatedFinishAt(job: CaptionJobRow, durationSeconds: number | null): number | null {
  if (job.finishedAt) return job.finishedAt;
  if (durationSeconds === null) return null;
  const start = job.startedAt ?? job.requestedAt;
  return start + Math.round(durationSeconds * 0.1 * 1000);
}
