import type { AssetRow, TrackRow } from '../db/assets.js';
import type { CaptionJobStatus } from '../db/caption-jobs.js';
import type { UploadRow } from '../db/uploads.js';

/**
 * How far along each kind of thing is. A state never moves to a lower rank: a late `preparing` cannot undo
 * `ready`, and the first final state of a job is the one that stays.
 */
const ASSET_RANK: Record<AssetRow['status'], number> = { preparing: 0, ready: 1, errored: 1 };
const TRACK_RANK: Record<TrackRow['status'], number> = { preparing: 0, ready: 1, errored: 1, deleted: 2 };
const JOB_RANK: Record<CaptionJobStatus, number> = {
  pending: 0,
  processing: 1,
  completed: 2,
  errored: 2,
  cancelled: 2,
  skipped: 2,
};
const UPLOAD_RANK: Record<UploadRow['status'], number> = {
  waiting: 0,
  asset_created: 1,
  errored: 1,
  cancelled: 1,
  timed_out: 1,
};

/** Whether `next` may replace `current`: it is further along, or the same status again (fresher details). */
function mayFollow<S extends string>(rank: Record<S, number>, current: S, next: S): boolean {
  return rank[next] > rank[current] || next === current;
}

export const assetMayFollow = (current: AssetRow['status'], next: AssetRow['status']) =>
  mayFollow(ASSET_RANK, current, next);
export const trackMayFollow = (current: TrackRow['status'], next: TrackRow['status']) =>
  mayFollow(TRACK_RANK, current, next);
export const jobMayFollow = (current: CaptionJobStatus, next: CaptionJobStatus) => mayFollow(JOB_RANK, current, next);
export const uploadMayFollow = (current: UploadRow['status'], next: UploadRow['status']) =>
  mayFollow(UPLOAD_RANK, current, next);
