/**
 * Turns a create-asset body (or an upload's `new_asset_settings`) into the settings Mux applies: deprecated
 * fields folded into their replacements, defaults filled, DRM rules checked.
 */

import type { PlaybackId } from '@mux/mux-node/resources/shared';
import type { Asset, AssetOptions, InputSettings } from '@mux/mux-node/resources/video/assets';
import { muxId } from '../ids.js';
import type { AssetOptionsBody } from './schemas.js';

type VideoQuality = NonNullable<Asset['video_quality']>;
type EncodingTier = Asset['encoding_tier'];

const ENCODING_TIER_OF: Record<VideoQuality, EncodingTier> = { basic: 'baseline', plus: 'smart', premium: 'premium' };
const VIDEO_QUALITY_OF: Record<EncodingTier, VideoQuality> = { baseline: 'basic', smart: 'plus', premium: 'premium' };
/** An environment's default quality is a dashboard setting; `smart` (plus) is Mux's documented default tier. */
const DEFAULT_VIDEO_QUALITY: VideoQuality = 'plus';

export interface PlaybackIdRequest {
  policy: PlaybackId['policy'];
  drm_configuration_id?: string | undefined;
}

/** `inputs`, else the deprecated `input`. */
export function assetInputs(body: AssetOptionsBody): InputSettings[] {
  return body.inputs ?? body.input ?? [];
}

/** The requested playback IDs, or a message explaining why the policies are refused. */
export function requestedPlaybackIds(body: AssetOptionsBody): PlaybackIdRequest[] | string {
  const simple = body.playback_policies ?? body.playback_policy ?? [];
  if (simple.includes('drm'))
    return 'playback_policies cannot contain drm: use advanced_playback_policies with a drm_configuration_id';
  const advanced = body.advanced_playback_policies ?? [];
  if (advanced.some((entry) => entry.policy === 'drm' && !entry.drm_configuration_id)) {
    return 'advanced_playback_policies with policy drm require a drm_configuration_id';
  }
  return [...simple.map((policy) => ({ policy })), ...advanced];
}

export function newPlaybackId(request: PlaybackIdRequest): PlaybackId {
  return {
    id: muxId(),
    policy: request.policy,
    ...(request.drm_configuration_id ? { drm_configuration_id: request.drm_configuration_id } : {}),
  };
}

export function qualityOf(body: AssetOptionsBody): { video_quality: VideoQuality; encoding_tier: EncodingTier } {
  const video_quality =
    body.video_quality ?? (body.encoding_tier ? VIDEO_QUALITY_OF[body.encoding_tier] : DEFAULT_VIDEO_QUALITY);
  return { video_quality, encoding_tier: ENCODING_TIER_OF[video_quality] };
}

/**
 * `new_asset_settings` as an upload echoes them: the deprecated `input`/`playback_policy` moved to their
 * current names (a single policy string becomes an array) and `video_quality` filled.
 */
export function normalizedAssetOptions(body: AssetOptionsBody): AssetOptions {
  const { input, playback_policy, playback_policies, inputs, encoding_tier: _deprecatedTier, ...rest } = body;
  const policies = playback_policies ?? playback_policy;
  const allInputs = inputs ?? input;
  return {
    ...rest,
    ...(allInputs ? { inputs: allInputs } : {}),
    ...(policies ? { playback_policies: policies } : {}),
    video_quality: qualityOf(body).video_quality,
  };
}
