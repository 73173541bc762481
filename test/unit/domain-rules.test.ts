import type { Asset } from '@mux/mux-node/resources/video/assets';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaptionJobRow } from '../../src/db/store.js';
import { newJob } from '../../src/domain/model.js';
import type { News } from '../../src/domain/news.js';
import type { CaptionRobotsJob } from '../../src/mux/robots.js';
import { type CoreUnderTest, generatedTrack, muxAsset, startCore, textTrack } from '../support/fake-mux.js';

const webhook = (asset: Asset, deleted = false): News => ({ about: 'asset', asset, from: { webhook: true, deleted } });
const read = (asset: Asset, askedAt = Date.now()): News => ({ about: 'asset', asset, from: { askedAt } });
const trackNews = (assetId: string, track: ReturnType<typeof textTrack>, deleted = false): News => ({
  about: 'track',
  assetId,
  track,
  deleted,
});

function premiumJob(id: string, status: CaptionRobotsJob['status'], trackId?: string): CaptionRobotsJob {
  return {
    id,
    workflow: 'generate-premium-captions',
    status,
    units_consumed: 1,
    created_at: 1_700_000_000,
    updated_at: 1_700_000_100,
    parameters: { asset_id: 'asset-1', language_code: 'en' },
    ...(trackId ? { outputs: { language_code: 'en', track_id: trackId } } : {}),
  };
}

describe('the state rules of the commit path', () => {
  let under: CoreUnderTest;
  const asset = async (id = 'asset-1') => (await under.store.assets.byIds([id])).get(id);
  const tracks = async (id = 'asset-1') => (await under.store.tracks.byAssetIds([id])).get(id) ?? [];
  const jobs = async (id = 'asset-1') => (await under.store.captionJobs.byAssetIds([id])).get(id) ?? [];
  const job = async (id: string) => (await under.store.captionJobs.byIds([id])).get(id);

  beforeEach(() => {
    under = startCore();
  });
  afterEach(() => under.close());

  it('never moves an asset back: a late preparing after ready is ignored', async () => {
    await under.core.commit([webhook(muxAsset('asset-1', 'ready'))]);
    await under.core.commit([webhook(muxAsset('asset-1', 'preparing'))]);
    expect((await asset())?.status).toBe('ready');
  });

  it('never moves a track back: a late created after ready is ignored', async () => {
    await under.core.commit([webhook(muxAsset('asset-1', 'ready', [textTrack('t1', 'preparing')]))]);
    await under.core.commit([trackNews('asset-1', textTrack('t1', 'ready'))]);
    await under.core.commit([trackNews('asset-1', textTrack('t1', 'preparing'))]);
    expect((await tracks()).map((track) => track.status)).toEqual(['ready']);
  });

  it('keeps the first final status of a job', async () => {
    await under.core.commit([{ about: 'robotsJob', job: premiumJob('rj-1', 'errored'), waitsForTrack: false }]);
    await under.core.commit([{ about: 'robotsJob', job: premiumJob('rj-1', 'processing'), waitsForTrack: false }]);
    await under.core.commit([{ about: 'jobChanged', jobId: 'robots_rj-1', change: { status: 'cancelled' } }]);
    expect((await job('robots_rj-1'))?.status).toBe('errored');
  });

  it('does not bring back a track whose deletion was stored, when its older events arrive late', async () => {
    await under.core.commit([webhook(muxAsset('asset-1', 'ready'))]);
    const deletion = { id: 'evt-deleted', type: 'video.asset.track.deleted', objectType: 'track', objectId: 't-gone' };
    await under.core.commit([trackNews('asset-1', textTrack('t-gone', 'ready'), true)], {
      event: { ...deletion, createdAt: new Date().toISOString(), payload: {} },
    });
    await under.core.commit([trackNews('asset-1', textTrack('t-gone', 'ready'))]);
    await under.core.commit([webhook(muxAsset('asset-1', 'ready', [textTrack('t-gone', 'ready')]))]);
    expect(await tracks()).toEqual([]);
  });

  it('keeps tracks a webhook’s older copy of the asset leaves out', async () => {
    await under.core.commit([read(muxAsset('asset-1', 'ready', [textTrack('t1', 'ready'), textTrack('t2', 'ready')]))]);
    await under.core.commit([webhook(muxAsset('asset-1', 'ready', [textTrack('t1', 'ready')]))]);
    expect((await tracks()).map((track) => track.muxId)).toEqual(['t1', 't2']);
  });

  it('drops tracks Mux’s answer leaves out, unless the gateway wrote them after asking', async () => {
    const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
    await under.core.commit([read(muxAsset('asset-1', 'ready', [textTrack('t-old', 'ready')]))]);
    await pause();
    // Mux is asked now; before its answer arrives, a mutation makes a track the answer cannot know of.
    const askedAt = Date.now();
    await pause();
    await under.core.commit([
      { about: 'tracksCreated', assetId: 'asset-1', tracks: [textTrack('t-new', 'preparing')] },
    ]);
    await under.core.commit([read(muxAsset('asset-1', 'ready', []), askedAt)]);
    expect((await tracks()).map((track) => track.muxId)).toEqual(['t-new']);
  });

  it('keeps a deletion against a webhook, and undoes it only for a read asked after it', async () => {
    await under.core.commit([read(muxAsset('asset-1', 'ready'))]);
    await under.core.commit([{ about: 'assetGone', assetId: 'asset-1' }]);
    await under.core.commit([webhook(muxAsset('asset-1', 'ready'))]);
    expect((await asset())?.deleted).toBe(true);
    await under.core.commit([read(muxAsset('asset-1', 'ready'), Date.now() + 1)]);
    expect((await asset())?.deleted).toBe(false);
  });

  it('ends the work of a deleted asset, except Robots jobs, which Mux ends itself', async () => {
    await under.core.commit([webhook(muxAsset('asset-1', 'ready', [generatedTrack('g1', 'preparing')]))]);
    await under.core.commit([{ about: 'robotsJob', job: premiumJob('rj-1', 'processing'), waitsForTrack: false }]);
    await under.core.commit([{ about: 'assetGone', assetId: 'asset-1' }]);
    const byKind = Object.fromEntries((await jobs()).map((row) => [row.kind, row]));
    expect(byKind.auto_generated).toMatchObject({ status: 'errored', errors: [{ type: 'asset_deleted' }] });
    expect(byKind.premium?.status).toBe('processing');
  });

  it('cancels the job of a generated track that is deleted before it is ready', async () => {
    await under.core.commit([webhook(muxAsset('asset-1', 'ready', [generatedTrack('g1', 'preparing')]))]);
    await under.core.commit([trackNews('asset-1', generatedTrack('g1', 'deleted'), true)]);
    expect(await job('generated_g1')).toMatchObject({ status: 'cancelled', errors: [{ type: 'track_deleted' }] });
  });

  it('errors the work still waiting for a track on an asset Mux could not process', async () => {
    const waiting = newJob({ kind: 'auto_generated', status: 'pending', assetId: 'asset-1', languageCode: 'en' });
    await under.core.commit([{ about: 'jobRequested', job: waiting }, webhook(muxAsset('asset-1', 'preparing'))]);
    await under.core.commit([webhook(muxAsset('asset-1', 'errored'))]);
    expect(await job(waiting.id)).toMatchObject({ status: 'errored', errors: [{ type: 'asset_errored' }] });
  });

  it('lets a job asked for before its track claim the generated track in its language', async () => {
    const waiting = newJob({ kind: 'auto_generated', status: 'pending', assetId: 'asset-1', languageCode: 'es' });
    await under.core.commit([{ about: 'jobRequested', job: waiting }]);
    await under.core.commit([
      webhook(
        muxAsset('asset-1', 'ready', [
          generatedTrack('g-en', 'preparing', 'en'),
          generatedTrack('g-es', 'ready', 'es'),
        ]),
      ),
    ]);
    expect(await job(waiting.id)).toMatchObject({ trackId: 'g-es', status: 'completed' });
    expect(await job('generated_g-en')).toMatchObject({ kind: 'auto_generated', status: 'processing' });
  });

  it('gives upload work its asset, and ends it with an upload that fails', async () => {
    const onUpload = (uploadId: string): CaptionJobRow =>
      newJob({ kind: 'auto_generated', status: 'pending', uploadId, languageCode: 'en' });
    const arrived = onUpload('up-1');
    const cancelled = onUpload('up-2');
    const upload = (id: string, status: 'asset_created' | 'cancelled', assetId?: string) =>
      ({ id, status, timeout: 3600, cors_origin: '*', ...(assetId ? { asset_id: assetId } : {}) }) as never;
    await under.core.commit([
      { about: 'jobRequested', job: arrived },
      { about: 'jobRequested', job: cancelled },
      { about: 'upload', upload: upload('up-1', 'asset_created', 'asset-up') },
      { about: 'upload', upload: upload('up-2', 'cancelled') },
    ]);
    expect((await job(arrived.id))?.assetId).toBe('asset-up');
    expect(await job(cancelled.id)).toMatchObject({ status: 'cancelled', errors: [{ type: 'upload_cancelled' }] });
  });

  it('holds back a completed Robots job from a webhook until its track is ready, then tells both at once', async () => {
    await under.core.commit([webhook(muxAsset('asset-1', 'ready'))]);
    const completed = premiumJob('rj-2', 'completed', 't-premium');
    const waiting = await under.core.commit([{ about: 'robotsJob', job: completed, waitsForTrack: true }]);
    expect(waiting.needs.assetIds).toEqual(['asset-1']);
    expect(await job('robots_rj-2')).toBeUndefined();

    under.mux.assets.set('asset-1', muxAsset('asset-1', 'ready', [textTrack('t-premium', 'ready')]));
    under.mux.jobs.set('rj-2', completed);
    const { committed } = await under.core.refresh({ uploadIds: [], jobs: [], assetIds: ['asset-1'] }, [
      { about: 'robotsJob', job: completed, waitsForTrack: true },
    ]);
    expect(committed.needs.assetIds).toEqual([]);
    expect(committed.changes.jobs.map((row) => row.status)).toEqual(['completed']);
    expect(committed.changes.tracks.map((row) => `${row.muxId}:${row.status}`)).toEqual(['t-premium:ready']);
  });
});
