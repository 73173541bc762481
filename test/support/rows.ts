import type { AssetRow, CaptionJobRow, TrackRow } from '../../src/db/store.js';
import type { Stack } from './stack.js';

/** What the gateway has stored, read through its own store, as tests check it after driving it over HTTP. */
export function storedRows(stack: Stack) {
  const store = () => stack.gateway.services.store;
  return {
    asset: async (id: string) => (await store().assets.byIds([id])).get(id),
    tracks: async (assetId: string) => (await store().tracks.byAssetIds([assetId])).get(assetId) ?? [],
    jobs: async (assetId: string) => (await store().captionJobs.byAssetIds([assetId])).get(assetId) ?? [],
    jobOfTrack: async (assetId: string, trackId: string) =>
      ((await store().captionJobs.byAssetIds([assetId])).get(assetId) ?? []).find((job) => job.trackId === trackId),
    jobByMuxJobId: (muxJobId: string) => store().captionJobs.byMuxJobId(muxJobId),
  };
}

/** A ready asset as the store keeps it. */
export const storedAsset = (muxId: string, deleted = false): AssetRow => ({
  muxId,
  status: 'ready',
  durationSeconds: null,
  createdAt: 1,
  title: null,
  passthrough: null,
  playbackIds: [{ id: `${muxId}-playback`, policy: 'public' }],
  uploadId: null,
  errors: null,
  deleted,
  settled: true,
  fetchedAt: Date.now(),
});

/** A ready uploaded text track as the store keeps it. */
export const storedTrack = (muxId: string, assetId: string, languageCode = 'en'): TrackRow => ({
  muxId,
  assetId,
  type: 'text',
  textType: 'subtitles',
  textSource: 'uploaded',
  languageCode,
  name: null,
  closedCaptions: null,
  status: 'ready',
  primary: false,
  errors: null,
  position: 0,
  writtenAt: 0,
});

/** Caption work under way on an asset. */
export const captionJob = (id: string, assetId: string): CaptionJobRow => ({
  id,
  kind: 'generated',
  status: 'processing',
  assetId,
  uploadId: null,
  trackId: null,
  languageCode: 'en',
  muxJobId: null,
  muxWorkflow: null,
  requestedAt: Date.now(),
  startedAt: null,
  finishedAt: null,
  unitsConsumed: null,
  errors: null,
  sourceTrackId: null,
  replacedTrackId: null,
  parameters: null,
  outputs: null,
  fetchedAt: Date.now(),
});
