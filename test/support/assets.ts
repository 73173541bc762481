import { graphql, type Stack } from './stack.js';
import { waitFor } from './wait.js';

export interface GatewayTextTrack {
  muxId: string;
  status: string;
  languageCode: string | null;
}

/** Waits until the gateway itself sees the asset ready with every text track ready, and returns those tracks. */
export function readyTextTracksOf(stack: Stack, assetId: string, count = 1): Promise<GatewayTextTrack[]> {
  return waitFor(
    async () => {
      const { body } = await graphql<{ asset: { status: string; tracks: GatewayTextTrack[] } | null }>(
        stack.gateway,
        `query($id: String!) { asset(muxId: $id, fresh: true) { status tracks(filter: { type: TEXT }) { muxId status ` +
          `languageCode } } }`,
        { id: assetId },
      );
      const asset = body.data?.asset;
      const tracks = asset?.tracks ?? [];
      return (
        asset?.status === 'READY' &&
        tracks.length >= count &&
        tracks.every((track) => track.status === 'READY') &&
        tracks
      );
    },
    { timeoutMs: 15_000, description: `text tracks of asset ${assetId} to be ready at the gateway` },
  );
}
