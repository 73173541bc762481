import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { readyTextTracksOf } from '../support/assets.js';
import { mutate } from '../support/mutations.js';
import { graphql, type Stack, startStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const JOB = 'captionJob { id kind status errors { type message } } track { muxId }';

interface JobView {
  id: string;
  kind: string;
  status: string;
  errors: { type: string; message: string }[];
}

async function assetWithEnglishCaptions(
  stack: Stack,
): Promise<{ assetId: string; trackId: string; playbackId: string }> {
  const asset = await stack.mux.video.assets.create({
    inputs: [
      {
        url: 'https://example.com/replace.mp4?duration=30',
        generated_subtitles: [{ language_code: 'en', name: 'English CC' }],
      },
    ],
    playback_policies: ['public'],
  });
  const [track] = await readyTextTracksOf(stack, asset.id);
  return { assetId: asset.id, trackId: track?.muxId ?? '', playbackId: asset.playback_ids?.[0]?.id ?? '' };
}

/** Watches the simulator's own state every few milliseconds: how many ready English text tracks the asset has. */
function sampleReadyEnglishTracks(simulator: Simulator, assetId: string): { samples: number[]; stop(): void } {
  const samples: number[] = [];
  const timer = setInterval(() => {
    const tracks = simulator.context.state.assets.get(assetId)?.asset.tracks ?? [];
    samples.push(
      tracks.filter((track) => track.type === 'text' && track.language_code === 'en' && track.status === 'ready')
        .length,
    );
  }, 2);
  return { samples, stop: () => clearInterval(timer) };
}

async function finished(stack: Stack, id: string): Promise<JobView> {
  return waitFor(async () => {
    const { body } = await graphql<{ captionJob: JobView }>(
      stack.gateway,
      `query($id: ID!) { captionJob(id: $id) { id kind status errors { type message } } }`,
      { id },
    );
    const job = body.data?.captionJob;
    return job && job.status !== 'PROCESSING' ? job : undefined;
  });
}

const EDITED = `WEBVTT

00:00:01.000 --> 00:00:04.000
<v Ana>Welcome to the edited captions.

00:00:04.500 --> 00:00:08.000
Every word here was checked by hand.
`;

describe('captionsReplace', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('puts edited captions in place without ever leaving the asset without English captions', async () => {
    const { assetId, trackId, playbackId } = await assetWithEnglishCaptions(stack);
    const sampler = sampleReadyEnglishTracks(stack.simulator, assetId);
    const payload = await mutate<{ captionJob: JobView; track: { muxId: string } }>(stack, 'captionsReplace', JOB, {
      trackId,
      vtt: EDITED,
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.captionJob).toMatchObject({ kind: 'REPLACEMENT', status: 'PROCESSING' });
    const job = await finished(stack, payload.captionJob.id);
    sampler.stop();
    expect(job.status).toBe('COMPLETED');
    expect(sampler.samples.length).toBeGreaterThan(5);
    expect(Math.min(...sampler.samples)).toBeGreaterThanOrEqual(1);

    const tracks = stack.simulator.context.state.assets.get(assetId)?.asset.tracks ?? [];
    expect(tracks.find((track) => track.id === trackId)).toBeUndefined();
    const replacement = tracks.find((track) => track.id === payload.track.muxId);
    expect(replacement).toMatchObject({
      status: 'ready',
      text_source: 'uploaded',
      language_code: 'en',
      name: 'English CC',
    });
    const served = await (
      await fetch(`${stack.simulator.streamUrl}/${playbackId}/text/${payload.track.muxId}.vtt`)
    ).text();
    expect(served).toContain('Every word here was checked by hand.');
  });

  it('takes cues instead of a file', async () => {
    const { assetId, trackId, playbackId } = await assetWithEnglishCaptions(stack);
    const payload = await mutate<{ captionJob: JobView; track: { muxId: string } }>(stack, 'captionsReplace', JOB, {
      trackId,
      cues: [
        { startSeconds: 0.5, endSeconds: 2, text: 'First <edited> line', speaker: 'Host' },
        { startSeconds: 2.5, endSeconds: 4, text: 'Second line' },
      ],
    });
    expect((await finished(stack, payload.captionJob.id)).status).toBe('COMPLETED');
    const served = await (
      await fetch(`${stack.simulator.streamUrl}/${playbackId}/text/${payload.track.muxId}.vtt`)
    ).text();
    expect(served).toContain('Second line');
    expect(stack.simulator.context.state.assets.get(assetId)?.asset.tracks?.some((track) => track.id === trackId)).toBe(
      false,
    );
  });

  it('waits out a passing Mux outage while the new track is prepared', async () => {
    const { assetId, trackId } = await assetWithEnglishCaptions(stack);
    const payload = await mutate<{ captionJob: JobView; track: { muxId: string } }>(stack, 'captionsReplace', JOB, {
      trackId,
      vtt: EDITED,
    });
    // The gateway's next reads of this asset (each retried once by the SDK) fail twice over.
    stack.simulator.context.faults.update({
      serverError: { count: 4, status: 503, pathPrefix: `/video/v1/assets/${assetId}` },
    });
    const job = await finished(stack, payload.captionJob.id);
    expect(job.status).toBe('COMPLETED');
    expect(stack.simulator.context.faults.settings.serverError.count).toBe(0);
    const tracks = stack.simulator.context.state.assets.get(assetId)?.asset.tracks ?? [];
    expect(tracks.find((track) => track.id === payload.track.muxId)?.status).toBe('ready');
    expect(tracks.some((track) => track.id === trackId)).toBe(false);
  });

  it('serves the edited file to Mux only while the replacement runs', async () => {
    const { trackId } = await assetWithEnglishCaptions(stack);
    const payload = await mutate<{ captionJob: JobView }>(stack, 'captionsReplace', JOB, { trackId, vtt: EDITED });
    await finished(stack, payload.captionJob.id);
    // The file is taken down right after the job ends, as work that follows the commit.
    await waitFor(async () => (await stack.gateway.services.store.captionFiles.count()) === 0, {
      description: 'the edited file to be taken down',
    });
    expect(await stack.gateway.services.store.captionFiles.count()).toBe(0);
  });

  it('refuses what is not WebVTT before calling Mux', async () => {
    const { trackId } = await assetWithEnglishCaptions(stack);
    const payload = await mutate<{ captionJob: JobView | null }>(stack, 'captionsReplace', JOB, {
      trackId,
      vtt: 'just some words',
    });
    expect(payload.captionJob).toBeNull();
    expect(payload.userErrors).toEqual([
      expect.objectContaining({ __typename: 'ValidationError', field: ['input', 'vtt'] }),
    ]);
  });
});

describe('captionsReplace when Mux cannot use the new file', () => {
  let stack: Stack;

  beforeAll(async () => {
    // Mux is told to fetch the edited file from an address where nothing answers, so the new track errors.
    stack = await startStack({ publicBaseUrl: 'http://127.0.0.1:9' });
  });
  afterAll(() => stack.close());

  it('keeps the old track and says why', async () => {
    const { assetId, trackId } = await assetWithEnglishCaptions(stack);
    const sampler = sampleReadyEnglishTracks(stack.simulator, assetId);
    const payload = await mutate<{ captionJob: JobView }>(stack, 'captionsReplace', JOB, { trackId, vtt: EDITED });
    const job = await finished(stack, payload.captionJob.id);
    sampler.stop();
    expect(job).toMatchObject({
      status: 'ERRORED',
      errors: [{ type: 'replacement_failed', message: expect.stringContaining('original track was kept') }],
    });
    expect(Math.min(...sampler.samples)).toBe(1);
    const tracks = stack.simulator.context.state.assets.get(assetId)?.asset.tracks ?? [];
    expect(tracks.find((track) => track.id === trackId)?.status).toBe('ready');
    expect(tracks.filter((track) => track.type === 'text')).toHaveLength(1);
  });
});
