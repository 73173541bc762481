import { afterEach, describe, expect, it } from 'vitest';
import { type CoreUnderTest, startCore } from '../support/fake-mux.js';
import { newTrackBecomes, replacementUnderWay } from '../support/replacements.js';

const FAST = { readyTimeoutMs: 60_000, retryDelaysMs: [1, 1, 1], leaseMs: 30_000 };

describe('the replacement rule of captionsReplace', () => {
  let under: CoreUnderTest;
  const job = async (id: string) => (await under.store.captionJobs.byIds([id])).get(id);
  const storedTracks = async () =>
    ((await under.store.tracks.byAssetIds(['asset-1'])).get('asset-1') ?? []).map(
      (track) => `${track.muxId}:${track.name}`,
    );
  const tracksAtMux = () => (under.mux.assets.get('asset-1')?.tracks ?? []).map((track) => `${track.id}:${track.name}`);

  afterEach(() => under.close());

  it('does nothing while the new track prepares', async () => {
    under = startCore({ replacementSettings: FAST });
    const jobId = await replacementUnderWay(under);
    await under.background.idle();
    expect(under.mux.callsOf('deleteTrack')).toEqual([]);
    expect((await job(jobId))?.status).toBe('processing');
  });

  it('retires the old track once the new one is ready, hands its name over and takes the file down', async () => {
    under = startCore({ replacementSettings: FAST });
    const jobId = await replacementUnderWay(under);
    await newTrackBecomes(under, 'ready');
    expect(under.mux.callsOf('deleteTrack')).toEqual([['asset-1', 'old']]);
    expect(tracksAtMux()).toEqual(['new:English CC']);
    expect(await storedTracks()).toEqual(['new:English CC']);
    expect(await job(jobId)).toMatchObject({ status: 'completed', replacedTrackId: 'old' });
    expect(await under.store.captionFiles.byId('file-1')).toBeUndefined();
  });

  it('rides out Mux failing for a while when it retires the old track', async () => {
    under = startCore({ replacementSettings: FAST });
    const jobId = await replacementUnderWay(under);
    under.mux.failNext('deleteTrack', { kind: 'unavailable', status: 503, messages: [] }, 2);
    await newTrackBecomes(under, 'ready');
    expect(under.mux.callsOf('deleteTrack')).toHaveLength(3);
    expect((await job(jobId))?.status).toBe('completed');
  });

  it('keeps both tracks and says so when Mux refuses to delete the old one', async () => {
    under = startCore({ replacementSettings: FAST });
    const jobId = await replacementUnderWay(under);
    under.mux.failNext('deleteTrack', { kind: 'rejected', status: 400, type: 'invalid_parameters', messages: ['no'] });
    await newTrackBecomes(under, 'ready');
    expect(await job(jobId)).toMatchObject({
      status: 'errored',
      errors: [{ type: 'replacement_failed', message: expect.stringContaining('the asset has both') }],
    });
    expect(tracksAtMux()).toEqual(['old:English CC', 'new:English CC (replacement)']);
  });

  it('deletes a new track that errored and keeps the old one', async () => {
    under = startCore({ replacementSettings: FAST });
    const jobId = await replacementUnderWay(under);
    await newTrackBecomes(under, 'errored');
    expect(under.mux.callsOf('deleteTrack')).toEqual([['asset-1', 'new']]);
    expect(await storedTracks()).toEqual(['old:English CC']);
    expect(await job(jobId)).toMatchObject({
      status: 'errored',
      errors: [{ type: 'replacement_failed', message: expect.stringContaining('original track was kept') }],
    });
  });

  it('gives up on a new track that is not ready in time, when a poll brings news of the asset', async () => {
    under = startCore({ replacementSettings: { ...FAST, readyTimeoutMs: 1_000 } });
    const jobId = await replacementUnderWay(under, Date.now() - 5_000);
    await under.core.refresh({ uploadIds: [], jobs: [], assetIds: ['asset-1'] });
    await under.background.idle();
    expect(await job(jobId)).toMatchObject({
      status: 'errored',
      errors: [{ message: expect.stringContaining('did not become ready in time') }],
    });
    expect(tracksAtMux()).toEqual(['old:English CC']);
  });

  it('finishes a replacement left from before a restart from what is stored', async () => {
    under = startCore({ replacementSettings: FAST });
    const jobId = await replacementUnderWay(under);
    const track = under.mux.assets.get('asset-1')?.tracks?.find((candidate) => candidate.id === 'new');
    if (track) track.status = 'ready';
    // The news arrives while nothing follows the commit path, as when the gateway stopped right after it.
    await under.store.transaction((tx) =>
      tx.tracks.replaceOfAsset('asset-1', [
        { ...textTrackRow('old'), name: 'English CC' },
        { ...textTrackRow('new'), name: 'English CC (replacement)', position: 1 },
      ]),
    );
    under.replacements.resume();
    await under.background.idle();
    expect((await job(jobId))?.status).toBe('completed');
    expect(tracksAtMux()).toEqual(['new:English CC']);
  });
});

function textTrackRow(muxId: string) {
  return {
    muxId,
    assetId: 'asset-1',
    type: 'text' as const,
    textType: 'subtitles',
    textSource: 'uploaded',
    languageCode: 'en',
    name: null,
    closedCaptions: null,
    status: 'ready' as const,
    primary: false,
    errors: null,
    position: 0,
    writtenAt: Date.now(),
  };
}
