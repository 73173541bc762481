import type DataLoader from 'dataloader';
import type { GatewayServices } from '../context.js';
import type { AssetRow, TrackRow } from '../db/assets.js';
import type { TextFormat } from '../mux/stream.js';

/** Mux serves text only for ready text tracks, and `.txt` only for generated_vod ones. */
export async function textTrackUrl(
  services: GatewayServices,
  assets: DataLoader<string, AssetRow>,
  track: TrackRow,
  format: TextFormat,
): Promise<string | null> {
  if (track.type !== 'text' || track.status !== 'ready') return null;
  if (format === 'txt' && track.textSource !== 'generated_vod') return null;
  const asset = await assets.load(track.assetId);
  return (await services.stream.textTrackUrl(asset.playbackIds, track.muxId, format)) ?? null;
}
