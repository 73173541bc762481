import { type FormEvent, useEffect, useState } from 'react';
import { useSubscription } from 'urql';
import { graphql, JobFields, UserErrorFields } from '../graphql';
import { isFinal } from '../jobs';
import { ErrorSummary, Field, Outcome, useFormId, usePayloadMutation } from '../ui/forms';
import { JobList } from '../ui/JobList';
import type { Cue } from './CueTimeline';
import { AssetAfterMutation } from './queries';

const ReplaceCaptions = graphql(
  `
  mutation ReplaceCaptions($input: CaptionsReplaceInput!) {
    captionsReplace(input: $input) {
      captionJob { ...JobFields }
      asset { ...AssetAfterMutation }
      userErrors { ...UserErrorFields }
      warnings { message }
    }
  }
`,
  [JobFields, AssetAfterMutation, UserErrorFields],
);

const ReplacementJob = graphql(
  `
  subscription ReplacementJob($id: ID!) {
    captionJobUpdated(id: $id) { ...JobFields }
  }
`,
  [JobFields],
);

interface Row {
  key: number;
  start: string;
  end: string;
  speaker: string;
  text: string;
}

let nextRowKey = 0;
const rowOf = (cue: Cue): Row => ({
  key: nextRowKey++,
  start: String(cue.start),
  end: String(cue.end),
  speaker: cue.speaker ?? '',
  text: cue.text,
});

/** The replacement Mux is making: followed on its own subscription until it is final. */
function ReplacementProgress({ jobId, onCompleted }: { jobId: string; onCompleted: () => void }) {
  const [result] = useSubscription({ query: ReplacementJob, variables: { id: jobId } });
  const job = result.data?.captionJobUpdated;
  const completed = job?.status === 'COMPLETED';
  useEffect(() => {
    if (completed) onCompleted();
  }, [completed, onCompleted]);
  if (!job) return <p className="muted">Waiting for the replacement to start…</p>;
  return (
    <div className="replacement">
      <JobList jobs={[job]} empty="" />
      {isFinal(job.status) && !completed && <p role="alert">The replacement did not complete.</p>}
    </div>
  );
}

interface Props {
  trackId: string;
  trackName: string | null;
  cues: readonly Cue[];
  /** Called when the editor is closed, and when the saved captions replaced the track. */
  onClose: () => void;
}

/**
 * Edits cue text, times and speakers, adds and removes cues, and saves them as a replacement track
 * (`captionsReplace`); the gateway's messages appear beside the field they name.
 */
export function CueEditor({ trackId, trackName, cues, onClose }: Props) {
  const formId = useFormId('cues');
  const [rows, setRows] = useState(() => cues.map(rowOf));
  const [replacement, setReplacement] = useState<string>();
  const save = usePayloadMutation(
    ReplaceCaptions,
    (data) => data.captionsReplace,
    () => 'Saved: Mux is making the new track; the current one stays until it is ready.',
  );

  const update = (key: number, patch: Partial<Row>) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const remove = (key: number) => setRows((current) => current.filter((row) => row.key !== key));
  const add = () =>
    setRows((current) => {
      const last = Number(current.at(-1)?.end ?? 0) || 0;
      return [...current, rowOf({ start: last, end: last + 2, speaker: null, text: '' })];
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const payload = await save.run({
      input: {
        trackId,
        cues: rows.map((row) => ({
          startSeconds: Number(row.start),
          endSeconds: Number(row.end),
          text: row.text,
          ...(row.speaker.trim() ? { speaker: row.speaker.trim() } : {}),
        })),
      },
    });
    if (payload?.captionJob) setReplacement(payload.captionJob.id);
  };

  const at = (index: number, name: string) => `input.cues.${index}.${name}`;
  /** A cue's start or end, in seconds, with the gateway's message for `startSeconds` or `endSeconds` beside it. */
  const timeField = (row: Row, index: number, edge: 'start' | 'end') => (
    <Field
      formId={formId}
      path={at(index, `${edge}Seconds`)}
      label={
        <>
          Cue {index + 1} {edge} (s)
        </>
      }
      errors={save.userErrors}
      control={(props) => (
        <input
          {...props}
          type="number"
          step="0.001"
          min="0"
          value={row[edge]}
          onChange={(event) => update(row.key, { [edge]: event.target.value })}
        />
      )}
    />
  );
  return (
    <form className="cue-editor" onSubmit={submit} aria-labelledby={`${formId}-title`} noValidate>
      <h3 id={`${formId}-title`}>Edit captions of “{trackName ?? trackId}”</h3>
      <ErrorSummary formId={formId} errors={save.userErrors} />
      <ol className="cue-rows">
        {rows.map((row, index) => (
          <li key={row.key} className="cue-row">
            <span className="cue-number" aria-hidden="true">
              {index + 1}
            </span>
            {timeField(row, index, 'start')}
            {timeField(row, index, 'end')}
            <Field
              formId={formId}
              path={at(index, 'speaker')}
              label={<>Cue {index + 1} speaker</>}
              errors={save.userErrors}
              control={(props) => (
                <input
                  {...props}
                  value={row.speaker}
                  onChange={(event) => update(row.key, { speaker: event.target.value })}
                />
              )}
            />
            <Field
              formId={formId}
              path={at(index, 'text')}
              label={<>Cue {index + 1} text</>}
              errors={save.userErrors}
              className="field-wide"
              control={(props) => (
                <textarea
                  {...props}
                  rows={2}
                  value={row.text}
                  onChange={(event) => update(row.key, { text: event.target.value })}
                />
              )}
            />
            <button type="button" className="secondary" onClick={() => remove(row.key)}>
              Remove cue {index + 1}
            </button>
          </li>
        ))}
      </ol>
      <div className="actions">
        <button type="button" className="secondary" onClick={add}>
          Add cue
        </button>
        <button type="submit" disabled={save.fetching}>
          {save.fetching ? 'Saving…' : 'Save captions'}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Close editor
        </button>
      </div>
      <Outcome mutation={save} />
      {replacement && <ReplacementProgress jobId={replacement} onCompleted={onClose} />}
    </form>
  );
}
