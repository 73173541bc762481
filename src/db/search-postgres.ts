import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { SearchQuery } from '../transcripts/search-query.js';
import { MATCH_END, MATCH_START } from '../transcripts/snippet.js';
import { type CueHit, type CueSearch, cueFilters, FullTextQueryError, type SearchQueries } from './search.js';

/** A term's words as the index splits them: runs of letters and digits. */
const wordsOf = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');

/** A word as a tsquery operand: quoted, so nothing the user typed is tsquery syntax. */
const lexeme = (word: string) => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * The parsed query in tsquery syntax: a phrase is its words in sequence (<->), a prefix marks the last word
 * (:*), AND is &, OR is |, an excluded term is & !(…).
 */
export function tsqueryExpression(node: SearchQuery): string {
  if (node.kind === 'term') {
    const words = wordsOf(node.text).map(lexeme);
    if (node.prefix && words.length > 0) words[words.length - 1] += ':*';
    return `(${words.join(' <-> ')})`;
  }
  if (node.kind === 'or') return `(${node.items.map(tsqueryExpression).join(' | ')})`;
  const included = node.include.map(tsqueryExpression);
  const excluded = node.exclude.map((item) => `!${tsqueryExpression(item)}`);
  return `(${[...included, ...excluded].join(' & ')})`;
}

/**
 * PostgreSQL: the `search` tsvector of drizzle/postgres/0001 (the `gateway_search` configuration: words as they
 * are, diacritics folded), ranked by ts_rank_cd and negated so that, as with SQLite's bm25, lower is better.
 * Snippets are the whole cue with every match marked, made for the page only.
 */
export class PostgresSearchQueries implements SearchQueries {
  constructor(private readonly db: NodePgDatabase<Record<string, unknown>>) {}

  async cues(search: CueSearch): Promise<CueHit[]> {
    const query = sql`to_tsquery('gateway_search', ${tsqueryExpression(search.query)})`;
    const score = sql`(-ts_rank_cd(c.search, ${query}))::float8`;
    const filters = [sql`c.search @@ ${query}`, ...cueFilters(search, score)];
    const headline = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, HighlightAll=true`;
    try {
      const { rows } = await this.db.execute<CueHit & Record<string, unknown>>(sql`
        SELECT c.id AS "cueId", c.transcript_id AS "transcriptId", t.asset_id AS "assetId",
               t.track_id AS "trackId", t.mux_job_id AS "muxJobId", t.language_code AS "languageCode",
               c.start_ms AS "startMs", c.end_ms AS "endMs", c.position AS position, c.speaker AS speaker,
               c.text AS text,
               ${score} AS score,
               ts_headline('gateway_search', c.text, ${query}, ${headline}) AS snippet
        FROM transcript_cues c
        JOIN transcripts t ON t.id = c.transcript_id
        WHERE ${sql.join(filters, sql` AND `)}
        ORDER BY score, c.id
        LIMIT ${search.limit}`);
      return rows;
    } catch (error) {
      // 42601: syntax error (in the tsquery), 54000: a query or index entry over PostgreSQL's size limits.
      const code = (error as { code?: unknown }).code;
      if (code === '42601' || code === '54000') throw new FullTextQueryError((error as Error).message);
      throw error;
    }
  }
}
