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

/**
 * Creates a public asset at "Mux" with auto-generated captions and waits until the gateway has its text track
 * ready; returns both ids.
 */
export async function readyAssetWithCaptions(
  stack: Stack,
  options: { language?: string; durationSeconds?: number; extra?: Record<string, unknown> } = {},
): Promise<{ assetId: string; trackId: string }> {
  const { language = 'en', durationSeconds = 30 } = options;
  const asset = await stack.mux.video.assets.create({
    inputs: [
      {
        url: `https://example.com/talk.mp4?duration=${durationSeconds}&lang=${language}`,
        generated_subtitles: [{ language_code: language as 'en', name: 'Original' }],
      },
    ],
    playback_policies: ['public'],
    ...options.extra,
  });
  const [track] = await readyTextTracksOf(stack, asset.id);
  return { assetId: asset.id, trackId: track?.muxId ?? '' };
}
