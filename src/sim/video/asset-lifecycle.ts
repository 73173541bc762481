/**
 * An asset from creation to `ready` or `errored`, with Mux's timing in simulated seconds: ingest takes a few
 * seconds plus a fraction of the duration, while `progress` moves through `ingesting` and `transcoding`.
 * Side-loaded text/audio inputs and generated captions are attached once the main input is ready.
 */
import type { Asset, AssetGeneratedSubtitleSettings, InputSettings, Track } from '@mux/mux-node/resources/video/assets';
import type { SimContext } from '../context.js';
import { muxId } from '../ids.js';
import type { AssetRecord } from '../state.js';
import { assetInputs, newPlaybackId, type PlaybackIdRequest, qualityOf } from './asset-settings.js';
import { emitAssetEvent, type MuxErrorDetail } from './events.js';
import { addGeneratedCaptions } from './generated-captions.js';
import { languageName } from './languages.js';
import type { MediaProfile, VideoProfile } from './media-profile.js';
import type { AssetOptionsBody } from './schemas.js';
import { ingestTextTrack } from './text-track-ingest.js';

const INGEST_BASE_SECONDS = 5;
const INGEST_SECONDS_PER_MEDIA_SECOND = 0.04;
/** When a URL that cannot be fetched is given up on. */
const DOWNLOAD_FAILURE_SECONDS = 3;
/** (fraction of ingest time, `transcoding` progress percentage) */
const PROGRESS_STEPS: readonly (readonly [number, number])[] = [
  [0.2, 10],
  [0.4, 35],
  [0.6, 60],
  [0.8, 85],
];
/** DOCS: test assets are limited to 10 seconds and deleted after 24 hours. */
const TEST_ASSET_MAX_SECONDS = 10;
const TEST_ASSET_LIFETIME_SECONDS = 24 * 60 * 60;

export interface AssetOrigin {
  ingestType: 'on_demand_url' | 'on_demand_direct_upload';
  uploadId?: string;
  /** Told when ingest fails, so a direct upload can fail with its asset. */
  onErrored?: (error: MuxErrorDetail) => void;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function resolutionTier(video: VideoProfile): NonNullable<Asset['resolution_tier']> {
  return Math.min(video.width, video.height) <= 720 ? '720p' : '1080p';
}

function mediaTracks(profile: MediaProfile, duration: number, firstInput: InputSettings | undefined): Track[] {
  const video: Track = {
    id: muxId(),
    type: 'video',
    duration,
    max_width: profile.video.width,
    max_height: profile.video.height,
    max_frame_rate: profile.video.frameRate,
  };
  if (!profile.hasAudio) return [video];
  // The first input's `language_code`/`name` describe its muxed audio track.
  const languageCode = firstInput?.language_code;
  const audio: Track = {
    id: muxId(),
    type: 'audio',
    duration,
    max_channels: 2,
    primary: true,
    ...(languageCode ? { language_code: languageCode, name: firstInput?.name ?? languageName(languageCode) } : {}),
  };
  return [video, audio];
}

function sideLoadedAudioTrack(input: InputSettings, duration: number): Track {
  const languageCode = input.language_code ?? 'und';
  return {
    id: muxId(),
    type: 'audio',
    duration,
    max_channels: 2,
    primary: false,
    status: 'ready',
    language_code: languageCode,
    name: input.name ?? languageName(languageCode),
  };
}

/** The fields a ready asset has that a preparing one lacks (shared with the demo seed). */
export function readyFields(asset: Asset, profile: MediaProfile, inputs: readonly InputSettings[]): Partial<Asset> {
  const duration = round(Math.min(profile.durationSeconds, asset.test ? TEST_ASSET_MAX_SECONDS : Infinity), 6);
  const sideLoadedAudio = inputs
    .filter((input) => input.type === 'audio')
    .map((input) => sideLoadedAudioTrack(input, duration));
  return {
    status: 'ready',
    duration,
    tracks: [...mediaTracks(profile, duration, inputs[0]), ...sideLoadedAudio],
    resolution_tier: resolutionTier(profile.video),
    max_stored_resolution: 'HD',
    max_stored_frame_rate: profile.video.frameRate,
    aspect_ratio: profile.video.aspectRatio,
    progress: { state: 'completed', progress: 100 },
  };
}

function generatedSubtitleRequests(inputs: readonly InputSettings[]): AssetGeneratedSubtitleSettings[] {
  return inputs
    .filter((input) => input.type !== 'text' && input.type !== 'audio')
    .flatMap((input) => input.generated_subtitles ?? []);
}

function preparing(context: SimContext, assetId: string): Asset | undefined {
  const asset = context.state.assets.get(assetId)?.asset;
  return asset?.status === 'preparing' ? asset : undefined;
}

function markReady(
  context: SimContext,
  assetId: string,
  profile: MediaProfile,
  inputs: readonly InputSettings[],
): void {
  const asset = preparing(context, assetId);
  if (!asset) return;
  Object.assign(asset, readyFields(asset, profile, inputs));
  // DOCS: generated tracks already exist, still `preparing`, when the asset turns ready.
  addGeneratedCaptions(context, assetId, generatedSubtitleRequests(inputs));
  emitAssetEvent(context, 'video.asset.ready', asset);
  for (const input of inputs) {
    if (input.type !== 'text' || !input.url) continue;
    ingestTextTrack(context, assetId, input.url, {
      languageCode: input.language_code ?? 'und',
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.closed_captions !== undefined ? { closedCaptions: input.closed_captions } : {}),
      ...(input.passthrough !== undefined ? { passthrough: input.passthrough } : {}),
    });
  }
}

function markErrored(context: SimContext, assetId: string, error: MuxErrorDetail, origin: AssetOrigin): void {
  const asset = preparing(context, assetId);
  if (!asset) return;
  Object.assign(asset, {
    status: 'errored',
    errors: error,
    progress: { state: 'errored', progress: -1 },
  } satisfies Partial<Asset>);
  emitAssetEvent(context, 'video.asset.errored', asset);
  origin.onErrored?.(error);
}

function scheduleIngest(
  context: SimContext,
  assetId: string,
  profile: MediaProfile,
  inputs: readonly InputSettings[],
  origin: AssetOrigin,
): void {
  const { failure } = profile;
  if (failure) {
    context.clock.after(DOWNLOAD_FAILURE_SECONDS, () => markErrored(context, assetId, failure, origin));
    return;
  }
  const ingestSeconds = INGEST_BASE_SECONDS + INGEST_SECONDS_PER_MEDIA_SECOND * profile.durationSeconds;
  for (const [fraction, progress] of PROGRESS_STEPS) {
    context.clock.after(ingestSeconds * fraction, () => {
      const asset = preparing(context, assetId);
      if (asset) asset.progress = { state: 'transcoding', progress };
    });
  }
  context.clock.after(ingestSeconds, () => markReady(context, assetId, profile, inputs));
}

/** The asset as `POST /video/v1/assets` returns it: `preparing`, with its playback IDs and settings. */
export function preparingAsset(
  context: SimContext,
  body: AssetOptionsBody,
  playbackIds: readonly PlaybackIdRequest[],
  origin: AssetOrigin,
): Asset {
  return {
    id: muxId(),
    created_at: String(context.clock.nowSeconds()),
    status: 'preparing',
    ...(playbackIds.length > 0 ? { playback_ids: playbackIds.map(newPlaybackId) } : {}),
    ...qualityOf(body),
    master_access: body.master_access ?? 'none',
    max_resolution_tier: body.max_resolution_tier ?? '1080p',
    progress: { state: 'ingesting', progress: 0 },
    ingest_type: origin.ingestType,
    ...(origin.uploadId ? { upload_id: origin.uploadId } : {}),
    ...(body.passthrough !== undefined ? { passthrough: body.passthrough } : {}),
    ...(body.meta !== undefined ? { meta: body.meta } : {}),
    ...(body.test !== undefined ? { test: body.test } : {}),
    ...(body.normalize_audio !== undefined ? { normalize_audio: body.normalize_audio } : {}),
    ...(body.mp4_support !== undefined ? { mp4_support: body.mp4_support } : {}),
  };
}

export function deleteAsset(context: SimContext, assetId: string): void {
  const record = context.state.assets.get(assetId);
  if (!record) return;
  context.state.assets.delete(assetId);
  for (const track of record.asset.tracks ?? []) if (track.id) context.state.trackVtt.delete(track.id);
  emitAssetEvent(context, 'video.asset.deleted', record.asset);
}

/** Stores a new asset, sends `video.asset.created` and starts its ingest. */
export function createAsset(
  context: SimContext,
  body: AssetOptionsBody,
  playbackIds: readonly PlaybackIdRequest[],
  profile: MediaProfile,
  origin: AssetOrigin,
): AssetRecord {
  const asset = preparingAsset(context, body, playbackIds, origin);
  const record: AssetRecord = { asset, spokenLanguage: profile.spokenLanguage, hasAudio: profile.hasAudio };
  context.state.assets.set(asset.id, record);
  emitAssetEvent(context, 'video.asset.created', asset);
  scheduleIngest(context, asset.id, profile, assetInputs(body), origin);
  if (body.test) context.clock.after(TEST_ASSET_LIFETIME_SECONDS, () => deleteAsset(context, asset.id));
  return record;
}
