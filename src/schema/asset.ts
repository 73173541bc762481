import type { GatewayContext } from '../context.js';
import type { AssetRow } from '../db/assets.js';
import { listAssets, loadAssets } from '../resolvers/assets.js';
import { builder } from './builder.js';
import { CaptionJob } from './caption-job.js';
import { enumOf } from './enum.js';
import { nodeMuxId } from './global-id.js';
import { loadOneOrNull } from './load-one.js';
import { decodeCursor, encodeCursor, readPageArgs, toConnection } from './paging.js';
import { matchesTrackFilter, Track, TrackFilter } from './track.js';

export const AssetStatus = enumOf('AssetStatus', 'Where an asset is in Mux’s processing.', [
  'preparing',
  'ready',
  'errored',
] as const);
export const PlaybackPolicy = enumOf('PlaybackPolicy', 'Who may play through a playback ID.', [
  'public',
  'signed',
  'drm',
] as const);

const PlaybackId = builder.objectRef<{ id: string; policy: string }>('PlaybackId').implement({
  description: 'A playback ID of an asset and its policy.',
  fields: (t) => ({
    id: t.exposeString('id'),
    policy: t.field({ type: PlaybackPolicy, resolve: (playback) => playback.policy as 'public' | 'signed' | 'drm' }),
  }),
});

export const Asset = builder.loadableNodeRef('Asset', {
  id: { resolve: (asset: AssetRow) => asset.muxId },
  load: (ids: string[], context: GatewayContext) => loadAssets(context.services, context.cache, ids),
});

Asset.implement({
  description: 'A Mux video asset, as the gateway last learned it from Mux.',
  fields: (t) => ({
    muxId: t.exposeString('muxId', { description: 'The asset’s id at Mux.' }),
    status: t.expose('status', { type: AssetStatus }),
    durationSeconds: t.exposeFloat('durationSeconds', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (asset) => asset.createdAt }),
    title: t.exposeString('title', { nullable: true }),
    passthrough: t.exposeString('passthrough', { nullable: true }),
    playbackIds: t.field({ type: [PlaybackId], resolve: (asset) => asset.playbackIds }),
    tracks: t.field({
      type: [Track],
      description: 'Every track of the asset, in Mux’s order, optionally filtered.',
      args: { filter: t.arg({ type: TrackFilter, required: false }) },
      resolve: async (asset, args, context) =>
        (await context.loaders.tracksByAsset.load(asset.muxId)).filter((track) =>
          matchesTrackFilter(track, args.filter ?? {}),
        ),
    }),
    captionTracks: t.field({
      type: [Track],
      description: 'The text tracks (captions and subtitles) of the asset.',
      resolve: async (asset, _args, context) =>
        (await context.loaders.tracksByAsset.load(asset.muxId)).filter((track) => track.type === 'text'),
    }),
    captionJobs: t.field({
      type: [CaptionJob],
      description: 'All caption work on the asset, newest first.',
      resolve: (asset, _args, context) => context.loaders.captionJobsByAsset.load(asset.muxId),
    }),
    hasReadyCaptions: t.boolean({
      resolve: async (asset, _args, context) =>
        (await context.loaders.tracksByAsset.load(asset.muxId)).some(
          (track) => track.type === 'text' && track.status === 'ready',
        ),
    }),
    captionLanguages: t.stringList({
      description: 'Language codes of the asset’s ready text tracks.',
      resolve: async (asset, _args, context) => [
        ...new Set(
          (await context.loaders.tracksByAsset.load(asset.muxId))
            .filter((track) => track.type === 'text' && track.status === 'ready' && track.languageCode)
            .map((track) => track.languageCode ?? ''),
        ),
      ],
    }),
  }),
});

const AssetFilter = builder.inputType('AssetFilter', {
  fields: (t) => ({
    status: t.field({ type: AssetStatus, required: false }),
    hasReadyCaptions: t.boolean({ required: false }),
    languageCode: t.string({ required: false, description: 'Only assets with a ready text track in this language.' }),
  }),
});

builder.queryFields((t) => ({
  asset: t.field({
    type: Asset,
    nullable: true,
    description: 'One asset, by global ID or Mux asset id.',
    args: {
      id: t.arg.id({ required: false, description: 'Global ID (or Mux asset id).' }),
      muxId: t.arg.string({ required: false }),
      fresh: t.arg.boolean({ required: false, description: 'Ask Mux even when the cached answer is fresh.' }),
    },
    validate: [
      (args) => Boolean(args.id) !== Boolean(args.muxId),
      { message: 'give exactly one of id and muxId', path: ['id'] },
    ],
    resolve: (_root, args, context) =>
      loadOneOrNull(context, loadAssets, nodeMuxId('Asset', String(args.id ?? args.muxId)), args.fresh),
  }),
  assets: t.connection({
    type: Asset,
    description: 'Assets, newest first, answered from the cache and kept in step with Mux.',
    args: {
      filter: t.arg({ type: AssetFilter, required: false }),
      fresh: t.arg.boolean({ required: false, description: 'Read the asset index from Mux now.' }),
    },
    resolve: async (_root, args, context) => {
      const page = readPageArgs(args);
      context.cache.forceFresh ||= Boolean(args.fresh);
      const after = page.after ? decodeCursor<[number, string]>(page.after, ['number', 'string']) : undefined;
      const rows = await listAssets(
        context.services,
        context.cache,
        {
          status: args.filter?.status ?? undefined,
          hasReadyCaptions: args.filter?.hasReadyCaptions ?? undefined,
          languageCode: args.filter?.languageCode ?? undefined,
        },
        after ? { createdAt: after[0], muxId: after[1] } : undefined,
        page.first + 1,
      );
      return toConnection(rows, page.first, (row) => encodeCursor([row.createdAt, row.muxId]));
    },
  }),
}));
