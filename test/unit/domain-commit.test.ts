import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaptionJobRow, TrackRow } from '../../src/db/store.js';
import { type CoreUnderTest, generatedTrack, muxAsset, startCore } from '../support/fake-mux.js';
import { waitFor } from '../support/wait.js';

const VTT = 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHello from the fake stream host.\n';

/** Everything published on a topic from now on. */
function collect<T>(listen: (listener: (item: T) => void) => () => void): { items: T[]; stop(): void } {
  const items: T[] = [];
  return { items, stop: listen((item) => items.push(item)) };
}

/** A webhook payload as Mux signs and sends it. */
function trackEvent(id: string, assetId: string, trackId: string) {
  return {
    id,
    type: 'video.asset.track.ready',
    created_at: new Date().toISOString(),
    object: { type: 'track', id: trackId },
    data: { ...generatedTrack(trackId, 'ready'), asset_id: assetId },
  };
}

describe('the commit path', () => {
  let under: CoreUnderTest;

  beforeEach(() => {
    under = startCore();
  });
  afterEach(() => under.close());

  it('publishes each change once, and nothing for news that changes nothing', async () => {
    const jobs = collect<CaptionJobRow>((listener) => under.broadcast.listen('allCaptionJobs', '', listener));
    const tracks = collect<TrackRow>((listener) => under.broadcast.listen('assetTracks', 'asset-1', listener));
    const snapshot = muxAsset('asset-1', 'ready', [generatedTrack('g1', 'preparing')]);
    const first = await under.core.commit([{ about: 'asset', asset: snapshot, from: { askedAt: Date.now() } }]);
    const again = await under.core.commit([{ about: 'asset', asset: snapshot, from: { askedAt: Date.now() } }]);
    await waitFor(() => jobs.items.length > 0 && tracks.items.length > 0);
    jobs.stop();
    tracks.stop();
    expect(first.changes.jobs.map((job) => job.id)).toEqual(['generated_g1']);
    expect(again.changes).toEqual({ assets: [], tracks: [], jobs: [], uploads: [] });
    expect(jobs.items.map((job) => `${job.id}:${job.status}`)).toEqual(['generated_g1:processing']);
    expect(tracks.items.map((track) => `${track.muxId}:${track.status}`)).toEqual(['g1:preparing']);
  });

  it('captures a transcript exactly once when a text track becomes ready, however often the news comes', async () => {
    under.mux.texts.set('g1', VTT);
    const ready = muxAsset('asset-1', 'ready', [generatedTrack('g1', 'ready')]);
    for (let i = 0; i < 3; i += 1) {
      await under.core.commit([{ about: 'asset', asset: ready, from: { webhook: true, deleted: false } }]);
    }
    await under.background.idle();
    expect(under.mux.callsOf('textTrackUrl')).toEqual([['g1', 'vtt']]);
    const cues = await under.store.transcripts.cues('g1');
    expect(cues.map((cue) => cue.text)).toEqual(['Hello from the fake stream host.']);
  });

  it('stores a webhook event once, applies it in the same transaction, and knows a redelivery', async () => {
    await under.core.commit([{ about: 'asset', asset: muxAsset('asset-1', 'ready'), from: { askedAt: Date.now() } }]);
    const event = trackEvent('evt-1', 'asset-1', 'g1');
    const first = await under.core.ingest(event);
    const second = await under.core.ingest(event);
    expect(first).toMatchObject({ duplicate: false, needs: { assetIds: [] } });
    expect(second.duplicate).toBe(true);
    expect(await under.store.events.unapplied()).toEqual([]);
    expect((await under.store.captionJobs.byIds(['generated_g1'])).get('generated_g1')?.status).toBe('completed');
  });

  it('finishes an event about an unknown asset once Mux is asked, and only then marks it applied', async () => {
    const event = trackEvent('evt-2', 'asset-2', 'g2');
    const ingested = await under.core.ingest(event);
    expect(ingested.needs.assetIds).toEqual(['asset-2']);
    const [pending] = await under.store.events.unapplied();
    expect(pending?.id).toBe('evt-2');

    under.mux.failNext('retrieveAsset', { kind: 'unavailable', status: 503, messages: [] });
    const failures = await under.core.completeEvent(pending ?? { id: '', type: '', payload: {} });
    expect(failures.map((failure) => failure.failure.kind)).toEqual(['unavailable']);
    expect((await under.store.events.unapplied()).map((unapplied) => unapplied.id)).toEqual(['evt-2']);

    under.mux.assets.set('asset-2', muxAsset('asset-2', 'ready', [generatedTrack('g2', 'ready')]));
    expect(await under.core.completeEvent(pending ?? { id: '', type: '', payload: {} })).toEqual([]);
    expect(await under.store.events.unapplied()).toEqual([]);
    expect((await under.store.tracks.byIds(['g2'])).get('g2')?.status).toBe('ready');
  });
});
