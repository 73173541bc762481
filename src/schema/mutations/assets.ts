import { createAsset, createDirectUpload } from '../../resolvers/captions/assets.js';
import { PlaybackPolicy } from '../asset.js';
import { builder } from '../builder.js';
import { enumOf } from '../enum.js';
import { runMutation } from './mutation-field.js';
import { payloadType } from './payload.js';

export const VideoQuality = enumOf('VideoQuality', 'Mux’s video quality levels.', [
  'basic',
  'plus',
  'premium',
] as const);

export const GeneratedSubtitlesInput = builder.inputType('GeneratedSubtitlesInput', {
  description: 'Auto-generated captions to make from the audio.',
  fields: (t) => ({
    languageCode: t.string({
      required: true,
      description: 'A code from `languages(use: AUTO_GENERATED_CAPTIONS)`; `auto` detects the spoken language.',
    }),
    name: t.string({ description: 'Track name shown in players, e.g. "English CC".' }),
  }),
});

const AssetCreateInput = builder.inputType('AssetCreateInput', {
  fields: (t) => ({
    url: t.string({ required: true, description: 'An http(s) URL Mux downloads the video from.' }),
    playbackPolicies: t.field({ type: [PlaybackPolicy], description: 'Defaults to [PUBLIC].' }),
    videoQuality: t.field({ type: VideoQuality }),
    title: t.string(),
    passthrough: t.string({ description: 'Your own reference, up to 255 characters.' }),
    generatedSubtitles: t.field({ type: [GeneratedSubtitlesInput] }),
    idempotencyKey: t.string({ description: 'Send the same key again to get the first result instead of new work.' }),
  }),
});

const DirectUploadCreateInput = builder.inputType('DirectUploadCreateInput', {
  fields: (t) => ({
    corsOrigin: t.string({ required: true, description: 'The origin of the page the browser uploads from (or *).' }),
    timeoutSeconds: t.int({
      description: 'How long the upload URL accepts a file: 60 to 604800 s (Mux’s default 3600).',
    }),
    playbackPolicies: t.field({ type: [PlaybackPolicy], description: 'Defaults to [PUBLIC].' }),
    videoQuality: t.field({ type: VideoQuality }),
    title: t.string(),
    passthrough: t.string(),
    generatedSubtitles: t.field({ type: [GeneratedSubtitlesInput] }),
    idempotencyKey: t.string(),
  }),
});

const AssetCreatePayload = payloadType('AssetCreatePayload', ['asset', 'captionJobs']);
const DirectUploadCreatePayload = payloadType('DirectUploadCreatePayload', ['upload', 'captionJobs']);

builder.mutationFields((t) => ({
  assetCreate: t.field({
    type: AssetCreatePayload,
    description: 'Creates an asset from a URL, optionally with auto-generated captions (one caption job per language).',
    args: { input: t.arg({ type: AssetCreateInput, required: true }) },
    resolve: (_root, { input }, context) =>
      runMutation('assetCreate', context, input, (cleaned) => createAsset(context.services, cleaned)),
  }),
  directUploadCreate: t.field({
    type: DirectUploadCreatePayload,
    description:
      'Creates a direct upload: the browser PUTs the file to `upload.url`; the asset gets the captions asked for.',
    args: { input: t.arg({ type: DirectUploadCreateInput, required: true }) },
    resolve: (_root, { input }, context) =>
      runMutation('directUploadCreate', context, input, (cleaned) => createDirectUpload(context.services, cleaned)),
  }),
}));
