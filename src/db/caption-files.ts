import { eq } from 'drizzle-orm';
import type { Db } from './client.js';
import { captionFiles } from './schema.js';

export type CaptionFileRow = typeof captionFiles.$inferSelect;

/** Edited caption files the gateway serves to Mux while a replacement runs. */
export class CaptionFileQueries {
  constructor(private readonly db: Db) {}

  async save(file: CaptionFileRow): Promise<void> {
    await this.db.insert(captionFiles).values(file);
  }

  async byId(id: string): Promise<CaptionFileRow | undefined> {
    const [row] = await this.db.select().from(captionFiles).where(eq(captionFiles.id, id));
    return row;
  }

  async delete(id: string): Promise<void> {
    await this.db.delete(captionFiles).where(eq(captionFiles.id, id));
  }

  async count(): Promise<number> {
    return (await this.db.select({ id: captionFiles.id }).from(captionFiles)).length;
  }
}
