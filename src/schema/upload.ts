import type { UploadRow } from '../db/store.js';
import { plainId } from '../resolvers/ids.js';
import { loadUploads } from '../resolvers/read-through.js';
import { Asset } from './asset.js';
import { builder } from './builder.js';
import { muxEnumOf } from './enum.js';
import { loaderOf, nodeOrNull } from './load-node.js';

export const UploadStatus = muxEnumOf('UploadStatus', 'Where a direct upload stands.', [
  'waiting',
  'asset_created',
  'errored',
  'cancelled',
  'timed_out',
] as const);

interface GeneratedSubtitlesSetting {
  language_code?: string;
  name?: string;
}

interface NewAssetSettings {
  playback_policies?: string[];
  video_quality?: string;
  passthrough?: string;
  inputs?: { generated_subtitles?: GeneratedSubtitlesSetting[] }[];
}

const GeneratedSubtitlesSettingRef = builder
  .objectRef<GeneratedSubtitlesSetting>('GeneratedSubtitlesSetting')
  .implement({
    fields: (t) => ({
      languageCode: t.string({ nullable: true, resolve: (setting) => setting.language_code ?? null }),
      name: t.string({ nullable: true, resolve: (setting) => setting.name ?? null }),
    }),
  });

const UploadSettings = builder.objectRef<NewAssetSettings>('UploadSettings').implement({
  description: 'The settings the upload’s asset is created with.',
  fields: (t) => ({
    playbackPolicies: t.stringList({ resolve: (settings) => settings.playback_policies ?? [] }),
    videoQuality: t.string({ nullable: true, resolve: (settings) => settings.video_quality ?? null }),
    passthrough: t.string({ nullable: true, resolve: (settings) => settings.passthrough ?? null }),
    generatedSubtitles: t.field({
      type: [GeneratedSubtitlesSettingRef],
      description: 'Auto-generated captions asked for (from the first input, where Mux reads them).',
      resolve: (settings) => settings.inputs?.[0]?.generated_subtitles ?? [],
    }),
  }),
});

export const Upload = builder.loadableNodeRef('Upload', {
  id: { resolve: (upload: UploadRow) => upload.muxId },
  load: loaderOf(loadUploads),
});

Upload.implement({
  description: 'A direct upload: a URL a browser PUTs a file to, which becomes an asset.',
  fields: (t) => ({
    muxId: t.exposeString('muxId'),
    status: t.field({ type: UploadStatus.ref, resolve: (upload) => UploadStatus.known(upload.status) }),
    muxStatus: t.string({ description: 'The status exactly as Mux gave it.', resolve: (upload) => upload.status }),
    url: t.exposeString('url', { nullable: true, description: 'Where the browser sends the file, with HTTP PUT.' }),
    corsOrigin: t.exposeString('corsOrigin', { nullable: true }),
    timeoutSeconds: t.exposeInt('timeoutSeconds', { nullable: true }),
    asset: t.field({
      type: Asset,
      nullable: true,
      description: 'The asset, once the file arrived.',
      resolve: (upload) => upload.assetId,
    }),
    settings: t.field({
      type: UploadSettings,
      resolve: (upload) => (upload.newAssetSettings ?? {}) as NewAssetSettings,
    }),
    errorMessage: t.string({ nullable: true, resolve: (upload) => upload.error?.message ?? null }),
  }),
});

builder.queryFields((t) => ({
  upload: t.field({
    type: Upload,
    nullable: true,
    description: 'One direct upload, by global ID or Mux upload id.',
    args: {
      id: t.arg.id({ required: true }),
      fresh: t.arg.boolean({ required: false, description: 'Ask Mux even when the cached answer is fresh.' }),
    },
    resolve: (_root, args, context) =>
      nodeOrNull(
        context,
        loadUploads,
        Upload.getDataloader(context),
        plainId('Upload', String(args.id), 'id'),
        args.fresh,
      ),
  }),
}));
