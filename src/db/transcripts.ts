import { and, asc, eq, getTableColumns, gt, inArray, lt } from 'drizzle-orm';
import type { TranscriptCue, TranscriptWord } from '../transcripts/model.js';
import type { Db } from './client.js';
import { groupBy } from './group-by.js';
import type { transcripts } from './schema.js';
import type { Tables } from './tables.js';

/** A cue as stored: with its place in the transcript, from 0. */
export type StoredCue = TranscriptCue & { position: number };

export type NewTranscriptRow = typeof transcripts.$inferInsert;
/** A transcript without its word timings, which can be large and are read only when asked for. */
export type TranscriptRow = Omit<typeof transcripts.$inferSelect, 'words'>;

/** SQLite binds at most 32,766 parameters per statement; cues have seven columns. */
const CUE_INSERT_BATCH = 1_000;

export interface TimeRange {
  fromMs?: number | undefined;
  toMs?: number | undefined;
}

export class TranscriptQueries {
  constructor(
    private readonly db: Db,
    private readonly t: Tables,
  ) {}

  /** Every column but the word timings. */
  #rowColumns() {
    const { words: _words, ...columns } = getTableColumns(this.t.transcripts);
    return columns;
  }

  /** Writes a transcript and replaces its cues; call it in a transaction. Triggers keep the search index in step. */
  async save(row: NewTranscriptRow, cues: readonly TranscriptCue[]): Promise<void> {
    await this.db
      .insert(this.t.transcripts)
      .values(row)
      .onConflictDoUpdate({ target: this.t.transcripts.id, set: row });
    await this.db.delete(this.t.transcriptCues).where(eq(this.t.transcriptCues.transcriptId, row.id));
    for (let start = 0; start < cues.length; start += CUE_INSERT_BATCH) {
      const batch = cues
        .slice(start, start + CUE_INSERT_BATCH)
        .map((cue, offset) => ({ transcriptId: row.id, position: start + offset, ...cue }));
      await this.db.insert(this.t.transcriptCues).values(batch);
    }
  }

  async byIds(ids: readonly string[]): Promise<Map<string, TranscriptRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select(this.#rowColumns())
      .from(this.t.transcripts)
      .where(inArray(this.t.transcripts.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  async byMuxJobId(muxJobId: string): Promise<TranscriptRow | undefined> {
    const [row] = await this.db
      .select(this.#rowColumns())
      .from(this.t.transcripts)
      .where(eq(this.t.transcripts.muxJobId, muxJobId));
    return row;
  }

  /** Each asset's transcripts, oldest capture first. */
  async byAssetIds(assetIds: readonly string[]): Promise<Map<string, TranscriptRow[]>> {
    if (assetIds.length === 0) return new Map();
    const rows = await this.db
      .select(this.#rowColumns())
      .from(this.t.transcripts)
      .where(inArray(this.t.transcripts.assetId, [...assetIds]))
      .orderBy(asc(this.t.transcripts.capturedAt));
    return groupBy(assetIds, rows, (row) => row.assetId);
  }

  /** Cues in file order; with a range, those that overlap it. */
  cues(transcriptId: string, range: TimeRange = {}): Promise<StoredCue[]> {
    return this.db
      .select({
        position: this.t.transcriptCues.position,
        startMs: this.t.transcriptCues.startMs,
        endMs: this.t.transcriptCues.endMs,
        text: this.t.transcriptCues.text,
        speaker: this.t.transcriptCues.speaker,
      })
      .from(this.t.transcriptCues)
      .where(
        and(
          eq(this.t.transcriptCues.transcriptId, transcriptId),
          range.toMs === undefined ? undefined : lt(this.t.transcriptCues.startMs, range.toMs),
          range.fromMs === undefined ? undefined : gt(this.t.transcriptCues.endMs, range.fromMs),
        ),
      )
      .orderBy(asc(this.t.transcriptCues.position));
  }

  async words(transcriptId: string): Promise<TranscriptWord[] | null> {
    const [row] = await this.db
      .select({ words: this.t.transcripts.words })
      .from(this.t.transcripts)
      .where(eq(this.t.transcripts.id, transcriptId));
    return row?.words ?? null;
  }

  /** Returns how many transcripts went (their cues and index entries go with them). */
  async deleteOfTrack(trackId: string): Promise<number> {
    const deleted = await this.db
      .delete(this.t.transcripts)
      .where(eq(this.t.transcripts.trackId, trackId))
      .returning({ id: this.t.transcripts.id });
    return deleted.length;
  }
}
