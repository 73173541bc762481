import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyAssetWithCaptions } from '../support/assets.js';
import { mutate } from '../support/mutations.js';
import { graphql, type Stack, startStack } from '../support/stack.js';
import { upstreamCalls } from '../support/upstream.js';
import { waitFor } from '../support/wait.js';

/** Mux's documented limit for one phrase is 50 characters. */
const LONGEST_PHRASE = 'Captioning'.repeat(5);

const JOB = 'captionJob { id kind status languageCode muxJobId track { muxId name languageCode } }';

interface JobView {
  id: string;
  kind: string;
  status: string;
  languageCode: string | null;
  muxJobId: string | null;
  track: { muxId: string; name: string; languageCode: string } | null;
}

async function finishedJob(stack: Stack, id: string): Promise<JobView> {
  return waitFor(async () => {
    const { body } = await graphql<{ captionJob: JobView }>(
      stack.gateway,
      `query($id: ID!) { captionJob(id: $id, fresh: true) { id kind status languageCode muxJobId track { muxId name ` +
        `languageCode } } }`,
      { id },
    );
    const job = body.data?.captionJob;
    return job && ['COMPLETED', 'ERRORED', 'CANCELLED'].includes(job.status) ? job : undefined;
  });
}

describe('Robots caption mutations', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('premiumCaptionsGenerate starts a Robots job with every option and ends with the track on the asset', async () => {
    const asset = await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/podcast.mp4?duration=60' }],
      playback_policies: ['signed'],
    });
    await waitFor(async () => (await stack.mux.video.assets.retrieve(asset.id)).status === 'ready');
    const payload = await mutate<{ captionJob: JobView }>(stack, 'premiumCaptionsGenerate', JOB, {
      assetId: asset.id,
      languageCode: 'en',
      trackName: 'English (premium)',
      includeSpeakers: true,
      includeWords: true,
      phrases: ['Mux', 'WebVTT', LONGEST_PHRASE],
      passthrough: 'order-7',
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.captionJob).toMatchObject({ kind: 'PREMIUM', status: 'PENDING', languageCode: 'en' });
    const atMux = stack.simulator.context.state.jobs.get(payload.captionJob.muxJobId ?? '');
    expect(atMux?.parameters).toMatchObject({
      asset_id: asset.id,
      language_code: 'en',
      track_name: 'English (premium)',
      include_speakers: true,
      include_words: true,
      phrases: ['Mux', 'WebVTT', LONGEST_PHRASE],
    });
    expect(atMux?.passthrough).toBe('order-7');

    const done = await finishedJob(stack, payload.captionJob.id);
    expect(done).toMatchObject({ status: 'COMPLETED', track: { name: 'English (premium)', languageCode: 'en' } });
    expect(
      stack.simulator.context.state.assets
        .get(asset.id)
        ?.asset.tracks?.some((track) => track.id === done.track?.muxId && track.status === 'ready'),
    ).toBe(true);
  });

  it('refuses a second track in a language with a conflict naming the track, and replaces it when asked', async () => {
    const { assetId, trackId } = await readyAssetWithCaptions(stack);
    const calls = upstreamCalls(stack.simulator);
    const refused = await mutate<{ captionJob: JobView | null }>(stack, 'premiumCaptionsGenerate', JOB, {
      assetId,
      languageCode: 'en',
    });
    expect(refused.captionJob).toBeNull();
    expect(refused.userErrors).toEqual([
      expect.objectContaining({
        __typename: 'ConflictError',
        field: ['input', 'languageCode'],
        track: { muxId: trackId },
      }),
    ]);
    expect(calls().filter((call) => call.path.startsWith('/robots'))).toEqual([]);

    const replacing = await mutate<{ captionJob: JobView }>(stack, 'premiumCaptionsGenerate', JOB, {
      assetId,
      languageCode: 'en',
      replaceExisting: true,
    });
    expect(replacing.userErrors).toEqual([]);
    const done = await finishedJob(stack, replacing.captionJob.id);
    expect(done.status).toBe('COMPLETED');
    const tracks = stack.simulator.context.state.assets.get(assetId)?.asset.tracks ?? [];
    expect(tracks.some((track) => track.id === trackId)).toBe(false);
    expect(tracks.some((track) => track.id === done.track?.muxId)).toBe(true);
  });

  it('captionsTranslate and captionsEdit run through Robots and leave their tracks', async () => {
    const { assetId, trackId } = await readyAssetWithCaptions(stack);
    const translate = await mutate<{ captionJob: JobView }>(stack, 'captionsTranslate', JOB, {
      trackId,
      toLanguageCode: 'fr',
      neverTranslate: ['Mux'],
    });
    expect(translate.userErrors).toEqual([]);
    expect(translate.captionJob).toMatchObject({ kind: 'TRANSLATION', languageCode: 'fr' });
    expect((await finishedJob(stack, translate.captionJob.id)).track?.languageCode).toBe('fr');
    const { body: source } = await graphql<{ captionJob: { sourceTrack: { muxId: string } | null } }>(
      stack.gateway,
      'query($id: ID!) { captionJob(id: $id) { sourceTrack { muxId } } }',
      { id: translate.captionJob.id },
    );
    expect(source).toEqual({ data: { captionJob: { sourceTrack: { muxId: trackId } } } });

    const conflict = await mutate<{ captionJob: JobView | null }>(stack, 'captionsTranslate', JOB, {
      trackId,
      toLanguageCode: 'fr',
    });
    expect(conflict.userErrors).toEqual([
      expect.objectContaining({ __typename: 'ConflictError', field: ['input', 'toLanguageCode'] }),
    ]);

    const edit = await mutate<{ captionJob: JobView }>(stack, 'captionsEdit', JOB, {
      trackId,
      replacements: [{ find: 'mucks', replace: 'Mux' }],
      censorProfanity: { mode: 'MASK' },
      trackNameSuffix: 'clean',
    });
    expect(edit.userErrors).toEqual([]);
    const edited = await finishedJob(stack, edit.captionJob.id);
    expect(edited).toMatchObject({ kind: 'EDIT', status: 'COMPLETED', track: { name: 'Original (clean)' } });
    const tracks = stack.simulator.context.state.assets.get(assetId)?.asset.tracks ?? [];
    expect(tracks.some((track) => track.id === trackId)).toBe(false);
  });

  it('captionJobCancel cancels a running Robots job once, and says why others cannot be cancelled', async () => {
    // A long asset keeps the premium job processing for a while (Robots time grows with the duration).
    const { assetId } = await readyAssetWithCaptions(stack, { durationSeconds: 3_000 });
    const started = await mutate<{ captionJob: JobView }>(stack, 'premiumCaptionsGenerate', JOB, {
      assetId,
      languageCode: 'de',
    });
    const cancelled = await mutate<{ captionJob: JobView }>(stack, 'captionJobCancel', 'captionJob { id status }', {
      id: started.captionJob.id,
    });
    expect(cancelled.userErrors).toEqual([]);
    expect(cancelled.captionJob.status).toBe('CANCELLED');
    expect(stack.simulator.context.state.jobs.get(started.captionJob.muxJobId ?? '')?.status).toBe('cancelled');
    const again = await mutate<{ captionJob: JobView | null }>(stack, 'captionJobCancel', 'captionJob { id }', {
      id: started.captionJob.id,
    });
    expect(again.userErrors).toEqual([
      expect.objectContaining({ __typename: 'ConflictError', message: expect.stringContaining('already cancelled') }),
    ]);

    const { body } = await graphql<{ asset: { captionJobs: { id: string }[] } }>(
      stack.gateway,
      `query($id: String!) { asset(muxId: $id) { captionJobs { id } } }`,
      { id: assetId },
    );
    const autoJob = body.data?.asset.captionJobs.find((job) => job.id !== started.captionJob.id);
    const auto = await mutate<{ captionJob: JobView | null }>(stack, 'captionJobCancel', 'captionJob { id }', {
      id: autoJob?.id,
    });
    expect(auto.userErrors).toEqual([
      expect.objectContaining({ __typename: 'ConflictError', message: expect.stringContaining('already completed') }),
    ]);
  });
});

describe('premium captions already under way', () => {
  let stack: Stack;

  beforeAll(async () => {
    // Slow enough that a premium job is still running when the same request comes again.
    stack = await startStack({ simulator: { speed: 20 } });
  });
  afterAll(() => stack.close());

  it('refuses the same premium captions while a job for them runs, naming that job, calling no Robots', async () => {
    const asset = await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/twice.mp4?duration=60' }],
      playback_policies: ['public'],
    });
    await waitFor(async () => (await stack.mux.video.assets.retrieve(asset.id)).status === 'ready', {
      timeoutMs: 15_000,
    });
    const input = { assetId: asset.id, languageCode: 'en', phrases: ['Mux'] };
    const first = await mutate<{ captionJob: JobView }>(stack, 'premiumCaptionsGenerate', JOB, input);
    expect(first.userErrors).toEqual([]);
    const calls = upstreamCalls(stack.simulator);
    const again = await mutate<{ captionJob: JobView | null }>(stack, 'premiumCaptionsGenerate', JOB, input);
    expect(again.captionJob).toBeNull();
    expect(again.userErrors).toEqual([
      expect.objectContaining({
        __typename: 'ConflictError',
        field: ['input', 'assetId'],
        captionJob: { id: first.captionJob.id },
      }),
    ]);
    expect(calls().filter((call) => call.path.startsWith('/robots'))).toEqual([]);
  });
});
