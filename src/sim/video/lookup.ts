import type { Track } from '@mux/mux-node/resources/video/assets';
import type { Context } from 'hono';
import type { SimContext } from '../context.js';
import { videoError } from '../errors.js';
import type { AssetRecord } from '../state.js';
import { invalidParameters, isParsableId } from './validation.js';

export type Found<T> = { ok: true; value: T } | { ok: false; response: Response };

/** Mux's wording for any id it cannot find (or that belongs to another environment). */
export const NOT_FOUND_MESSAGE = "The requested resource either doesn't exist or you don't have access to it.";

export function notFound(c: Context): Response {
  return videoError(c, 404, 'not_found', NOT_FOUND_MESSAGE);
}

/** Looks an id up the way Mux does: 400 "Failed to parse ID" for a malformed id, 404 for an unknown one. */
export function lookup<T>(c: Context, id: string, find: (id: string) => T | undefined): Found<T> {
  if (!isParsableId(id)) return { ok: false, response: invalidParameters(c, 'Failed to parse ID') };
  const value = find(id);
  return value === undefined ? { ok: false, response: notFound(c) } : { ok: true, value };
}

export function lookupAsset(c: Context, context: SimContext, assetId: string): Found<AssetRecord> {
  return lookup(c, assetId, (id) => context.state.assets.get(id));
}

export function lookupTrack(c: Context, record: AssetRecord, trackId: string): Found<Track> {
  return lookup(c, trackId, (id) => record.asset.tracks?.find((track) => track.id === id));
}
