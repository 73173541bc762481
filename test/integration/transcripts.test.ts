import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GeneratePremiumCaptionsJob } from '@mux/mux-node/resources/robots/jobs/generate-premium-captions';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackgroundTasks } from '../../src/background.js';
import { SqliteStore } from '../../src/db/sqlite-store.js';
import { Core } from '../../src/domain/core.js';
import { Broadcast } from '../../src/events/broadcast.js';
import { graphiqlOptions } from '../../src/http/graphiql.js';
import { createLogger } from '../../src/logger.js';
import { SdkMuxApi } from '../../src/mux/api.js';
import { GatewayMetrics } from '../../src/observability/metrics.js';
import { TranscriptCapture } from '../../src/workflows/transcripts.js';
import { readyTextTracksOf } from '../support/assets.js';
import { mutate } from '../support/mutations.js';
import { API_KEYS, authorization, graphql, type Stack, startStack } from '../support/stack.js';
import { streamTextRequests, vttDataUrl } from '../support/transcripts.js';
import { upstreamCalls } from '../support/upstream.js';
import { waitFor } from '../support/wait.js';

const EIGHT_DAYS_MS = 8 * 24 * 60 * 60 * 1000;

const TRANSCRIPT_FIELDS =
  `id languageCode source text vtt srt wordCount cueCount words { text start end speaker } ` +
  `cues { start end text speaker } track { muxId }`;

interface TranscriptResult {
  id: string;
  languageCode: string | null;
  source: string;
  text: string;
  vtt: string;
  srt: string;
  wordCount: number;
  cueCount: number;
  words: { text: string; start: number; end: number; speaker: string | null }[] | null;
  cues: { start: number; end: number; text: string; speaker: string | null }[];
  track: { muxId: string } | null;
}

async function captionedAsset(stack: Stack, policy: 'public' | 'signed', title: string) {
  const created = await stack.mux.video.assets.create({
    inputs: [
      {
        url: 'https://example.com/talk.mp4?duration=40',
        generated_subtitles: [{ language_code: 'en', name: 'English CC' }],
      },
    ],
    playback_policies: [policy],
    meta: { title },
  });
  const [track] = await readyTextTracksOf(stack, created.id);
  return { asset: await stack.mux.video.assets.retrieve(created.id), trackId: track?.muxId ?? '' };
}

/** Records every URL this process fetches (the gateway runs in it), from `start()` until `stop()`. */
function fetchRecorder() {
  const original = globalThis.fetch;
  const urls: string[] = [];
  return {
    urls,
    start() {
      globalThis.fetch = (input, init) => {
        urls.push(input instanceof Request ? input.url : String(input));
        return original(input, init);
      };
    },
    stop() {
      globalThis.fetch = original;
    },
  };
}

async function completedPremiumJob(
  stack: Stack,
  assetId: string,
  uploadToMux: boolean,
): Promise<GeneratePremiumCaptionsJob> {
  const created = await stack.mux.robots.jobs.generatePremiumCaptions.create({
    parameters: {
      asset_id: assetId,
      language_code: 'en',
      include_speakers: true,
      include_words: true,
      upload_to_mux: uploadToMux,
    },
  });
  return waitFor(
    async () => {
      const job = await stack.mux.robots.jobs.generatePremiumCaptions.retrieve(created.id);
      return job.status === 'completed' && job;
    },
    { timeoutMs: 15_000, description: `premium job ${created.id} to complete` },
  );
}

const fileUrl = (stack: Stack, id: string, format: string) => `${stack.gateway.url}/transcripts/${id}.${format}`;

describe('transcripts', () => {
  let stack: Stack;
  let publicAsset: Awaited<ReturnType<typeof captionedAsset>>;
  let signedAsset: Awaited<ReturnType<typeof captionedAsset>>;

  // Webhooks may have the gateway read a transcript before any test asks, so fetches are watched from the start.
  const fetches = fetchRecorder();
  const textFetchesOf = (trackId: string) => fetches.urls.filter((url) => url.includes(`/text/${trackId}.`));

  beforeAll(async () => {
    stack = await startStack();
    fetches.start();
    [publicAsset, signedAsset] = await Promise.all([
      captionedAsset(stack, 'public', 'Public keynote (2026)'),
      captionedAsset(stack, 'signed', 'Signed keynote'),
    ]);
  });
  afterAll(async () => {
    fetches.stop();
    await stack.close();
  });

  const transcriptOf = (assetId: string) =>
    graphql<{
      asset: {
        captionTracks: { vttUrl: string | null; transcript: TranscriptResult | null }[];
        transcript: TranscriptResult | null;
      };
    }>(
      stack.gateway,
      `query($id: String!) { asset(muxId: $id) { captionTracks { vttUrl transcript { id } } transcript(languageCode: ` +
        `"en") { ${TRANSCRIPT_FIELDS} } } }`,
      { id: assetId },
    );

  it('gives a public asset’s transcript, read from the stream host with no token, and exposes no token', async () => {
    const response = await transcriptOf(publicAsset.asset.id);
    expect(response.body.errors).toBeUndefined();
    const transcript = response.body.data?.asset.transcript;
    expect(transcript).toMatchObject({
      languageCode: 'en',
      source: 'TEXT_TRACK',
      words: null,
      track: { muxId: publicAsset.trackId },
    });
    expect(transcript?.vtt).toMatch(/^WEBVTT\n\n00:00:0\d\.\d{3} --> /);
    expect(transcript?.srt).toMatch(/^1\n00:00:0\d,\d{3} --> /);
    expect(transcript?.cues.length).toBe(transcript?.cueCount);
    expect(transcript?.wordCount).toBeGreaterThan(40);
    const mux = await fetch(
      (await stack.gateway.services.mux.textTrackUrl(
        publicAsset.asset.playback_ids ?? [],
        publicAsset.trackId,
        'txt',
      )) ?? '',
    );
    expect(transcript?.text).toBe(await mux.text());
    expect(textFetchesOf(publicAsset.trackId)).toEqual([
      `${stack.simulator.streamUrl}/${publicAsset.asset.playback_ids?.[0]?.id}/text/${publicAsset.trackId}.vtt`,
      `${stack.simulator.streamUrl}/${publicAsset.asset.playback_ids?.[0]?.id}/text/${publicAsset.trackId}.txt`,
    ]);
    expect(JSON.stringify(response.body)).not.toMatch(/token|eyJ/);
  });

  it('gives a signed asset’s transcript, read with a token the SDK signed, and returns no token with it', async () => {
    const response = await graphql<{ asset: { transcript: TranscriptResult } }>(
      stack.gateway,
      `query($id: String!) { asset(muxId: $id) { transcript(languageCode: "en") { ${TRANSCRIPT_FIELDS} } } }`,
      { id: signedAsset.asset.id },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.asset.transcript.cueCount).toBeGreaterThan(3);
    expect(textFetchesOf(signedAsset.trackId)).toEqual([
      expect.stringMatching(new RegExp(`/text/${signedAsset.trackId}\\.vtt\\?token=[\\w-]+\\.[\\w-]+\\.[\\w-]+$`)),
    ]);
    expect(JSON.stringify(response.body)).not.toMatch(/token|eyJ/);
  });

  it('answers a stored transcript with zero calls to Mux and to the stream host', async () => {
    await transcriptOf(publicAsset.asset.id);
    const calls = upstreamCalls(stack.simulator);
    const streamed = streamTextRequests(stack);
    const again = await transcriptOf(publicAsset.asset.id);
    const byNode = await graphql<{ node: { text: string } }>(
      stack.gateway,
      `query($id: ID!) { node(id: $id) { ... on Transcript { text vtt srt cues(from: 5, to: 10) { start } } } }`,
      {
        id: again.body.data?.asset.transcript?.id,
      },
    );
    expect(byNode.body.data?.node.text).toBe(again.body.data?.asset.transcript?.text);
    expect(calls()).toEqual([]);
    expect(streamed()).toEqual([]);
  });

  it('reads cues overlapping a time range, and refuses a backwards one', async () => {
    const { body } = await graphql<{
      asset: { transcript: { all: { start: number; end: number }[]; some: { start: number; end: number }[] } };
    }>(
      stack.gateway,
      `query($id: String!) { asset(muxId: $id) { transcript(languageCode: "en") { all: cues { start end } some: ` +
        `cues(from: 10, to: 20) { start end } } } }`,
      { id: publicAsset.asset.id },
    );
    const { all, some } = body.data?.asset.transcript ?? { all: [], some: [] };
    expect(some).toEqual(all.filter((cue) => cue.end > 10 && cue.start < 20));
    expect(some.length).toBeGreaterThan(0);
    const backwards = await graphql(
      stack.gateway,
      `query($id: String!) { asset(muxId: $id) { transcript(languageCode: "en") { cues(from: 20, to: 10) { start } } ` +
        `} }`,
      {
        id: publicAsset.asset.id,
      },
    );
    expect(backwards.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('says plainly when a signed-only asset cannot be read without a signing key', async () => {
    // Its own store and a Mux edge without a signing key, so webhooks cannot have read the transcript first.
    const directory = mkdtempSync(join(tmpdir(), 'caption-gateway-unsigned-'));
    const store = SqliteStore.open(join(directory, 'gateway.db'));
    const mux = new SdkMuxApi(
      {
        tokenId: stack.simulator.context.options.tokenId,
        tokenSecret: stack.simulator.context.options.tokenSecret,
        baseUrl: stack.simulator.apiUrl,
        streamBaseUrl: stack.simulator.streamUrl,
        webhookSecret: undefined,
        signingKey: undefined,
      },
      10,
      new GatewayMetrics(),
    );
    const logger = createLogger('error', () => {});
    const core = new Core({ store, mux, broadcast: new Broadcast(), logger });
    try {
      await core.commit([{ about: 'asset', asset: signedAsset.asset, from: { askedAt: Date.now() } }]);
      const track = (await store.tracks.byIds([signedAsset.trackId])).get(signedAsset.trackId);
      if (!track) throw new Error('the signed asset’s track was not stored');
      const capture = new TranscriptCapture({ store, mux, logger, background: new BackgroundTasks() });
      await expect(capture.captureTrack(track)).rejects.toThrow(
        /only signed playback and the gateway has no signing key/,
      );
    } finally {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('runs GraphiQL’s transcript and search examples as they are', async () => {
    const tabs = (graphiqlOptions({ apiKey: API_KEYS.viewer }).defaultTabs ?? [])
      .map((tab) => tab.query ?? '')
      .filter((query) => /transcript/i.test(query));
    expect(tabs).toHaveLength(2);
    for (const query of tabs) {
      const { body } = await graphql(stack.gateway, query);
      expect(body.errors).toBeUndefined();
    }
  });

  describe('file routes', () => {
    it('serves .vtt, .srt and .txt with their content types and a download name', async () => {
      const expected = (await transcriptOf(publicAsset.asset.id)).body.data?.asset.transcript;
      for (const [format, type, body] of [
        ['vtt', 'text/vtt; charset=utf-8', expected?.vtt],
        ['srt', 'application/x-subrip; charset=utf-8', expected?.srt],
        ['txt', 'text/plain; charset=utf-8', expected?.text],
      ] as const) {
        const response = await fetch(fileUrl(stack, publicAsset.trackId, format), { headers: authorization('viewer') });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe(type);
        expect(response.headers.get('content-disposition')).toBe(`inline; filename="Public-keynote-2026.en.${format}"`);
        expect(await response.text()).toBe(body);
      }
      const download = await fetch(`${fileUrl(stack, publicAsset.trackId, 'vtt')}?download`, {
        headers: authorization('admin'),
      });
      expect(download.headers.get('content-disposition')).toBe('attachment; filename="Public-keynote-2026.en.vtt"');
      const head = await fetch(fileUrl(stack, publicAsset.trackId, 'vtt'), {
        method: 'HEAD',
        headers: authorization('viewer'),
      });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
    });

    it('reads a signed asset’s transcript on first request, for players and downloads', async () => {
      const fresh = await captionedAsset(stack, 'signed', 'Signed first read');
      const response = await fetch(fileUrl(stack, fresh.trackId, 'vtt'), { headers: authorization('viewer') });
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/^WEBVTT\n\n/);
    });

    it('requires an API key and knows nothing of other ids (CORS and signed links: file-links.test.ts)', async () => {
      const url = fileUrl(stack, publicAsset.trackId, 'vtt');
      expect((await fetch(url)).status).toBe(401);
      const wrong = await fetch(url, { headers: { authorization: 'Bearer not-a-configured-key-at-all' } });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
      expect(
        (
          await fetch(fileUrl(stack, 'no-such-track', 'vtt'), {
            headers: { authorization: `Bearer ${API_KEYS.viewer}` },
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await fetch(`${stack.gateway.url}/transcripts/${publicAsset.trackId}.docx`, {
            headers: authorization('viewer'),
          })
        ).status,
      ).toBe(404);
      expect((await fetch(url, { method: 'POST', headers: authorization('viewer') })).status).toBe(405);
    });
  });
});

describe('premium captions', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('keeps the SRT and word timings taken at completion, and serves them after Mux’s URLs expire', async () => {
    const created = await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/panel.mp4?duration=30' }],
      playback_policies: ['public'],
    });
    await readyTextTracksOf(stack, created.id, 0);
    const job = await completedPremiumJob(stack, created.id, true);
    await stack.gateway.services.transcripts.capturePremiumOutputs(job);
    stack.simulator.context.clock.advance(EIGHT_DAYS_MS);
    expect((await fetch(String(job.outputs?.temporary_srt_url))).status).toBe(400);
    expect((await fetch(String(job.outputs?.temporary_words_url))).status).toBe(400);

    await readyTextTracksOf(stack, created.id);
    const { body } = await graphql<{ asset: { transcript: TranscriptResult } }>(
      stack.gateway,
      `query($id: String!) { asset(muxId: $id) { transcript(languageCode: "en") { ${TRANSCRIPT_FIELDS} } } }`,
      { id: created.id },
    );
    expect(body.errors).toBeUndefined();
    const transcript = body.data?.asset.transcript;
    expect(transcript).toMatchObject({ source: 'PREMIUM_CAPTIONS', track: { muxId: job.outputs?.track_id } });
    expect(transcript?.words?.length).toBeGreaterThan(40);
    expect(transcript?.words?.[0]).toMatchObject({
      speaker: 'speaker_0',
      start: expect.any(Number),
      end: expect.any(Number),
    });
    expect(transcript?.cues[0]?.speaker).toBe('speaker_0');
    expect(transcript?.srt).toMatch(/^1\n00:00:0\d,\d{3} --> .*\n\[speaker_0\] /);
    expect(transcript?.vtt).toContain('<v speaker_0>');
    const file = await fetch(fileUrl(stack, String(job.outputs?.track_id), 'srt'), {
      headers: authorization('viewer'),
    });
    expect(await file.text()).toBe(transcript?.srt);
  });

  it('stores transcripts as webhooks report them, with nobody reading them', async () => {
    const created = await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/quiet.mp4?duration=20' }],
      playback_policies: ['public'],
    });
    await readyTextTracksOf(stack, created.id, 0);
    await stack.mux.video.assets.createTrack(created.id, {
      url: vttDataUrl(['Nobody asked for this xylophone yet']),
      type: 'text',
      text_type: 'subtitles',
      language_code: 'en',
    });
    const job = await stack.mux.robots.jobs.generatePremiumCaptions.create({
      parameters: { asset_id: created.id, language_code: 'fr', include_words: true, upload_to_mux: false },
    });
    const searchHits = async () =>
      (
        await graphql<{ transcriptSearch: { edges: unknown[] } }>(
          stack.gateway,
          `{ transcriptSearch(query: "xylophone") { edges { cursor } } }`,
        )
      ).body.data?.transcriptSearch.edges ?? [];
    await waitFor(async () => (await searchHits()).length === 1, { description: 'the uploaded track to be indexed' });
    await waitFor(
      async () => {
        const { body } = await graphql<{ node: { words: unknown[] | null } | null }>(
          stack.gateway,
          `query($id: ID!) { node(id: $id) { ... on Transcript { words { text } } } }`,
          {
            id: encodeGlobalID('Transcript', job.id),
          },
        );
        return (body.data?.node?.words?.length ?? 0) > 10;
      },
      { description: 'the premium outputs to be taken' },
    );
  });

  it('keeps premium captions made without a track (upload_to_mux: false), keyed by the Robots job', async () => {
    const created = await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/interview.mp4?duration=30' }],
      playback_policies: ['public'],
    });
    await readyTextTracksOf(stack, created.id, 0);
    const job = await completedPremiumJob(stack, created.id, false);
    expect(job.outputs?.track_id).toBeUndefined();
    await stack.gateway.services.transcripts.capturePremiumOutputs(job);
    await stack.gateway.services.transcripts.capturePremiumOutputs(job);
    stack.simulator.context.clock.advance(EIGHT_DAYS_MS);
    const { body } = await graphql<{
      asset: { captionTracks: unknown[]; transcripts: (TranscriptResult & { muxJobId: string })[] };
    }>(
      stack.gateway,
      `query($id: String!) { asset(muxId: $id) { captionTracks { muxId } transcripts { ${TRANSCRIPT_FIELDS} muxJobId ` +
        `} } }`,
      { id: created.id },
    );
    expect(body.data?.asset.captionTracks).toEqual([]);
    expect(body.data?.asset.transcripts).toEqual([
      expect.objectContaining({
        id: encodeGlobalID('Transcript', job.id),
        muxJobId: job.id,
        track: null,
        source: 'PREMIUM_CAPTIONS',
      }),
    ]);
    expect(body.data?.asset.transcripts[0]?.words?.length).toBeGreaterThan(40);
    const file = await fetch(fileUrl(stack, job.id, 'txt'), { headers: authorization('viewer') });
    expect(file.status).toBe(200);
    expect(await file.text()).toBe(body.data?.asset.transcripts[0]?.text);
  });

  it('gives the transcript caption work produced, from the caption job', async () => {
    const created = await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/job.mp4?duration=25' }],
      playback_policies: ['public'],
    });
    await readyTextTracksOf(stack, created.id, 0);
    const payload = await mutate<{ captionJob: { id: string } }>(
      stack,
      'premiumCaptionsGenerate',
      'captionJob { id }',
      {
        assetId: created.id,
        languageCode: 'en',
        includeWords: true,
        uploadToMux: false,
      },
    );
    expect(payload.userErrors).toEqual([]);
    const transcript = await waitFor(async () => {
      const { body } = await graphql<{
        captionJob: { status: string; transcript: { source: string; track: null; words: unknown[] } | null };
      }>(
        stack.gateway,
        `query($id: ID!) { captionJob(id: $id, fresh: true) { status transcript { source track { muxId } words { ` +
          `text } } } }`,
        { id: payload.captionJob.id },
      );
      return body.data?.captionJob.status === 'COMPLETED' && body.data.captionJob.transcript;
    });
    expect(transcript).toMatchObject({ source: 'PREMIUM_CAPTIONS', track: null });
    expect(transcript.words.length).toBeGreaterThan(20);
  });
});
