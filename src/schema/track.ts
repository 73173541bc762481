import type { TrackRow } from '../db/store.js';
import type { TextFormat } from '../mux/api.js';
import { loadTracks } from '../resolvers/read-through.js';
import type { GatewayContext } from '../services.js';
import { Asset } from './asset.js';
import { builder } from './builder.js';
import { muxEnumOf } from './enum.js';
import { loaderOf } from './load-node.js';

export const TrackType = muxEnumOf('TrackType', 'Kind of media a track carries.', ['video', 'audio', 'text'] as const);
export const TextSource = muxEnumOf('TextSource', 'Where a text track came from.', [
  'uploaded',
  'embedded',
  'generated_vod',
  'generated_live',
  'generated_live_final',
] as const);
export const TrackStatus = muxEnumOf('TrackStatus', 'Whether a track can be played.', [
  'preparing',
  'ready',
  'errored',
  'deleted',
] as const);

export const TrackFilter = builder.inputType('TrackFilter', {
  fields: (t) => ({
    type: t.field({ type: TrackType.ref, required: false }),
    textSource: t.field({ type: TextSource.ref, required: false }),
    status: t.field({ type: TrackStatus.ref, required: false }),
    languageCode: t.string({ required: false }),
  }),
});

export interface TrackFilterValues {
  type?: string | null;
  textSource?: string | null;
  status?: string | null;
  languageCode?: string | null;
}

export function matchesTrackFilter(track: TrackRow, filter: TrackFilterValues): boolean {
  return (
    (!filter.type || track.type === filter.type) &&
    (!filter.textSource || track.textSource === filter.textSource) &&
    (!filter.status || track.status === filter.status) &&
    (!filter.languageCode || track.languageCode === filter.languageCode)
  );
}

export const Track = builder.loadableNodeRef('Track', {
  id: { resolve: (track: TrackRow) => track.muxId },
  load: loaderOf(loadTracks),
});

/** Mux serves text only for ready text tracks, and `.txt` only for generated_vod ones. */
async function textTrackUrl(context: GatewayContext, track: TrackRow, format: TextFormat): Promise<string | null> {
  if (track.type !== 'text' || track.status !== 'ready') return null;
  if (format === 'txt' && track.textSource !== 'generated_vod') return null;
  const asset = await Asset.getDataloader(context).load(track.assetId);
  return (await context.services.mux.textTrackUrl(asset.playbackIds, track.muxId, format)) ?? null;
}

Track.implement({
  description: 'A video, audio or text track of an asset.',
  fields: (t) => ({
    muxId: t.exposeString('muxId', { description: 'The track’s id at Mux.' }),
    asset: t.field({ type: Asset, resolve: (track) => track.assetId }),
    type: t.field({ type: TrackType.ref, resolve: (track) => TrackType.known(track.type) }),
    muxType: t.string({ description: 'The type exactly as Mux gave it.', resolve: (track) => track.type }),
    textType: t.exposeString('textType', { nullable: true }),
    textSource: t.field({
      type: TextSource.ref,
      nullable: true,
      resolve: (track) => (track.textSource === null ? null : TextSource.known(track.textSource)),
    }),
    muxTextSource: t.exposeString('textSource', {
      nullable: true,
      description: 'The text source exactly as Mux gave it.',
    }),
    languageCode: t.exposeString('languageCode', { nullable: true }),
    name: t.exposeString('name', { nullable: true }),
    closedCaptions: t.exposeBoolean('closedCaptions', { nullable: true }),
    status: t.field({ type: TrackStatus.ref, resolve: (track) => TrackStatus.known(track.status) }),
    muxStatus: t.string({ description: 'The status exactly as Mux gave it.', resolve: (track) => track.status }),
    primary: t.exposeBoolean('primary'),
    vttUrl: t.string({
      nullable: true,
      description:
        'WebVTT for a ready text track, openable by a browser: signed when the asset has only signed playback.',
      resolve: (track, _args, context) => textTrackUrl(context, track, 'vtt'),
    }),
    txtUrl: t.string({
      nullable: true,
      description: 'The plain-text transcript, which Mux makes only for auto-generated (generated_vod) tracks.',
      resolve: (track, _args, context) => textTrackUrl(context, track, 'txt'),
    }),
  }),
});
