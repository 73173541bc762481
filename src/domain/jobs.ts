import { randomUUID } from 'node:crypto';
import type { TrackRow } from '../db/assets.js';
import type { CaptionJobRow, CaptionJobStatus } from '../db/caption-jobs.js';
import { CAPTION_JOB_FINAL_STATUSES } from '../db/schema.js';

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

export function estimatedFinishAt(job: CaptionJobRow, durationSeconds: number | null): number | null {
  if (job.finishedAt) return job.finishedAt;
  if (durationSeconds === null) return null;
  const start = job.startedAt ?? job.requestedAt;
  return start + Math.round(durationSeconds * SECONDS_OF_WORK_PER_SECOND * 1000);
}

/**
 * How far along the work probably is, from 0 to 1: elapsed time against the estimate. Pending work has not
 * started; final work, whatever its outcome, is over.
 */
export function estimatedProgress(job: CaptionJobRow, durationSeconds: number | null, now: number): number {
  if (isFinal(job.status)) return 1;
  const finish = estimatedFinishAt(job, durationSeconds);
  const start = job.startedAt ?? job.requestedAt;
  if (job.status === 'pending' || finish === null || finish <= start) return 0;
  const fraction = Math.min(MOST_BEFORE_DONE, Math.max(0, (now - start) / (finish - start)));
  return Math.round(fraction * 100) / 100;
}

/** The work is done and its captions can be read: the job completed and its track is ready. */
export function transcriptReady(job: CaptionJobRow, track: TrackRow | undefined): boolean {
  return job.status === 'completed' && track?.status === 'ready';
}
