import type { TrackRow } from '../db/assets.js';
import type { CaptionJobRow } from '../db/caption-jobs.js';
import { estimatedFinishAt } from './caption-jobs.js';
import { isTerminal } from './job-status.js';

/** Short of done until Mux says so, however late the work runs. */
const MOST_BEFORE_DONE = 0.99;

/**
 * How far along the work probably is, from 0 to 1: elapsed time against the estimate (about 0.1x the
 * asset's duration). Pending work has not started; final work, whatever its outcome, is over.
 */
export function estimatedProgress(job: CaptionJobRow, durationSeconds: number | null, now: number): number {
  if (isTerminal(job.status)) return 1;
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
