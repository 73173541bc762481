import { type FormEvent, useEffect, useState } from 'react';
import { useSubscription } from 'urql';
import { graphql, UserErrorFields } from '../graphql';
import { navigate } from '../router';
import { ErrorSummary, Field, Outcome, useFormId, usePayloadMutation } from '../ui/forms';
import { LanguageOptions } from '../ui/languages';

const CreateUpload = graphql(
  `
  mutation CreateUpload($input: DirectUploadCreateInput!) {
    directUploadCreate(input: $input) {
      upload { id url status }
      userErrors { ...UserErrorFields }
      warnings { message }
    }
  }
`,
  [UserErrorFields],
);

const UploadUpdates = graphql(`
  subscription UploadUpdates($id: ID!) {
    uploadUpdated(id: $id) { id status errorMessage asset { id } }
  }
`);

/** PUTs the file straight to the upload URL (not through the gateway), reporting progress as it goes. */
function putFile(url: string, file: File, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PUT', url);
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener('load', () =>
      request.status >= 200 && request.status < 300
        ? resolve()
        : reject(new Error(`The upload URL answered ${request.status}.`)),
    );
    request.addEventListener('error', () => reject(new Error('The file could not be sent.')));
    request.send(file);
  });
}

/** Follows an uploaded file until Mux has made it an asset, then opens the asset. */
function FollowUpload({ uploadId }: { uploadId: string }) {
  const [result] = useSubscription({ query: UploadUpdates, variables: { id: uploadId } });
  const upload = result.data?.uploadUpdated;
  const assetId = upload?.asset?.id;
  useEffect(() => {
    if (assetId) navigate({ page: 'asset', assetId });
  }, [assetId]);
  if (result.error) return <p role="alert">Could not follow the upload: {result.error.message}</p>;
  if (upload?.errorMessage) return <p role="alert">{upload.errorMessage}</p>;
  return <p role="status">File received; waiting for Mux to create the asset…</p>;
}

export function UploadPage() {
  const formId = useFormId('upload');
  const [file, setFile] = useState<File>();
  const [title, setTitle] = useState('');
  const [languageCode, setLanguageCode] = useState('');
  const [progress, setProgress] = useState<number>();
  const [sendError, setSendError] = useState<string>();
  const [sentUpload, setSentUpload] = useState<string>();
  const create = usePayloadMutation(
    CreateUpload,
    (data) => data.directUploadCreate,
    () => 'Upload URL ready: sending the file.',
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setSendError(undefined);
    const payload = await create.run({
      input: {
        corsOrigin: window.location.origin,
        title: title.trim() || file.name,
        ...(languageCode ? { generatedSubtitles: [{ languageCode }] } : {}),
      },
    });
    const upload = payload?.upload;
    if (!upload?.url) return;
    setProgress(0);
    try {
      await putFile(upload.url, file, setProgress);
      setProgress(1);
      setSentUpload(upload.id);
    } catch (error) {
      setSendError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <section aria-labelledby="upload-title">
      <h1 id="upload-title" tabIndex={-1}>
        Upload a video
      </h1>
      <form onSubmit={submit} className="upload-form" noValidate>
        <ErrorSummary formId={formId} errors={create.userErrors} />
        <div className="field">
          <label htmlFor={`${formId}-file`}>Video file</label>
          <input
            id={`${formId}-file`}
            type="file"
            accept="video/*,audio/*"
            required
            onChange={(event) => setFile(event.target.files?.[0])}
          />
        </div>
        <Field
          formId={formId}
          path="input.title"
          label="Title"
          hint="The file name when left empty"
          errors={create.userErrors}
          control={(props) => <input {...props} value={title} onChange={(event) => setTitle(event.target.value)} />}
        />
        <Field
          formId={formId}
          path="input.generatedSubtitles.0.languageCode"
          label="Auto-generated captions"
          errors={create.userErrors}
          control={(props) => (
            <select {...props} value={languageCode} onChange={(event) => setLanguageCode(event.target.value)}>
              <option value="">None</option>
              <LanguageOptions use="AUTO_GENERATED_CAPTIONS" />
            </select>
          )}
        />
        <button
          type="submit"
          disabled={!file || create.fetching || (progress !== undefined && !sendError && !sentUpload)}
        >
          Upload
        </button>
        <Outcome mutation={create} />
      </form>
      {progress !== undefined && (
        <div className="upload-progress">
          <label htmlFor={`${formId}-progress`}>Sending the file</label>
          <progress id={`${formId}-progress`} max={100} value={Math.round(progress * 100)} />
          <span>{Math.round(progress * 100)}%</span>
        </div>
      )}
      {sendError && <p role="alert">{sendError}</p>}
      {sentUpload && <FollowUpload uploadId={sentUpload} />}
    </section>
  );
}
