import { and, desc, eq, inArray, isNull, lt, notInArray, or, type SQL } from 'drizzle-orm';
import { groupBy } from './assets.js';
import type { Db } from './client.js';
import { CAPTION_JOB_FINAL_STATUSES, captionJobs } from './schema.js';

export type CaptionJobRow = typeof captionJobs.$inferSelect;
export type CaptionJobKind = CaptionJobRow['kind'];
export type CaptionJobStatus = CaptionJobRow['status'];

export interface CaptionJobFilter {
  assetId?: string | undefined;
  kind?: CaptionJobKind | undefined;
  status?: CaptionJobStatus | undefined;
}

export interface CaptionJobCursor {
  requestedAt: number;
  id: string;
}

const unfinished = () => notInArray(captionJobs.status, [...CAPTION_JOB_FINAL_STATUSES]);

export class CaptionJobQueries {
  constructor(private readonly db: Db) {}

  async byIds(ids: readonly string[]): Promise<Map<string, CaptionJobRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(captionJobs)
      .where(inArray(captionJobs.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  async byMuxJobId(muxJobId: string): Promise<CaptionJobRow | undefined> {
    const [row] = await this.db.select().from(captionJobs).where(eq(captionJobs.muxJobId, muxJobId));
    return row;
  }

  /** Each asset's caption work, newest first. */
  async byAssetIds(assetIds: readonly string[]): Promise<Map<string, CaptionJobRow[]>> {
    if (assetIds.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(captionJobs)
      .where(inArray(captionJobs.assetId, [...assetIds]))
      .orderBy(desc(captionJobs.requestedAt), desc(captionJobs.id));
    return groupBy(assetIds, rows, (row) => row.assetId);
  }

  byUpload(uploadId: string): Promise<CaptionJobRow[]> {
    return this.db.select().from(captionJobs).where(eq(captionJobs.uploadId, uploadId));
  }

  /** Every job not in a final status, oldest first: what the reconciler follows. */
  unfinished(): Promise<CaptionJobRow[]> {
    return this.db.select().from(captionJobs).where(unfinished()).orderBy(captionJobs.requestedAt);
  }

  list(filter: CaptionJobFilter, after: CaptionJobCursor | undefined, limit: number): Promise<CaptionJobRow[]> {
    const conditions: (SQL | undefined)[] = [
      filter.assetId ? eq(captionJobs.assetId, filter.assetId) : undefined,
      filter.kind ? eq(captionJobs.kind, filter.kind) : undefined,
      filter.status ? eq(captionJobs.status, filter.status) : undefined,
    ];
    if (after) {
      conditions.push(
        or(
          lt(captionJobs.requestedAt, after.requestedAt),
          and(eq(captionJobs.requestedAt, after.requestedAt), lt(captionJobs.id, after.id)),
        ),
      );
    }
    return this.db
      .select()
      .from(captionJobs)
      .where(and(...conditions))
      .orderBy(desc(captionJobs.requestedAt), desc(captionJobs.id))
      .limit(limit);
  }

  async upsert(row: CaptionJobRow): Promise<void> {
    await this.db.insert(captionJobs).values(row).onConflictDoUpdate({ target: captionJobs.id, set: row });
  }

  /** Jobs started on a direct upload and still without an asset. */
  waitingForAssetOfUpload(uploadId: string): Promise<CaptionJobRow[]> {
    return this.db
      .select()
      .from(captionJobs)
      .where(and(eq(captionJobs.uploadId, uploadId), isNull(captionJobs.assetId)));
  }
}
