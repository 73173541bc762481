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
