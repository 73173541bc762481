import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { isFinal, type Job } from '../jobs';
import { navigate, type Route } from '../router';
import { formatDate, formatDuration } from '../time';
import { collectFinished } from '../ui/finished-work';
import { JobList } from '../ui/JobList';
import { AssetCaptionWork, AssetQuery } from './queries';
import { StartWork } from './StartWork';
import { TranscriptSection } from './TranscriptSection';

type AssetRoute = Extract<Route, { page: 'asset' }>;

/**
 * Calls `onFinished` once for each job the subscription reports final that was not final when the page first
 * had the asset: finished work adds, renames or retires tracks, and the transcript may now come from another
 * track. The subscription starts with every job of the asset, so those already final are known beforehand.
 */
function useFinishedWork(jobs: readonly Job[] | undefined, finished: readonly string[], onFinished: () => void) {
  const known = useRef<Set<string>>(undefined);
  if (!known.current && jobs) known.current = new Set(jobs.filter((job) => isFinal(job.status)).map((job) => job.id));
  useEffect(() => {
    const seen = known.current;
    const fresh = seen ? finished.filter((id) => !seen.has(id)) : [];
    if (fresh.length === 0) return;
    for (const id of fresh) seen?.add(id);
    onFinished();
  }, [finished, onFinished]);
}

export function AssetPage({ route, simulated }: { route: AssetRoute; simulated: boolean }) {
  const [result, refetch] = useQuery({ query: AssetQuery, variables: { id: route.assetId } });
  const [work] = useSubscription({ query: AssetCaptionWork, variables: { assetId: route.assetId } }, collectFinished);
  const [finishedCount, setFinishedCount] = useState(0);
  const onFinished = useCallback(() => {
    refetch({ requestPolicy: 'network-only' });
    setFinishedCount((count) => count + 1);
  }, [refetch]);
  useFinishedWork(result.data?.asset?.captionJobs, work.data ?? [], onFinished);

  const asset = result.data?.asset;
  const textTracks = asset?.tracks.filter((track) => track.type === 'TEXT' && track.status !== 'DELETED') ?? [];
  const languages = asset?.captionLanguages ?? [];
  const languageCode = route.languageCode && languages.includes(route.languageCode) ? route.languageCode : languages[0];
  // The language shown is kept in the URL, so it stays put when finished work adds languages (and on reload).
  useEffect(() => {
    if (languageCode && languageCode !== route.languageCode) navigate({ ...route, languageCode }, { replace: true });
  }, [languageCode, route]);

  return (
    <article aria-labelledby="asset-title">
      <p className="breadcrumbs">
        <a href="#/">Library</a> ›
      </p>
      <h1 id="asset-title" tabIndex={-1}>
        {asset ? (asset.title ?? asset.muxId) : 'Asset'}
      </h1>
      {result.error && <p role="alert">Could not load the asset: {result.error.message}</p>}
      {result.data && !asset && <p role="alert">There is no asset {route.assetId}.</p>}
      {asset && (
        <>
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <span className={`badge badge-${asset.status.toLowerCase()}`}>{asset.status.toLowerCase()}</span>
            </dd>
            <dt>Duration</dt>
            <dd>{asset.durationSeconds === null ? 'unknown yet' : formatDuration(asset.durationSeconds)}</dd>
            <dt>Created</dt>
            <dd>{formatDate(asset.createdAt)}</dd>
            <dt>Mux asset id</dt>
            <dd>
              <code>{asset.muxId}</code>
            </dd>
          </dl>

          <section aria-labelledby="work-title" className="panel">
            <h2 id="work-title">Caption work</h2>
            <JobList jobs={asset.captionJobs} empty="No caption work on this asset yet." />
          </section>

          <section aria-labelledby="transcript-title" className="panel">
            <h2 id="transcript-title">Transcript</h2>
            {languageCode ? (
              <TranscriptSection
                key={languageCode}
                refreshKey={`${finishedCount}:${textTracks.map((track) => track.id).join()}`}
                asset={asset}
                languages={languages}
                languageCode={languageCode}
                cue={route.cue}
                simulated={simulated}
                onLanguage={(code) =>
                  navigate({ page: 'asset', assetId: route.assetId, languageCode: code }, { replace: true })
                }
              />
            ) : (
              <p className="muted">No ready captions yet: start caption work below.</p>
            )}
          </section>

          <section aria-labelledby="tracks-title" className="panel">
            <h2 id="tracks-title">Tracks</h2>
            <table className="tracks">
              <thead>
                <tr>
                  <th scope="col">Type</th>
                  <th scope="col">Name</th>
                  <th scope="col">Language</th>
                  <th scope="col">Source</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {asset.tracks.map((track) => (
                  <tr key={track.id}>
                    <td>{track.type.toLowerCase()}</td>
                    <td>{track.name ?? (track.primary ? 'primary' : '')}</td>
                    <td>{track.languageCode ?? ''}</td>
                    <td>{track.textSource?.toLowerCase().replaceAll('_', ' ') ?? ''}</td>
                    <td>{track.status.toLowerCase()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section aria-labelledby="start-title" className="panel">
            <h2 id="start-title">Start caption work</h2>
            <StartWork assetId={asset.id} textTracks={textTracks} />
          </section>
        </>
      )}
    </article>
  );
}
