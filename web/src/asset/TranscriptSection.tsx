import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useQuery } from 'urql';
import type { ResultOf } from '../graphql';
import { CueEditor } from './CueEditor';
import { type Cue, CueTimeline, cueAt } from './CueTimeline';
import { type AssetQuery, TranscriptQuery } from './queries';

const MuxPlayer = lazy(() => import('./MuxPlayer'));

type Asset = NonNullable<ResultOf<typeof AssetQuery>['asset']>;

interface Props {
  asset: Asset;
  languages: readonly string[];
  languageCode: string;
  /** The cue to open at (a search hit's), by its place in the transcript. */
  cue: number | undefined;
  simulated: boolean;
  /** Changes when caption work on the asset finishes or its text tracks change: the transcript may have too. */
  refreshKey: string;
  onLanguage: (languageCode: string) => void;
}

export function TranscriptSection({ asset, languages, languageCode, cue, simulated, refreshKey, onLanguage }: Props) {
  const [result, refetch] = useQuery({ query: TranscriptQuery, variables: { id: asset.id, languageCode } });
  const [editing, setEditing] = useState(false);
  const transcript = result.data?.asset?.transcript;
  const cues: readonly Cue[] = transcript?.cues ?? [];
  const [current, setCurrent] = useState<number | undefined>();
  const [time, setTime] = useState(0);

  const firstKey = useRef(refreshKey);
  useEffect(() => {
    if (refreshKey !== firstKey.current) refetch({ requestPolicy: 'network-only' });
  }, [refreshKey, refetch]);
  useEffect(() => {
    // Cues come whole and in order, so a cue's index is its place in the list.
    const opened = cue === undefined ? undefined : cues[cue];
    if (cue === undefined || !opened) return;
    setCurrent(cue);
    setTime(opened.start);
  }, [cue, cues]);

  const playback = asset.playbackIds.find((id) => id.policy === 'PUBLIC');
  const choose = (index: number) => {
    setCurrent(index);
    setTime(cues[index]?.start ?? 0);
  };

  return (
    <>
      <div className="transcript-head">
        <div className="field field-inline">
          <label htmlFor="transcript-language">Transcript language</label>
          <select id="transcript-language" value={languageCode} onChange={(event) => onLanguage(event.target.value)}>
            {languages.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </div>
        {transcript && (
          <p className="muted">
            {transcript.cueCount} cues · {transcript.wordCount} words ·{' '}
            {transcript.source === 'PREMIUM_CAPTIONS' ? 'premium captions' : `track “${transcript.track?.name ?? ''}”`}
            {' · '}
            {/* Signed links: a download cannot send the API key, and these open the file for an hour. */}
            <a href={transcript.vttFile}>Download .vtt</a> · <a href={transcript.srtFile}>Download .srt</a>
          </p>
        )}
        {transcript?.track && !editing && (
          <button type="button" onClick={() => setEditing(true)}>
            Edit captions
          </button>
        )}
      </div>
      {result.error && <p role="alert">Could not load the transcript: {result.error.message}</p>}
      {result.fetching && !transcript && <p className="muted">Loading the transcript…</p>}
      {transcript && !editing && !simulated && playback && (
        <Suspense fallback={<p className="muted">Loading the player…</p>}>
          <MuxPlayer
            playbackId={playback.id}
            title={asset.title ?? asset.muxId}
            time={time}
            onTime={(seconds) => setCurrent(cueAt(cues, seconds))}
          />
        </Suspense>
      )}
      {transcript && !editing && (
        <CueTimeline
          cues={cues}
          duration={asset.durationSeconds ?? cues.at(-1)?.end ?? 0}
          current={current}
          onChoose={choose}
          label={simulated ? 'Cue timeline (the simulator has no video to play)' : 'Cues'}
        />
      )}
      {transcript?.track && editing && (
        <CueEditor
          trackId={transcript.track.id}
          trackName={transcript.track.name}
          cues={cues}
          onClose={() => setEditing(false)}
        />
      )}
    </>
  );
}
