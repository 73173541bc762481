import type { AssetRow, TrackRow } from '../../db/store.js';
import { ConflictError, type GatewayError, NotFoundError, PreconditionError } from '../../errors.js';
import { CAPTION_LANGUAGES } from '../../mux/languages.js';
import type { GatewayServices } from '../../services.js';
import { loadAssets, loadTracks } from '../read-through.js';
import type { Warning } from './outcome.js';

/** A lookup failure, about the input field that named the thing. */
function about(error: GatewayError, field: readonly string[]): GatewayError {
  return error.at(field);
}

export async function findAsset(
  services: GatewayServices,
  assetId: string,
  field: string[],
  fresh = false,
): Promise<AssetRow> {
  const [row = new NotFoundError('asset', assetId)] = await loadAssets(services, [assetId], { fresh });
  if (row instanceof Error) throw about(row, field);
  return row;
}

/** A cached "preparing" may be a moment old: Mux is asked before a request is refused for it. */
export async function findReadyAsset(services: GatewayServices, assetId: string, field: string[]): Promise<AssetRow> {
  let asset = await findAsset(services, assetId, field);
  if (asset.status === 'preparing') asset = await findAsset(services, assetId, field, true);
  if (asset.status !== 'ready') {
    throw new PreconditionError(
      'asset_not_ready',
      `The asset is ${asset.status}; caption work needs a ready asset.`,
      field,
    );
  }
  return asset;
}

export async function findTrack(
  services: GatewayServices,
  trackId: string,
  field: string[],
  fresh = false,
): Promise<TrackRow> {
  const [row = new NotFoundError('track', trackId)] = await loadTracks(services, [trackId], { fresh });
  if (row instanceof Error) throw about(row, field);
  return row;
}

export async function findReadyTextTrack(
  services: GatewayServices,
  trackId: string,
  field: string[],
): Promise<TrackRow> {
  let track = await findTrack(services, trackId, field);
  if (track.status === 'preparing') track = await findTrack(services, trackId, field, true);
  if (track.type !== 'text' || track.status !== 'ready') {
    throw new PreconditionError(
      'not_a_ready_text_track',
      `The track is a ${track.status} ${track.type} track; this needs a ready text track.`,
      field,
    );
  }
  return track;
}

/** A live text track of the asset that matches, other than the one being worked on. */
async function liveTextTrack(
  services: GatewayServices,
  assetId: string,
  matches: (track: TrackRow) => boolean,
  except?: string,
): Promise<TrackRow | undefined> {
  const tracks = (await services.store.tracks.byAssetIds([assetId])).get(assetId) ?? [];
  return tracks.find(
    (track) =>
      track.type === 'text' &&
      track.status !== 'deleted' &&
      track.status !== 'errored' &&
      track.muxId !== except &&
      matches(track),
  );
}

/** A text track in the language already there, other than the one being worked on. */
export function textTrackInLanguage(
  services: GatewayServices,
  assetId: string,
  languageCode: string,
  except?: string,
): Promise<TrackRow | undefined> {
  return liveTextTrack(services, assetId, (track) => track.languageCode === languageCode, except);
}

/** Mux wants text track names unique per asset: the track that already has this name, if one does. */
export function textTrackNamed(
  services: GatewayServices,
  assetId: string,
  name: string,
): Promise<TrackRow | undefined> {
  return liveTextTrack(services, assetId, (track) => track.name === name);
}

export function languageConflict(track: TrackRow, field: string[], remedy: string): ConflictError {
  return new ConflictError(
    `The asset already has a ${track.languageCode} text track ("${track.name ?? track.muxId}", ${track.muxId}); ` +
      `${remedy}.`,
    field,
    { trackId: track.muxId },
  );
}

export function betaLanguageWarnings(
  codes: readonly (string | undefined)[],
  field: (index: number) => string[],
): Warning[] {
  return codes.flatMap((code, index) => {
    const language = CAPTION_LANGUAGES.find((candidate) => candidate.code === code);
    return language?.stability === 'beta'
      ? [
          {
            code: 'beta_language' as const,
            message: `${language.name} (${language.code}) is in beta at Mux and may be less accurate.`,
            field: field(index),
          },
        ]
      : [];
  });
}
