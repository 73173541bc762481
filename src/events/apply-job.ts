import { trackRowsById } from '../db/assets.js';
import { captionJobByMuxJobId } from '../db/caption-job-sync.js';
import { type CaptionJobRow, type CaptionJobStatus, captionJobRowsById, saveCaptionJob } from '../db/caption-jobs.js';
import type { Db } from '../db/client.js';
import type { CaptionWorkflow, RobotsJob } from '../mux/robots.js';
import { robotsJobRecord } from '../resolvers/caption-jobs.js';
import { jobMayFollow } from './status-order.js';

/** Writes the job unless that would move it backwards; returns the row as it now stands. */
export function saveJobForward(db: Db, job: CaptionJobRow): CaptionJobRow {
  const existing = captionJobRowsById(db, [job.id]).get(job.id);
  if (existing && !jobMayFollow(existing.status, job.status)) return existing;
  saveCaptionJob(db, job);
  return job;
}

export interface JobEnding {
  status: Extract<CaptionJobStatus, 'errored' | 'cancelled'>;
  type: string;
  message: string;
}

/** Ends work that can no longer finish the usual way (its asset or track is gone). */
export function endJob(db: Db, job: CaptionJobRow, ending: JobEnding, now: number): CaptionJobRow {
  return saveJobForward(db, {
    ...job,
    status: ending.status,
    finishedAt: now,
    fetchedAt: now,
    errors: [{ type: ending.type, message: ending.message, retryable: false }],
  });
}

/** Mux's view of a Robots job becomes the CaptionJob that stands for it, made now if the gateway never saw it. */
export function applyRobotsJob(db: Db, workflow: CaptionWorkflow, job: RobotsJob, now: number): CaptionJobRow {
  const existing = captionJobByMuxJobId(db, job.id);
  if (existing && !jobMayFollow(existing.status, job.status)) return existing;
  const row = robotsJobRecord(job, workflow, existing, now);
  saveCaptionJob(db, row);
  return row;
}

/**
 * A completed job's last update should carry its track as Mux has it: when that track is not cached yet,
 * or still preparing, the asset is read before subscribers are told.
 */
export function awaitsItsTrack(db: Db, job: CaptionJobRow): boolean {
  if (job.status !== 'completed' || !job.trackId) return false;
  return trackRowsById(db, [job.trackId]).get(job.trackId)?.status !== 'ready';
}
