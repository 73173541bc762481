import type { Asset, Track } from '@mux/mux-node/resources/video/assets';
import type { Upload } from '@mux/mux-node/resources/video/uploads';
import type { SimContext } from '../context.js';

export type AssetEventType =
  | 'video.asset.created'
  | 'video.asset.ready'
  | 'video.asset.errored'
  | 'video.asset.updated'
  | 'video.asset.deleted';

export type TrackEventType =
  | 'video.asset.track.created'
  | 'video.asset.track.ready'
  | 'video.asset.track.errored'
  | 'video.asset.track.deleted';

export type UploadEventType =
  | 'video.upload.created'
  | 'video.upload.asset_created'
  | 'video.upload.cancelled'
  | 'video.upload.errored';

/** Mux's `{type, messages}` error, as carried by errored assets and errored-track webhooks. */
export interface MuxErrorDetail {
  type: string;
  messages: string[];
}

/** `WebhookAsset` differs from the REST Asset in one field: `created_at` is an integer, not a string. */
function webhookAsset(asset: Asset): Omit<Asset, 'created_at'> & { created_at: number } {
  return { ...asset, created_at: Number(asset.created_at) };
}

/**
 * The dispatcher may serialise an event long after it is emitted (retries, delays), while the simulator keeps
 * changing its objects, so every event carries a snapshot of the moment it describes.
 */
function emit(context: SimContext, type: string, object: { type: string; id: string }, data: unknown): void {
  context.webhooks.emit(type, object, structuredClone(data));
}

export function emitAssetEvent(context: SimContext, type: AssetEventType, asset: Asset): void {
  emit(context, type, { type: 'asset', id: asset.id }, webhookAsset(asset));
}

/** Track events carry the track (`WebhookAssetTrack`, with `asset_id`), not the asset; `object.type` is `track`. */
export function emitTrackEvent(
  context: SimContext,
  type: TrackEventType,
  assetId: string,
  track: Track,
  error?: MuxErrorDetail,
): void {
  emit(
    context,
    type,
    { type: 'track', id: track.id ?? '' },
    { ...track, asset_id: assetId, ...(error ? { error } : {}) },
  );
}

export function emitUploadEvent(context: SimContext, type: UploadEventType, upload: Upload): void {
  emit(context, type, { type: 'upload', id: upload.id }, upload);
}
