import { eq } from 'drizzle-orm';
import type { Db } from './client.js';
import { captionFiles } from './schema.js';

export type CaptionFileRow = typeof captionFiles.$inferSelect;

export function saveCaptionFile(db: Db, file: CaptionFileRow): void {
  db.insert(captionFiles).values(file).run();
}

export function captionFileById(db: Db, id: string): CaptionFileRow | undefined {
  return db.select().from(captionFiles).where(eq(captionFiles.id, id)).get();
}

export function deleteCaptionFile(db: Db, id: string): void {
  db.delete(captionFiles).where(eq(captionFiles.id, id)).run();
}
