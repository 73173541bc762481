import { and, eq, notInArray } from 'drizzle-orm';
import type { CaptionJobRow } from './caption-jobs.js';
import type { Db } from './client.js';
import { captionJobs } from './schema.js';

/** Queries that keep caption jobs in step with Mux: webhook application and the reconciler. */

export function captionJobByMuxJobId(db: Db, muxJobId: string): CaptionJobRow | undefined {
  return db.select().from(captionJobs).where(eq(captionJobs.muxJobId, muxJobId)).get();
}

type Statuses = readonly CaptionJobRow['status'][];

/** Every job not in one of the `finished` statuses, oldest first: what the reconciler follows. */
export function unfinishedCaptionJobs(db: Db, finished: Statuses): CaptionJobRow[] {
  return db.select().from(captionJobs).where(notInArray(captionJobs.status, [...finished])).orderBy(captionJobs.requestedAt).all();
}

export function unfinishedCaptionJobsOfAsset(db: Db, assetId: string, finished: Statuses): CaptionJobRow[] {
  return db
    .select()
    .from(captionJobs)
    .where(and(eq(captionJobs.assetId, assetId), notInArray(captionJobs.status, [...finished])))
    .all();
}
