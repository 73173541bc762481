import { and, desc, eq, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from './client.js';
import { captionJobs } from './schema.js';

export type CaptionJobRow = typeof captionJobs.$inferSelect;
export type CaptionJobKind = CaptionJobRow['kind'];
export type CaptionJobStatus = CaptionJobRow['status'];

export function captionJobRowsById(db: Db, ids: readonly string[]): Map<string, CaptionJobRow> {
  if (ids.length === 0) return new Map();
  const rows = db
    .select()
    .from(captionJobs)
    .where(inArray(captionJobs.id, [...ids]))
    .all();
  return new Map(rows.map((row) => [row.id, row]));
}

export function captionJobRowsByAsset(db: Db, assetIds: readonly string[]): Map<string, CaptionJobRow[]> {
  const grouped = new Map<string, CaptionJobRow[]>(assetIds.map((id) => [id, []]));
  if (assetIds.length === 0) return grouped;
  const rows = db
    .select()
    .from(captionJobs)
    .where(inArray(captionJobs.assetId, [...assetIds]))
    .orderBy(desc(captionJobs.requestedAt), desc(captionJobs.id))
    .all();
  for (const row of rows) if (row.assetId) grouped.get(row.assetId)?.push(row);
  return grouped;
}

export function saveCaptionJob(db: Db, job: CaptionJobRow): void {
  db.insert(captionJobs).values(job).onConflictDoUpdate({ target: captionJobs.id, set: job }).run();
}

export interface CaptionJobFilter {
  assetId?: string | undefined;
  kind?: CaptionJobKind | undefined;
  status?: CaptionJobStatus | undefined;
}

export interface CaptionJobCursor {
  requestedAt: number;
  id: string;
}

export function listCaptionJobRows(
  db: Db,
  filter: CaptionJobFilter,
  after: CaptionJobCursor | undefined,
  limit: number,
): CaptionJobRow[] {
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
  return db
    .select()
    .from(captionJobs)
    .where(and(...conditions))
    .orderBy(desc(captionJobs.requestedAt), desc(captionJobs.id))
    .limit(limit)
    .all();
}

/** Jobs started on a direct upload learn their asset when the upload turns into one. */
export function assignUploadAsset(db: Db, uploadId: string, assetId: string): void {
  db.update(captionJobs)
    .set({ assetId })
    .where(and(eq(captionJobs.uploadId, uploadId), isNull(captionJobs.assetId)))
    .run();
}

export function captionJobRowsByUpload(db: Db, uploadId: string): CaptionJobRow[] {
  return db.select().from(captionJobs).where(eq(captionJobs.uploadId, uploadId)).all();
}

/** Generated-caption jobs of an asset whose track Mux has not listed yet, oldest first. */
export function captionJobsWaitingForTrack(db: Db, assetId: string): CaptionJobRow[] {
  return db
    .select()
    .from(captionJobs)
    .where(
      and(
        eq(captionJobs.assetId, assetId),
        isNull(captionJobs.trackId),
        inArray(captionJobs.kind, ['auto_generated', 'generated']),
        inArray(captionJobs.status, ['pending', 'processing']),
      ),
    )
    .orderBy(captionJobs.requestedAt)
    .all();
}

export function captionJobRowsByTrack(db: Db, trackIds: readonly string[]): Map<string, CaptionJobRow> {
  if (trackIds.length === 0) return new Map();
  const rows = db
    .select()
    .from(captionJobs)
    .where(inArray(captionJobs.trackId, [...trackIds]))
    .all();
  return new Map(rows.flatMap((row) => (row.trackId ? [[row.trackId, row] as const] : [])));
}
