import { eq } from 'drizzle-orm';
import type { Db } from './client.js';
import type { captionFiles } from './schema.js';
import type { Tables } from './tables.js';

export type CaptionFileRow = typeof captionFiles.$inferSelect;

/** Edited caption files the gateway serves to Mux while a replacement runs. */
export class CaptionFileQueries {
  constructor(
    private readonly db: Db,
    private readonly t: Tables,
  ) {}

  async save(file: CaptionFileRow): Promise<void> {
    await this.db.insert(this.t.captionFiles).values(file);
  }

  async byId(id: string): Promise<CaptionFileRow | undefined> {
    const [row] = await this.db.select().from(this.t.captionFiles).where(eq(this.t.captionFiles.id, id));
    return row;
  }

  async delete(id: string): Promise<void> {
    await this.db.delete(this.t.captionFiles).where(eq(this.t.captionFiles.id, id));
  }

  async count(): Promise<number> {
    return (await this.db.select({ id: this.t.captionFiles.id }).from(this.t.captionFiles)).length;
  }
}
