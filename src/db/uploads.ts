import { inArray } from 'drizzle-orm';
import type { Db } from './client.js';
import { uploads } from './schema.js';

export type UploadRow = typeof uploads.$inferSelect;

export class UploadQueries {
  constructor(private readonly db: Db) {}

  async byIds(ids: readonly string[]): Promise<Map<string, UploadRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(uploads)
      .where(inArray(uploads.muxId, [...ids]));
    return new Map(rows.map((row) => [row.muxId, row]));
  }

  async upsert(row: UploadRow): Promise<void> {
    await this.db.insert(uploads).values(row).onConflictDoUpdate({ target: uploads.muxId, set: row });
  }
}
