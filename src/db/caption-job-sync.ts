import { and, eq, notInArray } from 'drizzle-orm';
import { TERMINAL_JOB_STATUSES } from '../resolvers/job-status.js';
import type { CaptionJobRow } from './caption-jobs.js';
import type { Db } from './client.js';
import { captionJobs } from './schema.js';

/** Queries that keep caption jobs in step with Mux: webhook application and the reconciler. */

export function captionJobByMuxJobId(db: Db, muxJobId: string): CaptionJobRow | undefined {
  return db.select().from(captionJobs).where(eq(captionJobs.muxJobId, muxJobId)).get();
}

const unfinished = () => notInArray(captionJobs.status, [...TERMINAL_JOB_STATUSES]);

/** Every job not in a final status, oldest first: what the reconciler follows. */
export function unfinishedCaptionJobs(db: Db): CaptionJobRow[] {
  return db.select().from(captionJobs).where(unfinished()).orderBy(captionJobs.requestedAt).all();
}

export function unfinishedCaptionJobsOfAsset(db: Db, assetId: string): CaptionJobRow[] {
  return db
    .select()
    .from(captionJobs)
    .where(and(eq(captionJobs.assetId, assetId), unfinished()))
    .all();
}
