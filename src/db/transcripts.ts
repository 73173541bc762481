import { and, asc, eq, getTableColumns, gt, inArray, lt } from 'drizzle-orm';
import type { TranscriptCue, TranscriptWord } from '../transcripts/model.js';
import type { Db } from './client.js';
import { transcriptCues, transcripts } from './schema.js';

export type NewTranscriptRow = typeof transcripts.$inferInsert;
/** A transcript without its word timings, which can be large and are read only when asked for. */
export type TranscriptRow = Omit<typeof transcripts.$inferSelect, 'words'>;

const { words: _words, ...rowColumns } = getTableColumns(transcripts);

/** SQLite binds at most 32,766 parameters per statement; cues have seven columns. */
const CUE_INSERT_BATCH = 1_000;

/** Writes a transcript and replaces its cues in one transaction; triggers keep the search index in step. */
export function saveTranscript(db: Db, row: NewTranscriptRow, cues: readonly TranscriptCue[]): void {
  db.transaction((tx) => {
    tx.insert(transcripts).values(row).onConflictDoUpdate({ target: transcripts.id, set: row }).run();
    tx.delete(transcriptCues).where(eq(transcriptCues.transcriptId, row.id)).run();
    for (let start = 0; start < cues.length; start += CUE_INSERT_BATCH) {
      const batch = cues
        .slice(start, start + CUE_INSERT_BATCH)
        .map((cue, offset) => ({ transcriptId: row.id, position: start + offset, ...cue }));
      tx.insert(transcriptCues).values(batch).run();
    }
  });
}

function byKey<K>(rows: TranscriptRow[], key: (row: TranscriptRow) => K): Map<K, TranscriptRow> {
  return new Map(rows.map((row) => [key(row), row]));
}

export function transcriptRowsById(db: Db, ids: readonly string[]): Map<string, TranscriptRow> {
  if (ids.length === 0) return new Map();
  return byKey(
    db
      .select(rowColumns)
      .from(transcripts)
      .where(inArray(transcripts.id, [...ids]))
      .all(),
    (row) => row.id,
  );
}

export function transcriptRowsByMuxJob(db: Db, muxJobIds: readonly string[]): Map<string, TranscriptRow> {
  if (muxJobIds.length === 0) return new Map();
  const rows = db
    .select(rowColumns)
    .from(transcripts)
    .where(inArray(transcripts.muxJobId, [...muxJobIds]))
    .all();
  return byKey(rows, (row) => row.muxJobId ?? '');
}

export function transcriptRowsByAsset(db: Db, assetIds: readonly string[]): Map<string, TranscriptRow[]> {
  const grouped = new Map<string, TranscriptRow[]>(assetIds.map((id) => [id, []]));
  if (assetIds.length === 0) return grouped;
  const rows = db
    .select(rowColumns)
    .from(transcripts)
    .where(inArray(transcripts.assetId, [...assetIds]))
    .orderBy(asc(transcripts.capturedAt))
    .all();
  for (const row of rows) grouped.get(row.assetId)?.push(row);
  return grouped;
}

export interface TimeRange {
  fromMs?: number | undefined;
  toMs?: number | undefined;
}

/** Cues in file order; with a range, those that overlap it. */
export function transcriptCueRows(db: Db, transcriptId: string, range: TimeRange = {}): TranscriptCue[] {
  return db
    .select({
      startMs: transcriptCues.startMs,
      endMs: transcriptCues.endMs,
      text: transcriptCues.text,
      speaker: transcriptCues.speaker,
    })
    .from(transcriptCues)
    .where(
      and(
        eq(transcriptCues.transcriptId, transcriptId),
        range.toMs === undefined ? undefined : lt(transcriptCues.startMs, range.toMs),
        range.fromMs === undefined ? undefined : gt(transcriptCues.endMs, range.fromMs),
      ),
    )
    .orderBy(asc(transcriptCues.position))
    .all();
}

export function transcriptWords(db: Db, transcriptId: string): TranscriptWord[] | null {
  return (
    db.select({ words: transcripts.words }).from(transcripts).where(eq(transcripts.id, transcriptId)).get()?.words ??
    null
  );
}

/** Returns how many transcripts went (their cues and index entries go with them). */
export function deleteTranscriptsOfTrack(db: Db, trackId: string): number {
  return db.delete(transcripts).where(eq(transcripts.trackId, trackId)).run().changes;
}
