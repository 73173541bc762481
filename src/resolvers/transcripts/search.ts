import type { GatewayServices } from '../../context.js';
import { type CueHit, FullTextQueryError, type SearchCursor, searchCues } from '../../db/search.js';
import { SearchQueryError, toFtsQuery } from '../../transcripts/search-query.js';
import { readSnippet, type Snippet } from '../../transcripts/snippet.js';

export interface TranscriptSearch {
  query: string;
  languageCode?: string | undefined;
  /** Mux asset ids to search within; undefined searches every transcript. */
  assetIds?: readonly string[] | undefined;
  after?: SearchCursor | undefined;
  limit: number;
}

export type TranscriptHit = Omit<CueHit, 'snippet'> & { snippet: Snippet };

/**
 * Cues matching what a person typed, most relevant first. The query is parsed into the gateway's own FTS5
 * expression; whatever FTS5 still refuses comes back as a SearchQueryError, never as an SQL error.
 */
export function searchTranscripts(services: GatewayServices, search: TranscriptSearch): TranscriptHit[] {
  const match = toFtsQuery(search.query);
  try {
    return searchCues(services.db, { ...search, match }).map((hit) => ({ ...hit, snippet: readSnippet(hit.snippet) }));
  } catch (error) {
    if (error instanceof FullTextQueryError)
      throw new SearchQueryError('The search index could not run this query; try fewer operators or quote the words.');
    throw error;
  }
}
