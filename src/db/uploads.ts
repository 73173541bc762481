import { inArray } from 'drizzle-orm';
import type { Db } from './client.js';
import { uploads } from './schema.js';

export type UploadRow = typeof uploads.$inferSelect;

export function uploadRowsById(db: Db, ids: readonly string[]): Map<string, UploadRow> {
  if (ids.length === 0) return new Map();
  const rows = db
    .select()
    .from(uploads)
    .where(inArray(uploads.muxId, [...ids]))
    .all();
  return new Map(rows.map((row) => [row.muxId, row]));
}

export function saveUpload(db: Db, upload: UploadRow): void {
  db.insert(uploads).values(upload).onConflictDoUpdate({ target: uploads.muxId, set: upload }).run();
}
