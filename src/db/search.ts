import { type SQL, sql } from 'drizzle-orm';
import { MATCH_END, MATCH_START } from '../transcripts/snippet.js';
import type { Db } from './client.js';

/*
 * Full-text search over transcript cues. transcript_cue_index is an FTS5 table over transcript_cues (external
 * content, unicode61 with diacritics folded) made by the custom migration drizzle/0003_transcript_search.sql, whose
 * triggers keep it in step with every insert and delete of a cue; drizzle cannot express FTS5, hence raw SQL.
 */

export interface CueHit {
  cueId: number;
  transcriptId: string;
  assetId: string;
  trackId: string | null;
  muxJobId: string | null;
  languageCode: string | null;
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
  /** FTS5's bm25: lower is more relevant. */
  score: number;
  /** The cue's text around the matches, matches wrapped in MATCH_START / MATCH_END. */
  snippet: string;
}

export interface SearchCursor {
  score: number;
  cueId: number;
}

export interface CueSearch {
  /** An FTS5 query expression, always bound as a parameter. */
  match: string;
  languageCode?: string | undefined;
  assetIds?: readonly string[] | undefined;
  after?: SearchCursor | undefined;
  limit: number;
}

/** SQLite's own words for a query FTS5 cannot run; the caller words it for people. */
export class FullTextQueryError extends Error {
  override readonly name = 'FullTextQueryError';
}

/** Cues are short (two caption lines), so a snippet of this many tokens is usually the whole cue. */
const SNIPPET_TOKENS = 24;

function rethrowFts(error: unknown): never {
  if (error instanceof Error && /^fts5:|unterminated string|malformed MATCH/i.test(error.message))
    throw new FullTextQueryError(error.message);
  throw error;
}

type RankedRow = Omit<CueHit, 'snippet'>;

export class SearchQueries {
  constructor(private readonly db: Db) {}

  /**
   * Matching cues, most relevant first (bm25, then cue id so the order is total), paged by keyset. Snippets are
   * made in a second statement for the page only: in one statement SQLite would build one for every match.
   */
  async cues(search: CueSearch): Promise<CueHit[]> {
    const db = this.db;
    const filters: SQL[] = [];
    if (search.languageCode !== undefined) filters.push(sql`t.language_code = ${search.languageCode}`);
    if (search.assetIds !== undefined)
      filters.push(
        search.assetIds.length === 0
          ? sql`0`
          : sql`t.asset_id IN (${sql.join(
              search.assetIds.map((id) => sql`${id}`),
              sql`, `,
            )})`,
      );
    if (search.after)
      filters.push(
        sql`(ranked.score > ${search.after.score}
          OR (ranked.score = ${search.after.score} AND c.id > ${search.after.cueId}))`,
      );
    try {
      const ranked = db.all<RankedRow>(sql`
      WITH ranked AS (
        SELECT rowid AS cue_id, bm25(transcript_cue_index) AS score
        FROM transcript_cue_index WHERE transcript_cue_index MATCH ${search.match}
      )
      SELECT c.id AS cueId, c.transcript_id AS transcriptId, t.asset_id AS assetId, t.track_id AS trackId,
             t.mux_job_id AS muxJobId, t.language_code AS languageCode, c.start_ms AS startMs, c.end_ms AS endMs,
             c.speaker AS speaker, c.text AS text, ranked.score AS score
      FROM ranked
      JOIN transcript_cues c ON c.id = ranked.cue_id
      JOIN transcripts t ON t.id = c.transcript_id
      ${filters.length > 0 ? sql`WHERE ${sql.join(filters, sql` AND `)}` : sql``}
      ORDER BY ranked.score, c.id
      LIMIT ${search.limit}`);
      if (ranked.length === 0) return [];
      const snippets = new Map(
        db
          .all<{ cueId: number; snippet: string }>(sql`
          SELECT rowid AS cueId,
                 snippet(transcript_cue_index, 0, ${MATCH_START}, ${MATCH_END}, '…', ${SNIPPET_TOKENS}) AS snippet
          FROM transcript_cue_index
          WHERE transcript_cue_index MATCH ${search.match} AND rowid IN (${sql.join(
            ranked.map((row) => sql`${row.cueId}`),
            sql`, `,
          )})`)
          .map((row) => [row.cueId, row.snippet]),
      );
      return ranked.map((row) => ({ ...row, snippet: snippets.get(row.cueId) ?? row.text }));
    } catch (error) {
      return rethrowFts(error);
    }
  }
}
