import type { AssetRow, CaptionJobRow, TrackRow } from '../db/store.js';
import { plainId } from '../resolvers/ids.js';
import { listAssets } from '../resolvers/lists.js';
import { loadAssets } from '../resolvers/read-through.js';
import type { GatewayContext } from '../services.js';
import { builder } from './builder.js';
import { CaptionJob } from './caption-job.js';
import { muxEnumOf } from './enum.js';
import { loaderOf, nodeOrNull } from './load-node.js';
import { type Counted, countedConnection, decodeCursor, encodeCursor, pageArgs, readPageArgs } from './paging.js';
import { matchesTrackFilter, Track, TrackFilter } from './track.js';
import { shareEnum } from './zod-input.js';

export const AssetStatus = muxEnumOf('AssetStatus', 'Where an asset is in Mux’s processing.', [
  'preparing',
  'ready',
  'errored',
] as const);
export const PlaybackPolicy = muxEnumOf('PlaybackPolicy', 'Who may play through a playback ID.', [
  'public',
  'signed',
  'drm',
] as const);
shareEnum('PlaybackPolicy', PlaybackPolicy.ref);

const PlaybackId = builder.objectRef<{ id: string; policy: string }>('PlaybackId').implement({
  description: 'A playback ID of an asset and its policy.',
  fields: (t) => ({
    id: t.exposeString('id'),
    policy: t.field({ type: PlaybackPolicy.ref, resolve: (playback) => PlaybackPolicy.known(playback.policy) }),
    muxPolicy: t.string({ description: 'The policy exactly as Mux gave it.', resolve: (playback) => playback.policy }),
  }),
});

export const Asset = builder.loadableNodeRef('Asset', {
  id: { resolve: (asset: AssetRow) => asset.muxId },
  load: loaderOf(loadAssets),
});

/** Each asset's tracks in Mux's order, for a page of assets at once. */
async function tracksOf(assetIds: readonly string[], context: GatewayContext): Promise<TrackRow[]> {
  return [...(await context.services.store.tracks.byAssetIds(assetIds)).values()].flat();
}

const readyCaptionTracks = (tracks: readonly TrackRow[]) =>
  tracks.filter((track) => track.type === 'text' && track.status === 'ready');

/** Per asset, what its tracks say, for fields that summarise them. */
function fromTracks<T>(summarise: (tracks: TrackRow[]) => T) {
  return async (assetIds: readonly string[], context: GatewayContext): Promise<T[]> => {
    const grouped = await context.services.store.tracks.byAssetIds(assetIds);
    return assetIds.map((id) => summarise(grouped.get(id) ?? []));
  };
}

Asset.implement({
  description: 'A Mux video asset, as the gateway last learned it from Mux.',
  fields: (t) => ({
    muxId: t.exposeString('muxId', { description: 'The asset’s id at Mux.' }),
    status: t.field({ type: AssetStatus.ref, resolve: (asset) => AssetStatus.known(asset.status) }),
    muxStatus: t.string({ description: 'The status exactly as Mux gave it.', resolve: (asset) => asset.status }),
    durationSeconds: t.exposeFloat('durationSeconds', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (asset) => asset.createdAt }),
    title: t.exposeString('title', { nullable: true }),
    passthrough: t.exposeString('passthrough', { nullable: true }),
    playbackIds: t.field({ type: [PlaybackId], resolve: (asset) => asset.playbackIds }),
    tracks: t.loadableGroup({
      type: Track,
      description: 'Every track of the asset, in Mux’s order, optionally filtered.',
      byPath: true,
      args: { filter: t.arg({ type: TrackFilter, required: false }) },
      load: async (assetIds: string[], context, args) =>
        (await tracksOf(assetIds, context)).filter((track) => matchesTrackFilter(track, args.filter ?? {})),
      // The group key of each loaded row; Pothos types it loosely, as it would a node's id.
      group: (track) => (track as TrackRow).assetId,
      resolve: (asset) => asset.muxId,
    }),
    captionTracks: t.loadableGroup({
      type: Track,
      description: 'The text tracks (captions and subtitles) of the asset.',
      load: async (assetIds: string[], context) =>
        (await tracksOf(assetIds, context)).filter((track) => track.type === 'text'),
      group: (track) => (track as TrackRow).assetId,
      resolve: (asset) => asset.muxId,
    }),
    captionJobs: t.loadableGroup({
      type: CaptionJob,
      description: 'All caption work on the asset, newest first.',
      load: async (assetIds: string[], context): Promise<CaptionJobRow[]> =>
        [...(await context.services.store.captionJobs.byAssetIds(assetIds)).values()].flat(),
      group: (job) => (job as CaptionJobRow).assetId ?? '',
      resolve: (asset) => asset.muxId,
    }),
    unitsConsumed: t.loadable({
      type: 'Int',
      description:
        'Robots units Mux charged for all caption work on the asset (premium captions, translations, edits); ' +
        'auto-generated and added captions cost none.',
      load: async (assetIds: string[], context) => {
        const jobs = await context.services.store.captionJobs.byAssetIds(assetIds);
        return assetIds.map((id) => (jobs.get(id) ?? []).reduce((units, job) => units + (job.unitsConsumed ?? 0), 0));
      },
      resolve: (asset) => asset.muxId,
    }),
    hasReadyCaptions: t.loadable({
      type: 'Boolean',
      load: fromTracks((tracks) => readyCaptionTracks(tracks).length > 0),
      resolve: (asset) => asset.muxId,
    }),
    captionLanguages: t.loadableList({
      type: 'String',
      description: 'Language codes of the asset’s ready text tracks.',
      load: fromTracks((tracks) => [
        ...new Set(readyCaptionTracks(tracks).flatMap((track) => (track.languageCode ? [track.languageCode] : []))),
      ]),
      resolve: (asset) => asset.muxId,
    }),
  }),
});

const AssetFilter = builder.inputType('AssetFilter', {
  fields: (t) => ({
    status: t.field({ type: AssetStatus.ref, required: false }),
    hasReadyCaptions: t.boolean({ required: false }),
    languageCode: t.string({ required: false, description: 'Only assets with a ready text track in this language.' }),
  }),
});

const AssetConnection = builder.connectionObject<typeof Asset, Counted>({
  type: Asset,
  name: 'AssetConnection',
  fields: (t) => ({
    totalCount: t.int({
      description: 'How many assets the filter lets through, on all pages together.',
      resolve: (connection) => connection.totalCount(),
    }),
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
      nodeOrNull(
        context,
        loadAssets,
        Asset.getDataloader(context),
        args.id ? plainId('Asset', String(args.id), 'id') : String(args.muxId),
        args.fresh,
      ),
  }),
  assets: t.field({
    type: AssetConnection,
    description: 'Assets, newest first, answered from the cache and kept in step with Mux.',
    args: {
      ...pageArgs(t.arg),
      filter: t.arg({ type: AssetFilter, required: false }),
      fresh: t.arg.boolean({ required: false, description: 'Read the asset index from Mux now.' }),
    },
    resolve: async (_root, args, context) => {
      const page = readPageArgs(args);
      const after = page.after ? decodeCursor<[number, string]>(page.after, ['number', 'string']) : undefined;
      const filter = {
        status: args.filter?.status ?? undefined,
        hasReadyCaptions: args.filter?.hasReadyCaptions ?? undefined,
        languageCode: args.filter?.languageCode ?? undefined,
      };
      const rows = await listAssets(context.services, {
        filter,
        after: after ? { createdAt: after[0], muxId: after[1] } : undefined,
        limit: page.first + 1,
        fresh: Boolean(args.fresh),
        stale: context.stale,
      });
      return countedConnection(
        rows,
        page.first,
        (row) => encodeCursor([row.createdAt, row.muxId]),
        () => context.services.store.assets.count(filter),
      );
    },
  }),
}));
