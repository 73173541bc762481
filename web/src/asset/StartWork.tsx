import { type FormEvent, type ReactNode, useState } from 'react';
import { graphql, JobFields, type ResultOf, UserErrorFields } from '../graphql';
import { type Job, jobTitle } from '../jobs';
import {
  CheckboxField,
  ErrorSummary,
  Field,
  linesOf,
  Outcome,
  type PayloadMutation,
  type UserError,
  useFormId,
  usePayloadMutation,
} from '../ui/forms';
import { LanguageOptions } from '../ui/languages';
import { AssetAfterMutation, type AssetQuery } from './queries';

type Track = NonNullable<ResultOf<typeof AssetQuery>['asset']>['tracks'][number];

const fragments = [JobFields, AssetAfterMutation, UserErrorFields] as const;

const GenerateCaptions = graphql(
  `
  mutation GenerateCaptions($input: CaptionsGenerateInput!) {
    captionsGenerate(input: $input) {
      captionJobs { ...JobFields }
      asset { ...AssetAfterMutation }
      userErrors { ...UserErrorFields }
      warnings { message }
    }
  }
`,
  fragments,
);

const GeneratePremiumCaptions = graphql(
  `
  mutation GeneratePremiumCaptions($input: PremiumCaptionsGenerateInput!) {
    premiumCaptionsGenerate(input: $input) {
      captionJob { ...JobFields }
      asset { ...AssetAfterMutation }
      userErrors { ...UserErrorFields }
      warnings { message }
    }
  }
`,
  fragments,
);

const TranslateCaptions = graphql(
  `
  mutation TranslateCaptions($input: CaptionsTranslateInput!) {
    captionsTranslate(input: $input) {
      captionJob { ...JobFields }
      asset { ...AssetAfterMutation }
      userErrors { ...UserErrorFields }
      warnings { message }
    }
  }
`,
  fragments,
);

const EditCaptions = graphql(
  `
  mutation EditCaptions($input: CaptionsEditInput!) {
    captionsEdit(input: $input) {
      captionJob { ...JobFields }
      asset { ...AssetAfterMutation }
      userErrors { ...UserErrorFields }
      warnings { message }
    }
  }
`,
  fragments,
);

const started = (jobs: readonly Job[]) => `Started: ${jobs.map(jobTitle).join(', ')}.`;

interface WorkFormProps<P> {
  formId: string;
  title: string;
  summary: string;
  mutation: PayloadMutation<P, never>;
  submitLabel: string;
  onSubmit: () => void;
  children: ReactNode;
}

/** The frame every start-work form shares: a disclosure with the error summary, the fields and the outcome. */
function WorkForm<P>({ formId, title, summary, mutation, submitLabel, onSubmit, children }: WorkFormProps<P>) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <details className="work-form">
      <summary>
        <span className="summary-title">{title}</span> <span className="muted">{summary}</span>
      </summary>
      <form onSubmit={submit} aria-label={title} noValidate>
        <ErrorSummary formId={formId} errors={mutation.userErrors} />
        {children}
        <button type="submit" disabled={mutation.fetching}>
          {mutation.fetching ? 'Starting…' : submitLabel}
        </button>
        <Outcome mutation={mutation} />
      </form>
    </details>
  );
}

function TextField(props: {
  formId: string;
  path: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  errors: readonly UserError[];
}) {
  const { value, onChange, ...field } = props;
  return (
    <Field
      {...field}
      control={(control) => <input {...control} value={value} onChange={(event) => onChange(event.target.value)} />}
    />
  );
}

function LinesField(props: {
  formId: string;
  path: string;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  errors: readonly UserError[];
}) {
  const { value, onChange, ...field } = props;
  return (
    <Field
      {...field}
      control={(control) => (
        <textarea {...control} rows={3} value={value} onChange={(event) => onChange(event.target.value)} />
      )}
    />
  );
}

function SelectField(props: {
  formId: string;
  path: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors: readonly UserError[];
  children: ReactNode;
}) {
  const { value, onChange, children, ...field } = props;
  return (
    <Field
      {...field}
      control={(control) => (
        <select {...control} value={value} onChange={(event) => onChange(event.target.value)}>
          {children}
        </select>
      )}
    />
  );
}

function TrackOptions({ tracks }: { tracks: readonly Track[] }) {
  return (
    <>
      {tracks.map((track) => (
        <option key={track.id} value={track.id}>
          {track.name ?? track.muxId} ({track.languageCode})
        </option>
      ))}
    </>
  );
}

function GenerateForm({ assetId }: { assetId: string }) {
  const formId = useFormId('generate');
  const [languageCode, setLanguageCode] = useState('en');
  const [name, setName] = useState('');
  const mutation = usePayloadMutation(
    GenerateCaptions,
    (data) => data.captionsGenerate,
    (payload) => started(payload.captionJobs),
  );
  const errors = mutation.userErrors;
  return (
    <WorkForm
      formId={formId}
      title="Auto-generated captions"
      summary="Mux's speech recognition, included with the asset"
      mutation={mutation}
      submitLabel="Generate captions"
      onSubmit={() =>
        mutation.run({
          input: { assetId, languages: [{ languageCode, ...(name.trim() ? { name: name.trim() } : {}) }] },
        })
      }
    >
      <SelectField
        formId={formId}
        path="input.languages.0.languageCode"
        label="Language"
        value={languageCode}
        onChange={setLanguageCode}
        errors={errors}
      >
        <LanguageOptions use="AUTO_GENERATED_CAPTIONS" />
      </SelectField>
      <TextField
        formId={formId}
        path="input.languages.0.name"
        label="Track name"
        hint="Shown in players, e.g. English CC"
        value={name}
        onChange={setName}
        errors={errors}
      />
    </WorkForm>
  );
}

function PremiumForm({ assetId }: { assetId: string }) {
  const formId = useFormId('premium');
  const [languageCode, setLanguageCode] = useState('auto');
  const [phrases, setPhrases] = useState('');
  const [includeSpeakers, setIncludeSpeakers] = useState(true);
  const [includeWords, setIncludeWords] = useState(false);
  const [replaceExisting, setReplaceExisting] = useState(false);
  const [uploadToMux, setUploadToMux] = useState(true);
  const [trackName, setTrackName] = useState('');
  const mutation = usePayloadMutation(
    GeneratePremiumCaptions,
    (data) => data.premiumCaptionsGenerate,
    (payload) => started(payload.captionJob ? [payload.captionJob] : []),
  );
  const errors = mutation.userErrors;
  const submit = () =>
    mutation.run({
      input: {
        assetId,
        languageCode,
        phrases: linesOf(phrases),
        includeSpeakers,
        includeWords,
        replaceExisting,
        uploadToMux,
        ...(trackName.trim() ? { trackName: trackName.trim() } : {}),
      },
    });
  return (
    <WorkForm
      formId={formId}
      title="Premium captions"
      summary="Mux Robots: speakers, word timings, spelling hints"
      mutation={mutation}
      submitLabel="Generate premium captions"
      onSubmit={submit}
    >
      <SelectField
        formId={formId}
        path="input.languageCode"
        label="Spoken language"
        value={languageCode}
        onChange={setLanguageCode}
        errors={errors}
      >
        <LanguageOptions use="PREMIUM_CAPTIONS" />
      </SelectField>
      <LinesField
        formId={formId}
        path="input.phrases"
        label="Phrases"
        hint="Spellings to prefer, one a line (names, jargon)"
        value={phrases}
        onChange={setPhrases}
        errors={errors}
      />
      <CheckboxField
        formId={formId}
        path="input.includeSpeakers"
        label="Label speakers"
        checked={includeSpeakers}
        onChange={setIncludeSpeakers}
        errors={errors}
      />
      <CheckboxField
        formId={formId}
        path="input.includeWords"
        label="Include word timings (billed higher)"
        checked={includeWords}
        onChange={setIncludeWords}
        errors={errors}
      />
      <CheckboxField
        formId={formId}
        path="input.replaceExisting"
        label="Replace a track already in that language"
        checked={replaceExisting}
        onChange={setReplaceExisting}
        errors={errors}
      />
      <CheckboxField
        formId={formId}
        path="input.uploadToMux"
        label="Add the captions to the asset as a track"
        checked={uploadToMux}
        onChange={setUploadToMux}
        errors={errors}
      />
      <TextField
        formId={formId}
        path="input.trackName"
        label="Track name"
        hint="Default: the language, then (Generated)"
        value={trackName}
        onChange={setTrackName}
        errors={errors}
      />
    </WorkForm>
  );
}

function TranslateForm({ textTracks }: { textTracks: readonly Track[] }) {
  const formId = useFormId('translate');
  const [trackId, setTrackId] = useState(textTracks[0]?.id ?? '');
  const [toLanguageCode, setToLanguageCode] = useState('es');
  const [neverTranslate, setNeverTranslate] = useState('');
  const [uploadToMux, setUploadToMux] = useState(true);
  const mutation = usePayloadMutation(
    TranslateCaptions,
    (data) => data.captionsTranslate,
    (payload) => started(payload.captionJob ? [payload.captionJob] : []),
  );
  const errors = mutation.userErrors;
  const submit = () =>
    mutation.run({ input: { trackId, toLanguageCode, neverTranslate: linesOf(neverTranslate), uploadToMux } });
  return (
    <WorkForm
      formId={formId}
      title="Translation"
      summary="Mux Robots translate a text track"
      mutation={mutation}
      submitLabel="Translate"
      onSubmit={submit}
    >
      <SelectField
        formId={formId}
        path="input.trackId"
        label="Track to translate"
        value={trackId}
        onChange={setTrackId}
        errors={errors}
      >
        <TrackOptions tracks={textTracks} />
      </SelectField>
      <SelectField
        formId={formId}
        path="input.toLanguageCode"
        label="Into"
        value={toLanguageCode}
        onChange={setToLanguageCode}
        errors={errors}
      >
        <LanguageOptions use="TRANSLATION_TARGET" />
      </SelectField>
      <LinesField
        formId={formId}
        path="input.neverTranslate"
        label="Never translate"
        hint="Terms kept as they are, one a line"
        value={neverTranslate}
        onChange={setNeverTranslate}
        errors={errors}
      />
      <CheckboxField
        formId={formId}
        path="input.uploadToMux"
        label="Add the translation to the asset as a track"
        checked={uploadToMux}
        onChange={setUploadToMux}
        errors={errors}
      />
    </WorkForm>
  );
}

/** `find => replace` lines, the way people write substitutions in notes. */
function pairsOf(text: string): { find: string; replace: string }[] {
  return linesOf(text).map((line) => {
    const [find = '', replace = ''] = line.split('=>').map((part) => part.trim());
    return { find, replace };
  });
}

function RobotsEditForm({ textTracks }: { textTracks: readonly Track[] }) {
  const formId = useFormId('edit');
  const [trackId, setTrackId] = useState(textTracks[0]?.id ?? '');
  const [replacements, setReplacements] = useState('');
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [speakers, setSpeakers] = useState('');
  const [censor, setCensor] = useState(false);
  const [mode, setMode] = useState<'BLANK' | 'MASK' | 'REMOVE'>('MASK');
  const [alwaysCensor, setAlwaysCensor] = useState('');
  const [neverCensor, setNeverCensor] = useState('');
  const [uploadToMux, setUploadToMux] = useState(true);
  const [deleteOriginalTrack, setDeleteOriginalTrack] = useState(true);
  const [trackNameSuffix, setTrackNameSuffix] = useState('');
  const mutation = usePayloadMutation(
    EditCaptions,
    (data) => data.captionsEdit,
    (payload) => started(payload.captionJob ? [payload.captionJob] : []),
  );
  const errors = mutation.userErrors;
  const submit = () =>
    mutation.run({
      input: {
        trackId,
        replacements: pairsOf(replacements).map((pair) => ({ ...pair, caseSensitive })),
        speakerReplacements: pairsOf(speakers),
        ...(censor
          ? { censorProfanity: { mode, alwaysCensor: linesOf(alwaysCensor), neverCensor: linesOf(neverCensor) } }
          : {}),
        uploadToMux,
        ...(uploadToMux ? { deleteOriginalTrack } : {}),
        ...(trackNameSuffix.trim() ? { trackNameSuffix: trackNameSuffix.trim() } : {}),
      },
    });
  return (
    <WorkForm
      formId={formId}
      title="Robots edit"
      summary="Find and replace, rename speakers, censor profanity"
      mutation={mutation}
      submitLabel="Edit captions"
      onSubmit={submit}
    >
      <SelectField
        formId={formId}
        path="input.trackId"
        label="Track to edit"
        value={trackId}
        onChange={setTrackId}
        errors={errors}
      >
        <TrackOptions tracks={textTracks} />
      </SelectField>
      <LinesField
        formId={formId}
        path="input.replacements"
        label="Replacements"
        hint="One a line: find => replace"
        value={replacements}
        onChange={setReplacements}
        errors={errors}
      />
      <CheckboxField
        formId={formId}
        path="input.replacements.caseSensitive"
        label="Replacements are case-sensitive"
        checked={caseSensitive}
        onChange={setCaseSensitive}
        errors={errors}
      />
      <LinesField
        formId={formId}
        path="input.speakerReplacements"
        label="Speaker renames"
        hint="One a line: speaker_0 => Ana"
        value={speakers}
        onChange={setSpeakers}
        errors={errors}
      />
      <CheckboxField
        formId={formId}
        path="input.censorProfanity"
        label="Censor profanity"
        checked={censor}
        onChange={setCensor}
        errors={errors}
      />
      {censor && (
        <fieldset>
          <legend>Profanity</legend>
          <SelectField
            formId={formId}
            path="input.censorProfanity.mode"
            label="How"
            value={mode}
            onChange={(value) => setMode(value as typeof mode)}
            errors={errors}
          >
            <option value="MASK">Mask as ????</option>
            <option value="BLANK">Blank as [__]</option>
            <option value="REMOVE">Remove the word</option>
          </SelectField>
          <LinesField
            formId={formId}
            path="input.censorProfanity.alwaysCensor"
            label="Always censor"
            hint="Words, one a line"
            value={alwaysCensor}
            onChange={setAlwaysCensor}
            errors={errors}
          />
          <LinesField
            formId={formId}
            path="input.censorProfanity.neverCensor"
            label="Never censor"
            hint="Words, one a line"
            value={neverCensor}
            onChange={setNeverCensor}
            errors={errors}
          />
        </fieldset>
      )}
      <CheckboxField
        formId={formId}
        path="input.uploadToMux"
        label="Add the edited captions to the asset as a track"
        checked={uploadToMux}
        onChange={setUploadToMux}
        errors={errors}
      />
      {uploadToMux && (
        <CheckboxField
          formId={formId}
          path="input.deleteOriginalTrack"
          label="Delete the original track"
          checked={deleteOriginalTrack}
          onChange={setDeleteOriginalTrack}
          errors={errors}
        />
      )}
      <TextField
        formId={formId}
        path="input.trackNameSuffix"
        label="Track name suffix"
        hint="Default: edited"
        value={trackNameSuffix}
        onChange={setTrackNameSuffix}
        errors={errors}
      />
    </WorkForm>
  );
}

/** Every kind of caption work that can be started on an asset, each a form of its own. */
export function StartWork({ assetId, textTracks }: { assetId: string; textTracks: readonly Track[] }) {
  const ready = textTracks.filter((track) => track.status === 'READY');
  return (
    <div className="work-forms">
      <GenerateForm assetId={assetId} />
      <PremiumForm assetId={assetId} />
      {ready.length > 0 ? (
        <>
          <TranslateForm textTracks={ready} />
          <RobotsEditForm textTracks={ready} />
        </>
      ) : (
        <p className="muted">Translation and Robots edits need a ready text track.</p>
      )}
    </div>
  );
}
