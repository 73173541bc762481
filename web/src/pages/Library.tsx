import { useEffect, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { graphql, JobFields, type VariablesOf } from '../graphql';
import { hrefOf } from '../router';
import { formatDuration } from '../time';
import { collectFinished } from '../ui/finished-work';
import { JobList } from '../ui/JobList';
import { LanguageOptions } from '../ui/languages';

const PAGE_SIZE = 10;

const LibraryQuery = graphql(
  `
  query Library($first: Int!, $after: String, $filter: AssetFilter) {
    assets(first: $first, after: $after, filter: $filter) {
      edges {
        node {
          id
          title
          muxId
          status
          durationSeconds
          createdAt
          hasReadyCaptions
          captionLanguages
          captionJobs { ...JobFields }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`,
  [JobFields],
);

/** All caption work: every unfinished job now, then each change, with what it changed on its asset. */
const AllCaptionWork = graphql(
  `
  subscription AllCaptionWork {
    captionJobsUpdated {
      ...JobFields
      asset { id status hasReadyCaptions captionLanguages }
    }
  }
`,
  [JobFields],
);

type Filter = NonNullable<VariablesOf<typeof LibraryQuery>['filter']>;

function FilterForm({ filter, onChange }: { filter: Filter; onChange: (filter: Filter) => void }) {
  const choose = (patch: Partial<Filter>) => onChange({ ...filter, ...patch });
  return (
    <form className="filters" aria-label="Filter assets" onSubmit={(event) => event.preventDefault()}>
      <div className="field">
        <label htmlFor="filter-status">Status</label>
        <select
          id="filter-status"
          value={filter.status ?? ''}
          onChange={(event) => choose({ status: (event.target.value || null) as Filter['status'] })}
        >
          <option value="">Any</option>
          <option value="READY">Ready</option>
          <option value="PREPARING">Preparing</option>
          <option value="ERRORED">Errored</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-captions">Ready captions</label>
        <select
          id="filter-captions"
          value={
            filter.hasReadyCaptions === undefined || filter.hasReadyCaptions === null
              ? ''
              : String(filter.hasReadyCaptions)
          }
          onChange={(event) =>
            choose({ hasReadyCaptions: event.target.value === '' ? null : event.target.value === 'true' })
          }
        >
          <option value="">Any</option>
          <option value="true">With ready captions</option>
          <option value="false">Without ready captions</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-language">Caption language</label>
        <select
          id="filter-language"
          value={filter.languageCode ?? ''}
          onChange={(event) => choose({ languageCode: event.target.value || null })}
        >
          <option value="">Any</option>
          <LanguageOptions use="AUTO_GENERATED_CAPTIONS" />
        </select>
      </div>
    </form>
  );
}

export function Library() {
  const [filter, setFilter] = useState<Filter>({});
  // Cursors of the pages before this one: "Previous" goes back to where the page before started.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const [result, refetch] = useQuery({ query: LibraryQuery, variables: { first: PAGE_SIZE, after, filter } });
  const [work] = useSubscription({ query: AllCaptionWork }, collectFinished);

  // Finished work changes which assets match the filter (captions became ready), so the page is asked again.
  // The subscription starts with unfinished work only: every final state it sends is news.
  const finishedCount = work.data?.length ?? 0;
  useEffect(() => {
    if (finishedCount > 0) refetch({ requestPolicy: 'network-only' });
  }, [finishedCount, refetch]);

  const changeFilter = (next: Filter) => {
    setFilter(next);
    setCursors([null]);
  };
  // An asset that could not be read is a null edge (its error is in the result); its neighbours are shown.
  const assets = result.data?.assets.edges.flatMap((edge) => (edge ? [edge.node] : [])) ?? [];
  const pageInfo = result.data?.assets.pageInfo;

  return (
    <section aria-labelledby="library-title">
      <div className="page-title">
        <h1 id="library-title" tabIndex={-1}>
          Library
        </h1>
        <button type="button" className="secondary" onClick={() => refetch({ requestPolicy: 'network-only' })}>
          Refresh
        </button>
      </div>
      <FilterForm filter={filter} onChange={changeFilter} />
      {result.error && <p role="alert">Could not load assets: {result.error.message}</p>}
      <p className="muted" aria-live="polite">
        {result.fetching && !result.data ? 'Loading assets…' : `${assets.length} assets on this page`}
      </p>
      <ul className="asset-list">
        {assets.map((asset) => (
          <li key={asset.id} className="asset-card" data-asset-id={asset.id}>
            <h2>
              <a href={hrefOf({ page: 'asset', assetId: asset.id })}>{asset.title ?? asset.muxId}</a>
            </h2>
            <p className="asset-meta">
              <span className={`badge badge-${asset.status.toLowerCase()}`}>{asset.status.toLowerCase()}</span>
              {asset.durationSeconds !== null && <span>{formatDuration(asset.durationSeconds)}</span>}
              <span>
                Captions: {asset.captionLanguages.length > 0 ? asset.captionLanguages.join(', ') : 'none ready'}
              </span>
            </p>
            <JobList jobs={asset.captionJobs.slice(0, 3)} compact empty="No caption work yet." />
          </li>
        ))}
      </ul>
      <nav className="pager" aria-label="Pages of assets">
        <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous page
        </button>
        <span>Page {cursors.length}</span>
        <button
          type="button"
          disabled={!pageInfo?.hasNextPage}
          onClick={() => pageInfo?.endCursor && setCursors([...cursors, pageInfo.endCursor])}
        >
          Next page
        </button>
      </nav>
    </section>
  );
}
