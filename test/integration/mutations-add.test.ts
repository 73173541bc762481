import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyAsset } from '../support/caption-work.js';
import { type FileHost, startFileHost } from '../support/file-host.js';
import { mutate } from '../support/mutations.js';
import { graphql, type Stack, startStack } from '../support/stack.js';
import { upstreamCalls } from '../support/upstream.js';
import { waitFor } from '../support/wait.js';

const ADDED = 'captionJob { id kind status languageCode } track { muxId status }';

interface Added {
  captionJob: { id: string; kind: string; status: string; languageCode: string } | null;
  track: { muxId: string; status: string } | null;
}

interface JobView {
  status: string;
  errors: { type: string; message: string }[];
  transcriptReady: boolean;
  track: { muxId: string; name: string; languageCode: string; closedCaptions: boolean; textSource: string } | null;
}

const VTT = `WEBVTT

00:00:01.000 --> 00:00:03.000
<v Mara>The quokka smiled at the camera.

00:00:03.500 --> 00:00:06.000
Nobody expected a marsupial cameo.
`;

const SRT = `1
00:00:00,500 --> 00:00:02,000
Bienvenidos al taller de cerámica.

2
00:00:02,500 --> 00:00:04,000
Hoy hacemos un botijo.
`;

async function finished(stack: Stack, id: string): Promise<JobView> {
  return waitFor(
    async () => {
      const { body } = await graphql<{ captionJob: JobView }>(
        stack.gateway,
        `query($id: ID!) {
          captionJob(id: $id) {
            status errors { type message } transcriptReady
            track { muxId name languageCode closedCaptions textSource }
          }
        }`,
        { id },
      );
      const job = body.data?.captionJob;
      return job && job.status !== 'PROCESSING' ? job : undefined;
    },
    { description: `caption job ${id} to finish` },
  );
}

/** The texts of cues of the asset the search finds, once it finds any: transcripts are kept after a commit. */
async function searchHits(stack: Stack, query: string, assetId: string): Promise<string[]> {
  return waitFor(
    async () => {
      const { body } = await graphql<{ transcriptSearch: { edges: { node: { text: string } }[] } }>(
        stack.gateway,
        `query($query: String!, $assetIds: [ID!]) {
          transcriptSearch(query: $query, assetIds: $assetIds) { edges { node { text } } }
        }`,
        { query, assetIds: [assetId] },
      );
      expect(body.errors).toBeUndefined();
      const texts = (body.data?.transcriptSearch.edges ?? []).map((edge) => edge.node.text);
      return texts.length > 0 ? texts : undefined;
    },
    { description: `a search for ${query} to find the captions` },
  );
}

describe('captionsAdd', () => {
  let stack: Stack;
  let host: FileHost;

  beforeAll(async () => {
    stack = await startStack();
    host = await startFileHost({ '/fr.vtt': 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nLe pangolin arrive.\n' });
  });
  afterAll(async () => {
    await host.close();
    await stack.close();
  });

  it('adds a WebVTT file as a ready track whose transcript is kept and searchable', async () => {
    const assetId = await readyAsset(stack, 'add-vtt');
    const payload = await mutate<Added>(stack, 'captionsAdd', ADDED, {
      assetId,
      vtt: VTT,
      languageCode: 'en-us',
      name: 'English (studio)',
      closedCaptions: true,
      passthrough: 'studio-upload-7',
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.captionJob).toMatchObject({ kind: 'ADDED', status: 'PROCESSING', languageCode: 'en-US' });
    expect(payload.track?.status).toBe('PREPARING');

    const job = await finished(stack, payload.captionJob?.id ?? '');
    expect(job).toMatchObject({
      status: 'COMPLETED',
      errors: [],
      track: {
        muxId: payload.track?.muxId,
        name: 'English (studio)',
        languageCode: 'en-US',
        closedCaptions: true,
        textSource: 'UPLOADED',
      },
    });
    const atMux = stack.simulator.context.state.assets
      .get(assetId)
      ?.asset.tracks?.find((track) => track.id === payload.track?.muxId);
    expect(atMux).toMatchObject({ status: 'ready', passthrough: 'studio-upload-7', text_source: 'uploaded' });
    const hits = await searchHits(stack, 'quokka', assetId);
    expect(hits).toEqual(['The quokka smiled at the camera.']);
    await waitFor(async () => (await stack.gateway.services.store.captionFiles.count()) === 0, {
      description: 'the served file to be taken down',
    });
  });

  it('adds an SRT file and cues the same way', async () => {
    const assetId = await readyAsset(stack, 'add-srt');
    const fromSrt = await mutate<Added>(stack, 'captionsAdd', ADDED, { assetId, srt: SRT, languageCode: 'es' });
    const fromCues = await mutate<Added>(stack, 'captionsAdd', ADDED, {
      assetId,
      cues: [{ startSeconds: 1, endSeconds: 2.5, text: 'Ein Igel im Studio', speaker: 'Lena' }],
      languageCode: 'de',
      name: 'Deutsch',
    });
    expect((await finished(stack, fromSrt.captionJob?.id ?? '')).status).toBe('COMPLETED');
    expect((await finished(stack, fromCues.captionJob?.id ?? '')).status).toBe('COMPLETED');
    const vttOf = (trackId: string | undefined) => stack.simulator.context.state.trackVtt.get(trackId ?? '');
    expect(vttOf(fromSrt.track?.muxId)).toContain('Hoy hacemos un botijo.');
    expect(vttOf(fromCues.track?.muxId)).toContain('Ein Igel im Studio');
    expect(await searchHits(stack, 'botijo', assetId)).toEqual(['Hoy hacemos un botijo.']);
  });

  it('adds a file Mux downloads from the client’s URL', async () => {
    const assetId = await readyAsset(stack, 'add-url');
    const payload = await mutate<Added>(stack, 'captionsAdd', ADDED, {
      assetId,
      url: host.url('fr.vtt'),
      languageCode: 'fr',
    });
    expect(payload.userErrors).toEqual([]);
    const job = await finished(stack, payload.captionJob?.id ?? '');
    expect(job).toMatchObject({ status: 'COMPLETED', track: { languageCode: 'fr', textSource: 'UPLOADED' } });
    expect(await searchHits(stack, 'pangolin', assetId)).toEqual(['Le pangolin arrive.']);
  });

  it('ends the job with Mux’s reason when the URL has no caption file', async () => {
    const assetId = await readyAsset(stack, 'add-missing');
    const payload = await mutate<Added>(stack, 'captionsAdd', ADDED, {
      assetId,
      url: host.url('missing.vtt'),
      languageCode: 'fr',
    });
    const job = await finished(stack, payload.captionJob?.id ?? '');
    expect(job.status).toBe('ERRORED');
    expect(job.errors).toEqual([
      { type: 'download_failed', message: expect.stringContaining('could not be downloaded (HTTP 404)') },
    ]);
  });

  it('refuses bad input field by field before Mux is called', async () => {
    const assetId = await readyAsset(stack, 'add-refused');
    const calls = upstreamCalls(stack.simulator);
    const refusal = async (input: Record<string, unknown>) =>
      (await mutate<Added>(stack, 'captionsAdd', ADDED, { assetId, languageCode: 'en', ...input })).userErrors.map(
        (error) => ({ type: error.__typename, field: error.field.join('.'), message: error.message }),
      );

    expect(await refusal({ vtt: VTT, languageCode: 'en_US' })).toEqual([
      { type: 'ValidationError', field: 'input.languageCode', message: expect.stringContaining('BCP 47') },
    ]);
    expect(await refusal({})).toEqual([
      { type: 'ValidationError', field: 'input.vtt', message: 'give exactly one of vtt, srt, cues, url' },
    ]);
    expect(await refusal({ vtt: VTT, url: host.url('fr.vtt') })).toEqual([
      { type: 'ValidationError', field: 'input.url', message: 'give exactly one of vtt, srt, cues, url' },
    ]);
    expect(await refusal({ vtt: 'just some words' })).toEqual([
      { type: 'ValidationError', field: 'input.vtt', message: expect.stringContaining('must be a WebVTT file') },
    ]);
    expect(await refusal({ srt: 'no timings here' })).toEqual([
      { type: 'ValidationError', field: 'input.srt', message: expect.stringContaining('must be an SRT file') },
    ]);
    expect(await refusal({ vtt: `${VTT}${'x'.repeat(5 * 1024 * 1024)}` })).toEqual([
      { type: 'ValidationError', field: 'input.vtt', message: 'must be at most 5242880 bytes (5 MiB)' },
    ]);
    expect(await refusal({ url: 'ftp://example.com/captions.vtt' })).toEqual([
      { type: 'ValidationError', field: 'input.url', message: 'must be an http(s) URL' },
    ]);
    expect(await refusal({ vtt: VTT, passthrough: 'p'.repeat(256) })).toEqual([
      { type: 'ValidationError', field: 'input.passthrough', message: 'must be at most 255 characters' },
    ]);
    expect(calls().filter((call) => call.method === 'POST')).toEqual([]);
  });

  it('refuses a name another text track of the asset has, naming that track', async () => {
    const assetId = await readyAsset(stack, 'add-name');
    const first = await mutate<Added>(stack, 'captionsAdd', ADDED, {
      assetId,
      vtt: VTT,
      languageCode: 'en',
      name: 'CC',
    });
    const second = await mutate<Added>(stack, 'captionsAdd', ADDED, {
      assetId,
      srt: SRT,
      languageCode: 'es',
      name: 'CC',
    });
    expect(second.captionJob).toBeNull();
    expect(second.userErrors).toEqual([
      expect.objectContaining({
        __typename: 'ConflictError',
        field: ['input', 'name'],
        track: { muxId: first.track?.muxId },
      }),
    ]);
  });

  it('refuses an asset that is not ready', async () => {
    const asset = await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/add-broken.mp4?fail=decode' }],
      playback_policies: ['public'],
    });
    await waitFor(async () => (await stack.mux.video.assets.retrieve(asset.id)).status === 'errored');
    const payload = await mutate<Added>(stack, 'captionsAdd', ADDED, {
      assetId: asset.id,
      vtt: VTT,
      languageCode: 'en',
    });
    expect(payload.userErrors).toEqual([
      expect.objectContaining({
        __typename: 'PreconditionError',
        field: ['input', 'assetId'],
        reason: 'asset_not_ready',
      }),
    ]);
  });
});
