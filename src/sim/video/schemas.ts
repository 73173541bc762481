/** Request bodies of the simulated Video API, with the limits from Mux's OpenAPI document and the SDK types. */
import { z } from 'zod';
import { GENERATED_SUBTITLE_LANGUAGES } from './languages.js';
import { codePointString } from './validation.js';

const passthrough = z.string().max(255);

const playbackPolicy = z.enum(['public', 'signed', 'drm']);
/** DOCS: a single policy name may stand in for the array. */
const playbackPolicies = z.union([z.array(playbackPolicy), playbackPolicy.transform((policy) => [policy])]);

/** BCP 47, as Mux requires for track languages. */
export const languageCode = z.string().refine(
  (code) => {
    try {
      return Intl.getCanonicalLocales(code).length === 1;
    } catch {
      return false;
    }
  },
  { message: 'must be a valid BCP 47 language code' },
);

export const generatedSubtitle = z.object({
  language_code: z.enum(GENERATED_SUBTITLE_LANGUAGES).default('en'),
  name: z.string().min(1).optional(),
  passthrough: passthrough.optional(),
});

const inputSettings = z.object({
  url: z.string().optional(),
  generated_subtitles: z.array(generatedSubtitle).optional(),
  type: z.enum(['video', 'audio', 'text']).optional(),
  text_type: z.literal('subtitles').optional(),
  language_code: languageCode.optional(),
  name: z.string().optional(),
  closed_captions: z.boolean().optional(),
  passthrough: passthrough.optional(),
  start_time: z.number().min(0).optional(),
  end_time: z.number().min(0).optional(),
  overlay_settings: z.record(z.string(), z.string()).optional(),
});

/** DOCS show the deprecated `input` as a bare URL as well as an array of inputs. */
const deprecatedInput = z.union([z.array(inputSettings), z.string().transform((url) => [{ url }])]);

export const assetMeta = z.object({
  title: codePointString(512).optional(),
  creator_id: codePointString(128).optional(),
  external_id: codePointString(128).optional(),
});

const advancedPlaybackPolicy = z.object({
  policy: playbackPolicy.default('public'),
  drm_configuration_id: z.string().optional(),
});

/** `AssetOptions`: the create-asset body, also an upload's `new_asset_settings` (where `inputs` is optional). */
export const assetOptions = z.object({
  inputs: z.array(inputSettings).optional(),
  input: deprecatedInput.optional(),
  playback_policies: playbackPolicies.optional(),
  playback_policy: playbackPolicies.optional(),
  advanced_playback_policies: z.array(advancedPlaybackPolicy).optional(),
  video_quality: z.enum(['basic', 'plus', 'premium']).optional(),
  encoding_tier: z.enum(['smart', 'baseline', 'premium']).optional(),
  passthrough: passthrough.optional(),
  meta: assetMeta.optional(),
  max_resolution_tier: z.enum(['1080p', '1440p', '2160p']).optional(),
  test: z.boolean().optional(),
  normalize_audio: z.boolean().optional(),
  master_access: z.enum(['none', 'temporary']).optional(),
  mp4_support: z.enum(['none', 'standard', 'capped-1080p', 'audio-only', 'audio-only,capped-1080p']).optional(),
  static_renditions: z
    .array(
      z.object({
        resolution: z.enum([
          'highest',
          'audio-only',
          '2160p',
          '1440p',
          '1080p',
          '720p',
          '540p',
          '480p',
          '360p',
          '270p',
        ]),
        passthrough: passthrough.optional(),
      }),
    )
    .optional(),
  generate_shots: z.boolean().optional(),
  copy_overlays: z.boolean().optional(),
  directives: z.array(z.object({ id: z.string() })).optional(),
});
export type AssetOptionsBody = z.output<typeof assetOptions>;

export const updateAsset = z.object({
  passthrough: passthrough.optional(),
  meta: assetMeta.optional(),
  thumbnail_time: z.number().min(0).optional(),
});

export const createPlaybackId = z.object({
  policy: playbackPolicy.default('public'),
  drm_configuration_id: z.string().optional(),
});

export const createTrack = z.object({
  url: z.string(),
  type: z.enum(['text', 'audio']),
  // Required for text tracks by the docs; defaulted rather than refused because it has only one value.
  text_type: z.literal('subtitles').default('subtitles'),
  language_code: languageCode,
  name: z.string().min(1).optional(),
  closed_captions: z.boolean().optional(),
  passthrough: passthrough.optional(),
});

export const updateTrack = z.object({
  language_code: languageCode.optional(),
  name: z.string().min(1).optional(),
  closed_captions: z.boolean().optional(),
  passthrough: passthrough.optional(),
});

export const generateSubtitles = z.object({
  generated_subtitles: z.array(generatedSubtitle).min(1),
});

export const createUpload = z.object({
  cors_origin: z.string(),
  new_asset_settings: assetOptions.optional(),
  timeout: z.number().int().min(60).max(604800).default(3600),
  test: z.boolean().optional(),
});

/** `limit` and `page`/`cursor` of list endpoints; a limit over 100 is capped rather than refused. */
export const listQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .default(25)
    .transform((limit) => Math.min(limit, 100)),
  page: z.coerce.number().int().min(1).default(1),
  cursor: z.string().optional(),
});
