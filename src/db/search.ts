import { type SQL, sql } from 'drizzle-orm';
import type { SearchQuery } from '../transcripts/search-query.js';
import { MATCH_END, MATCH_START } from '../transcripts/snippet.js';
import type { Db } from './client.js';

/*
 * Full-text search over transcript cues. transcript_cue_index is an FTS5 table over transcript_cues (external
 * content, unicode61 with diacritics folded) made by the custom migration drizzle/sqlite/0003, whose
 * triggers keep it in step with every insert and delete of a cue; drizzle cannot express FTS5, hence raw SQL.
 */

export interface CueHit {
  cueId: number;
  transcriptId: string;
  assetId: string;
  trackId: string | null;
  muxJobId: string | null;
  languageCode: string | null;
  /** The cue's place in its transcript, from 0. */
  position: number;
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
  query: SearchQuery;
  languageCode?: string | undefined;
  assetIds?: readonly string[] | undefined;
  after?: SearchCursor | undefined;
  limit: number;
}

/** The engine's own words for a query it cannot run; the caller words it for people. */
export class FullTextQueryError extends Error {
  override readonly name = 'FullTextQueryError';
}

/** Search over transcript cues, as each store's engine does it. */
export interface SearchQueries {
  /** Matching cues, most relevant first (lower score first, then cue id), paged by keyset. */
  cues(search: CueSearch): Promise<CueHit[]>;
}

/** Cues are short (two caption lines), so a snippet of this many tokens is usually the whole cue. */
export const SNIPPET_TOKENS = 24;

/** Every term becomes an FTS5 string ("..." with quotes doubled), so nothing the user typed is FTS5 syntax. */
export function fts5Expression(node: SearchQuery): string {
  if (node.kind === 'term') return `"${node.text.replace(/"/g, '""')}"${node.prefix ? '*' : ''}`;
  if (node.kind === 'or') return `(${node.items.map(fts5Expression).join(' OR ')})`;
  const included = `(${node.include.map(fts5Expression).join(' AND ')})`;
  return node.exclude.reduce((expression, excluded) => `(${expression} NOT ${fts5Expression(excluded)})`, included);
}

function rethrowFts(error: unknown): never {
  if (error instanceof Error && /^fts5:|unterminated string|malformed MATCH/i.test(error.message))
    throw new FullTextQueryError(error.message);
  throw error;
}

type RankedRow = Omit<CueHit, 'snippet'>;

/**
 * The conditions both engines add to a search: language, assets, and the keyset after the previous page (the
 * cue alias is `c`, the transcript's `t`; `score` is the engine's, lower is better).
 */
export function cueFilters(search: CueSearch, score: SQL): SQL[] {
  const filters: SQL[] = [];
  if (search.languageCode !== undefined) filters.push(sql`t.language_code = ${search.languageCode}`);
  if (search.assetIds !== undefined) {
    filters.push(
      search.assetIds.length === 0
        ? sql`1 = 0`
        : sql`t.asset_id IN (${sql.join(
            search.assetIds.map((id) => sql`${id}`),
            sql`, `,
          )})`,
    );
  }
  if (search.after) {
    filters.push(
      sql`(${score} > ${search.after.score} OR (${score} = ${search.after.score} AND c.id > ${search.after.cueId}))`,
    );
  }
  return filters;
}

/** SQLite: the FTS5 table of drizzle/sqlite/0003, ranked by bm25. */
export class SqliteSearchQueries implements SearchQueries {
  constructor(private readonly db: Db) {}

  /**
   * Matching cues, most relevant first (bm25, then cue id so the order is total), paged by keyset. Snippets are
   * made in a second statement for the page only: in one statement SQLite would build one for every match.
   */
  async cues(search: CueSearch): Promise<CueHit[]> {
    const db = this.db;
    const match = fts5Expression(search.query);
    const filters = cueFilters(search, sql`ranked.score`);
    try {
      const ranked = db.all<RankedRow>(sql`
      WITH ranked AS (
        SELECT rowid AS cue_id, bm25(transcript_cue_index) AS score
        FROM transcript_cue_index WHERE transcript_cue_index MATCH ${match}
      )
      SELECT c.id AS cueId, c.transcript_id AS transcriptId, t.asset_id AS assetId, t.track_id AS trackId,
             t.mux_job_id AS muxJobId, t.language_code AS languageCode, c.start_ms AS startMs, c.end_ms AS endMs,
             c.position AS position, c.speaker AS speaker, c.text AS text, ranked.score AS score
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
          WHERE transcript_cue_index MATCH ${match} AND rowid IN (${sql.join(
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
