import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from '../support/mutations.js';
import { graphql, type Stack, startStack } from '../support/stack.js';
import { upstreamCalls } from '../support/upstream.js';
import { waitFor } from '../support/wait.js';

const JOBS = 'captionJobs { id kind status languageCode track { muxId status } }';

interface JobView {
  id: string;
  kind: string;
  status: string;
  languageCode: string | null;
  track: { muxId: string; status: string } | null;
}

async function jobsOfAsset(stack: Stack, assetId: string): Promise<JobView[]> {
  const { body } = await graphql<{ asset: { captionJobs: JobView[] } }>(
    stack.gateway,
    `query($id: String!) { asset(muxId: $id, fresh: true) { ${JOBS} } }`,
    { id: assetId },
  );
  return body.data?.asset.captionJobs ?? [];
}

describe('assetCreate, directUploadCreate and captionsGenerate', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('assetCreate makes the asset with generated captions, a job per language, warning of beta ones', async () => {
    const payload = await mutate<{ asset: { muxId: string; status: string; title: string }; captionJobs: JobView[] }>(
      stack,
      'assetCreate',
      `asset { muxId status title } ${JOBS}`,
      {
        url: 'https://example.com/launch.mp4?duration=60',
        playbackPolicies: ['PUBLIC'],
        videoQuality: 'BASIC',
        title: 'Launch keynote',
        passthrough: 'cms-42',
        generatedSubtitles: [
          { languageCode: 'en', name: 'English CC' },
          { languageCode: 'pl', name: 'Polski' },
        ],
      },
    );
    expect(payload.userErrors).toEqual([]);
    expect(payload.asset).toMatchObject({ status: 'PREPARING', title: 'Launch keynote' });
    expect(payload.captionJobs.map((job) => [job.kind, job.status, job.languageCode])).toEqual([
      ['AUTO_GENERATED', 'PENDING', 'en'],
      ['AUTO_GENERATED', 'PENDING', 'pl'],
    ]);
    expect(payload.warnings).toEqual([
      {
        code: 'BETA_LANGUAGE',
        message: expect.stringContaining('Polish'),
        field: ['input', 'generatedSubtitles', '1', 'languageCode'],
      },
    ]);

    const atMux = stack.simulator.context.state.assets.get(payload.asset.muxId)?.asset;
    expect(atMux).toMatchObject({ passthrough: 'cms-42', video_quality: 'basic', meta: { title: 'Launch keynote' } });

    const finished = await waitFor(async () => {
      const jobs = await jobsOfAsset(stack, payload.asset.muxId);
      return jobs.length === 2 && jobs.every((job) => job.status === 'COMPLETED') ? jobs : undefined;
    });
    expect(new Set(finished.map((job) => job.id))).toEqual(new Set(payload.captionJobs.map((job) => job.id)));
    expect(finished.every((job) => job.track?.status === 'READY')).toBe(true);
  });

  it('directUploadCreate returns URL and CORS origin; the PUT file becomes an asset, its jobs complete', async () => {
    const payload = await mutate<{
      upload: {
        muxId: string;
        url: string;
        corsOrigin: string;
        status: string;
        settings: { generatedSubtitles: { languageCode: string }[] };
      };
      captionJobs: JobView[];
    }>(
      stack,
      'directUploadCreate',
      `upload { muxId url corsOrigin status settings { generatedSubtitles { languageCode } } } ${JOBS}`,
      { corsOrigin: 'https://app.example.com', generatedSubtitles: [{ languageCode: 'en', name: 'English CC' }] },
    );
    expect(payload.userErrors).toEqual([]);
    expect(payload.upload).toMatchObject({
      status: 'WAITING',
      corsOrigin: 'https://app.example.com',
      settings: { generatedSubtitles: [{ languageCode: 'en' }] },
    });
    expect(payload.captionJobs).toEqual([
      expect.objectContaining({ kind: 'AUTO_GENERATED', status: 'PENDING', track: null }),
    ]);
    const atMux = stack.simulator.context.state.uploads.get(payload.upload.muxId)?.upload;
    expect(atMux?.new_asset_settings?.inputs?.[0]?.generated_subtitles).toEqual([
      { language_code: 'en', name: 'English CC' },
    ]);

    const put = await fetch(`${payload.upload.url}&duration=30`, { method: 'PUT', body: new Uint8Array(2048).fill(7) });
    expect(put.ok).toBe(true);
    const jobId = payload.captionJobs[0]?.id;
    const job = await waitFor(async () => {
      const { body } = await graphql<{
        captionJob: { status: string; asset: { muxId: string } | null; upload: { muxId: string } };
      }>(
        stack.gateway,
        `query($id: ID!) { captionJob(id: $id, fresh: true) { status asset { muxId } upload { muxId } } }`,
        { id: jobId },
      );
      return body.data?.captionJob.status === 'COMPLETED' ? body.data.captionJob : undefined;
    });
    expect(job.upload.muxId).toBe(payload.upload.muxId);
    expect(job.asset?.muxId).toBe(stack.simulator.context.state.uploads.get(payload.upload.muxId)?.upload.asset_id);
  });

  it('captionsGenerate adds captions to an existing asset from its primary audio track', async () => {
    const asset = await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/plain.mp4?duration=40' }],
      playback_policies: ['public'],
    });
    await waitFor(async () => (await stack.mux.video.assets.retrieve(asset.id)).status === 'ready');
    const payload = await mutate<{ captionJobs: JobView[] }>(stack, 'captionsGenerate', JOBS, {
      assetId: asset.id,
      languages: [{ languageCode: 'en', name: 'English (generated)' }],
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.captionJobs).toEqual([
      expect.objectContaining({ kind: 'GENERATED', status: 'PROCESSING', languageCode: 'en' }),
    ]);
    const trackId = payload.captionJobs[0]?.track?.muxId;
    const atMux = stack.simulator.context.state.assets
      .get(asset.id)
      ?.asset.tracks?.find((track) => track.id === trackId);
    expect(atMux).toMatchObject({ type: 'text', text_source: 'generated_vod', language_code: 'en' });
    await waitFor(async () => (await jobsOfAsset(stack, asset.id)).every((job) => job.status === 'COMPLETED'));

    const calls = upstreamCalls(stack.simulator);
    const again = await mutate<{ captionJobs: JobView[] }>(stack, 'captionsGenerate', JOBS, {
      assetId: asset.id,
      languages: [{ languageCode: 'en' }],
    });
    expect(again.userErrors).toEqual([
      expect.objectContaining({
        __typename: 'ConflictError',
        field: ['input', 'languages', '0', 'languageCode'],
        track: { muxId: trackId },
      }),
    ]);
    expect(calls().filter((call) => call.method === 'POST')).toEqual([]);
  });

  it('captionsGenerate refuses an asset older than Mux’s 7-day window, without calling Mux', async () => {
    const clock = stack.simulator.context.clock;
    clock.advance(-8 * 86_400_000);
    const old = await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/archive.mp4?duration=20' }],
      playback_policies: ['public'],
    });
    clock.advance(8 * 86_400_000);
    await waitFor(async () => (await stack.mux.video.assets.retrieve(old.id)).status === 'ready');
    const calls = upstreamCalls(stack.simulator);
    const payload = await mutate<{ captionJobs: JobView[] }>(stack, 'captionsGenerate', JOBS, {
      assetId: old.id,
      languages: [{ languageCode: 'en' }],
    });
    expect(payload.captionJobs).toEqual([]);
    expect(payload.userErrors).toEqual([
      expect.objectContaining({
        __typename: 'PreconditionError',
        reason: 'asset_too_old',
        field: ['input', 'assetId'],
        message: expect.stringContaining('up to 7 days old'),
      }),
    ]);
    expect(calls().filter((call) => call.method === 'POST')).toEqual([]);
  });
});
