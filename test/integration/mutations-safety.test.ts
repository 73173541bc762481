import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyAssetWithCaptions } from '../support/assets.js';
import { mutate } from '../support/mutations.js';
import { authorization, graphql, type Stack, startStack } from '../support/stack.js';
import { upstreamCalls } from '../support/upstream.js';
import { waitFor } from '../support/wait.js';

const JOB = 'captionJob { id status }';

describe('mutation validation, idempotency and failures', () => {
  let stack: Stack;
  let assetId: string;
  let trackId: string;

  beforeAll(async () => {
    stack = await startStack();
    ({ assetId, trackId } = await readyAssetWithCaptions(stack));
  });
  afterAll(() => stack.close());

  const longPhrase = 'x'.repeat(51);
  it.each([
    [
      'a phrase over 50 characters',
      { phrases: [longPhrase] },
      ['input', 'phrases', '0'],
      'must be at most 50 characters',
    ],
    [
      'a phrase over 5 words',
      { phrases: ['one two three four five six'] },
      ['input', 'phrases', '0'],
      'must be at most 5 words',
    ],
    [
      'a phrase with a bracket',
      { phrases: ['Mux [API]'] },
      ['input', 'phrases', '0'],
      'must not contain < > { } [ ] or \\',
    ],
    [
      'more than 100 phrases',
      { phrases: Array.from({ length: 101 }, (_, index) => `term ${index}`) },
      ['input', 'phrases'],
      'at most 100 phrases',
    ],
    [
      'uploadToMux false with replaceExisting',
      { uploadToMux: false, replaceExisting: true },
      ['input', 'replaceExisting'],
      'replaceExisting needs uploadToMux',
    ],
    [
      'an unsupported language',
      { languageCode: 'xx' },
      ['input', 'languageCode'],
      'is not a caption language Mux supports here',
    ],
    [
      'a passthrough over 255 characters',
      { passthrough: 'p'.repeat(256) },
      ['input', 'passthrough'],
      'must be at most 255 characters',
    ],
  ])('premiumCaptionsGenerate refuses %s before calling Mux', async (_label, fields, field, message) => {
    const calls = upstreamCalls(stack.simulator);
    const payload = await mutate<{ captionJob: unknown }>(stack, 'premiumCaptionsGenerate', JOB, {
      assetId,
      ...fields,
    });
    expect(payload.captionJob).toBeNull();
    expect(payload.userErrors).toContainEqual(
      expect.objectContaining({ __typename: 'ValidationError', field, message: expect.stringContaining(message) }),
    );
    expect(calls()).toEqual([]);
  });

  it('names the allowed values for a language code', async () => {
    const payload = await mutate<{ captionJobs: unknown[] }>(stack, 'captionsGenerate', 'captionJobs { id }', {
      assetId,
      languages: [{ languageCode: 'klingon' }],
    });
    expect(payload.userErrors[0]).toMatchObject({
      __typename: 'ValidationError',
      field: ['input', 'languages', '0', 'languageCode'],
    });
    expect(payload.userErrors[0]?.allowed).toEqual(expect.arrayContaining(['en', 'es', 'auto', 'bg']));
  });

  it.each([
    ['an http URL only', 'assetCreate', { url: 'ftp://example.com/video.mp4' }, ['input', 'url']],
    [
      'an upload timeout in range',
      'directUploadCreate',
      { corsOrigin: '*', timeoutSeconds: 30 },
      ['input', 'timeoutSeconds'],
    ],
    [
      'a translation target that is a real language',
      'captionsTranslate',
      { trackId: 'any', toLanguageCode: 'auto' },
      ['input', 'toLanguageCode'],
    ],
    ['an edit with something to do', 'captionsEdit', { trackId: 'any' }, ['input', 'replacements']],
    [
      'never-translate terms without markup',
      'captionsTranslate',
      { trackId: 'any', toLanguageCode: 'fr', neverTranslate: ['<b>Mux</b>'] },
      ['input', 'neverTranslate', '0'],
    ],
  ])('wants %s', async (_label, field, input, path) => {
    const calls = upstreamCalls(stack.simulator);
    const payload = await mutate<Record<string, unknown>>(stack, field, '__typename', input);
    expect(payload.userErrors).toContainEqual(expect.objectContaining({ __typename: 'ValidationError', field: path }));
    expect(calls()).toEqual([]);
  });

  it('answers unknown assets and tracks with NotFoundError', async () => {
    const asset = await mutate<{ captionJob: unknown }>(stack, 'premiumCaptionsGenerate', JOB, {
      assetId: 'NoSuchAsset0000000000000000000000',
    });
    expect(asset.userErrors).toEqual([
      expect.objectContaining({ __typename: 'NotFoundError', field: ['input', 'assetId'] }),
    ]);
    const track = await mutate<{ captionJob: unknown }>(stack, 'captionsTranslate', JOB, {
      trackId: 'NoSuchTrack',
      toLanguageCode: 'fr',
    });
    expect(track.userErrors).toEqual([
      expect.objectContaining({ __typename: 'NotFoundError', field: ['input', 'trackId'] }),
    ]);
  });

  it('creates one job for a retried request with the same idempotency key, also after a restart', async () => {
    const input = { assetId, languageCode: 'es', idempotencyKey: 'order-1234' };
    const calls = upstreamCalls(stack.simulator);
    const first = await mutate<{ captionJob: { id: string } }>(stack, 'premiumCaptionsGenerate', JOB, input);
    const second = await mutate<{ captionJob: { id: string } }>(stack, 'premiumCaptionsGenerate', JOB, input);
    await stack.restartGateway();
    const afterRestart = await mutate<{ captionJob: { id: string } }>(stack, 'premiumCaptionsGenerate', JOB, input);
    expect(first.userErrors).toEqual([]);
    expect(second.captionJob.id).toBe(first.captionJob.id);
    expect(afterRestart.captionJob.id).toBe(first.captionJob.id);
    expect(calls().filter((call) => call.method === 'POST' && call.path.startsWith('/robots'))).toHaveLength(1);

    const reused = await mutate<{ captionJob: unknown }>(stack, 'premiumCaptionsGenerate', JOB, {
      ...input,
      languageCode: 'fr',
    });
    expect(reused.userErrors).toEqual([
      expect.objectContaining({ __typename: 'ConflictError', field: ['input', 'idempotencyKey'] }),
    ]);
  });

  it('turns Mux rate limiting and outages into typed errors, and keeps serving', async () => {
    stack.simulator.context.faults.update({ rateLimit: { count: 1, retryAfterSeconds: 30, pathPrefix: '/robots' } });
    const limited = await mutate<{ captionJob: unknown }>(stack, 'premiumCaptionsGenerate', JOB, {
      assetId,
      languageCode: 'de',
      idempotencyKey: 'retry-me',
    });
    expect(limited.userErrors).toEqual([
      expect.objectContaining({ __typename: 'RateLimitedError', retryAfterSeconds: 30 }),
    ]);

    stack.simulator.context.faults.update({ serverError: { count: 1, status: 503, pathPrefix: '/robots' } });
    const down = await mutate<{ captionJob: unknown }>(stack, 'premiumCaptionsGenerate', JOB, {
      assetId,
      languageCode: 'de',
      idempotencyKey: 'retry-me',
    });
    expect(down.userErrors).toEqual([
      expect.objectContaining({ __typename: 'UpstreamError', status: 503, retryable: true }),
    ]);

    const retried = await mutate<{ captionJob: { status: string } }>(stack, 'premiumCaptionsGenerate', JOB, {
      assetId,
      languageCode: 'de',
      idempotencyKey: 'retry-me',
    });
    expect(retried.userErrors).toEqual([]);
    expect(retried.captionJob.status).toBe('PENDING');
    const { body } = await graphql<{ version: string }>(stack.gateway, '{ version }');
    expect(body.data?.version).toBeTruthy();
  });

  it('passes Mux’s own refusal through as an UpstreamError with its messages', async () => {
    const asset = await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/refused.mp4?duration=10' }],
      playback_policies: ['public'],
    });
    await waitFor(async () => (await stack.mux.video.assets.retrieve(asset.id)).status === 'ready');
    await graphql(stack.gateway, 'query($id: String!) { asset(muxId: $id, fresh: true) { muxId } }', { id: asset.id });
    // Mux loses the playback ID after the gateway cached the asset, and no webhook tells it.
    stack.simulator.context.faults.update({ webhooks: { drop: true } });
    try {
      await stack.mux.video.assets.deletePlaybackId(asset.id, asset.playback_ids?.[0]?.id ?? '');
      const payload = await mutate<{ captionJob: unknown }>(stack, 'premiumCaptionsGenerate', JOB, {
        assetId: asset.id,
      });
      expect(payload.captionJob).toBeNull();
      expect(payload.userErrors).toEqual([
        expect.objectContaining({
          __typename: 'UpstreamError',
          status: 422,
          retryable: false,
          message: expect.stringContaining(`Asset ${asset.id} has no playback ID`),
        }),
      ]);
    } finally {
      stack.simulator.context.faults.reset();
    }
  });

  it('lets editors change and delete text tracks, and refuses the primary audio track', async () => {
    const updated = await mutate<{ track: { name: string; closedCaptions: boolean } }>(
      stack,
      'trackUpdate',
      'track { name closedCaptions }',
      { trackId, name: 'English (SDH)', closedCaptions: true },
    );
    expect(updated.userErrors).toEqual([]);
    expect(updated.track).toEqual({ name: 'English (SDH)', closedCaptions: true });
    expect(
      stack.simulator.context.state.assets.get(assetId)?.asset.tracks?.find((track) => track.id === trackId),
    ).toMatchObject({ name: 'English (SDH)', closed_captions: true });

    const audio = stack.simulator.context.state.assets
      .get(assetId)
      ?.asset.tracks?.find((track) => track.type === 'audio' && track.primary);
    const refused = await mutate<{ deletedTrackId: string | null }>(stack, 'trackDelete', 'deletedTrackId', {
      trackId: audio?.id,
    });
    expect(refused.userErrors).toEqual([
      expect.objectContaining({ __typename: 'PreconditionError', reason: 'track_not_deletable' }),
    ]);

    const deleted = await mutate<{ deletedTrackId: string; asset: { captionTracks: unknown[] } }>(
      stack,
      'trackDelete',
      'deletedTrackId asset { captionTracks { muxId } }',
      { trackId },
    );
    expect(deleted.userErrors).toEqual([]);
    expect(deleted.deletedTrackId).toBe(encodeGlobalID('Track', trackId));
    expect(stack.simulator.context.state.assets.get(assetId)?.asset.tracks?.some((track) => track.id === trackId)).toBe(
      false,
    );
    expect(deleted.asset.captionTracks.filter((track) => (track as { muxId: string }).muxId === trackId)).toEqual([]);
  });

  it('refuses mutations to a viewer key, with no call to Mux', async () => {
    const calls = upstreamCalls(stack.simulator);
    const { body } = await graphql(
      stack.gateway,
      `mutation($input: AssetCreateInput!) { assetCreate(input: $input) { asset { muxId } } }`,
      { input: { url: 'https://example.com/a.mp4' } },
      authorization('viewer'),
    );
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', role: 'viewer' });
    expect(calls()).toEqual([]);
  });
});
