import { type FormEvent, useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../graphql';
import { hrefOf, navigate } from '../router';
import { formatTime } from '../time';

const SearchQuery = graphql(`
  query TranscriptSearch($query: String!, $first: Int!) {
    transcriptSearch(query: $query, first: $first) {
      edges {
        cursor
        node {
          cueIndex
          start
          end
          speaker
          languageCode
          snippet { html }
          asset { id title muxId }
        }
      }
      pageInfo { hasNextPage }
    }
  }
`);

const PAGE_SIZE = 20;

export function SearchPage({ query }: { query: string }) {
  const [text, setText] = useState(query);
  const [first, setFirst] = useState(PAGE_SIZE);
  const [result] = useQuery({ query: SearchQuery, variables: { query, first }, pause: !query });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFirst(PAGE_SIZE);
    navigate({ page: 'search', query: text.trim() });
  };
  // A hit that could not be read is a null edge (its error is in the result); the others are shown.
  const hits = result.data?.transcriptSearch.edges.filter((edge) => edge !== null) ?? [];
  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title" tabIndex={-1}>
        Search transcripts
      </h1>
      <search>
        <form onSubmit={submit} className="search-form">
          <div className="field">
            <label htmlFor="search-query">Words to find</label>
            <span className="hint" id="search-hint">
              All words must match; "exact phrases", prefixes (capt*), OR and -word work.
            </span>
            <input
              id="search-query"
              type="search"
              aria-describedby="search-hint"
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </div>
          <button type="submit">Search</button>
        </form>
      </search>
      {result.error && (
        <p role="alert" className="outcome outcome-failed">
          {result.error.graphQLErrors[0]?.message ?? result.error.message}
        </p>
      )}
      {query && result.data && (
        <p role="status">
          {hits.length === 0
            ? `Nothing matches “${query}”.`
            : `${hits.length}${result.data.transcriptSearch.pageInfo.hasNextPage ? '+' : ''} cues match “${query}”.`}
        </p>
      )}
      <ol className="hits">
        {hits.map(({ cursor, node: hit }) => (
          <li key={cursor} className="hit">
            <a
              className="hit-link"
              href={hrefOf({
                page: 'asset',
                assetId: hit.asset.id,
                languageCode: hit.languageCode ?? undefined,
                cue: hit.cueIndex,
              })}
            >
              <span className="hit-asset">{hit.asset.title ?? hit.asset.muxId}</span>
              <span className="cue-time">
                {formatTime(hit.start)}–{formatTime(hit.end)}
              </span>
              {hit.speaker && <span className="cue-speaker">{hit.speaker}</span>}
            </a>
            {/* The gateway escapes the cue text and adds only <mark>: safe to insert as HTML. */}
            {/* biome-ignore lint/security/noDangerouslySetInnerHtml: snippet.html is HTML-escaped by the gateway */}
            <p className="snippet" dangerouslySetInnerHTML={{ __html: hit.snippet.html }} />
          </li>
        ))}
      </ol>
      {result.data?.transcriptSearch.pageInfo.hasNextPage && (
        <button type="button" className="secondary" onClick={() => setFirst(first + PAGE_SIZE)}>
          More results
        </button>
      )}
    </section>
  );
}
