/**
 * Text-track operations shared by the Video API routes and the Robots workflows: every way a caption track
 * appears on, finishes on, or leaves an asset goes through here, so state and webhooks always agree.
 */
import type { Track } from '@mux/mux-node/resources/video/assets';
import type { SimContext } from '../context.js';
import { muxId } from '../ids.js';
import type { AssetRecord } from '../state.js';
import { emitTrackEvent, type MuxErrorDetail } from './events.js';
import { languageName } from './languages.js';

export type TextSource = 'uploaded' | 'generated_vod';

export interface NewTextTrack {
  languageCode: string;
  /** Left out: filled from the language, as Mux does (for `auto`, once the language is detected). */
  name?: string;
  closedCaptions?: boolean;
  passthrough?: string;
  textSource: TextSource;
}

export interface TextTrackSpec extends NewTextTrack {
  /** The finished captions, stored as what the stream host serves once the track is ready. */
  vtt: string;
  /** Simulated seconds until the track turns `ready`. */
  readyAfterSeconds: number;
}

/** What became known while the track was prepared (the language of an `auto` generated track). */
export interface TrackResolution {
  languageCode: string;
  autoLanguageConfidence?: number;
}

function assetRecord(context: SimContext, assetId: string): AssetRecord {
  const record = context.state.assets.get(assetId);
  if (!record) throw new Error(`[sim] no asset ${assetId}`);
  return record;
}

function liveTrack(context: SimContext, assetId: string, trackId: string): Track | undefined {
  return context.state.assets.get(assetId)?.asset.tracks?.find((track) => track.id === trackId);
}

/** A new text track object; the name comes from the language unless given (for `auto`, once detected). */
export function newTextTrack(spec: NewTextTrack, status: 'preparing' | 'ready' = 'preparing'): Track {
  const detectLater = spec.languageCode === 'auto';
  const name = spec.name ?? (detectLater ? undefined : languageName(spec.languageCode));
  return {
    id: muxId(),
    type: 'text',
    text_type: 'subtitles',
    text_source: spec.textSource,
    status,
    language_code: spec.languageCode,
    ...(name !== undefined ? { name } : {}),
    ...(spec.closedCaptions !== undefined ? { closed_captions: spec.closedCaptions } : {}),
    ...(spec.passthrough !== undefined ? { passthrough: spec.passthrough } : {}),
  };
}

/** Adds a `preparing` text track to the asset and sends `video.asset.track.created`. */
export function addTextTrack(context: SimContext, assetId: string, spec: NewTextTrack): Track {
  const { asset } = assetRecord(context, assetId);
  const track = newTextTrack(spec);
  asset.tracks = [...(asset.tracks ?? []), track];
  emitTrackEvent(context, 'video.asset.track.created', assetId, track);
  return track;
}

/**
 * Stores the track's captions and marks it `ready` (`video.asset.track.ready`). A track deleted while it was
 * being prepared stays deleted: the work is dropped, as Mux drops it.
 */
export function completeTextTrack(
  context: SimContext,
  assetId: string,
  trackId: string,
  vtt: string,
  resolution?: TrackResolution,
): void {
  const track = liveTrack(context, assetId, trackId);
  if (track?.status !== 'preparing') return;
  if (resolution) {
    track.language_code = resolution.languageCode;
    if (resolution.autoLanguageConfidence !== undefined)
      track.auto_language_confidence = resolution.autoLanguageConfidence;
  }
  track.name ??= languageName(track.language_code ?? 'und');
  track.status = 'ready';
  context.state.trackVtt.set(trackId, vtt);
  emitTrackEvent(context, 'video.asset.track.ready', assetId, track);
}

/**
 * Marks a preparing track `errored`; the error only travels in `video.asset.track.errored` (REST Track has no field for
 * it).
 */
export function failTextTrack(context: SimContext, assetId: string, trackId: string, error: MuxErrorDetail): void {
  const track = liveTrack(context, assetId, trackId);
  if (track?.status !== 'preparing') return;
  track.status = 'errored';
  emitTrackEvent(context, 'video.asset.track.errored', assetId, track, error);
}

/** Adds a text track whose captions are already known; it turns `ready` after `readyAfterSeconds`. */
export function attachTextTrack(context: SimContext, assetId: string, spec: TextTrackSpec): Track {
  const track = addTextTrack(context, assetId, spec);
  const trackId = track.id ?? '';
  context.clock.after(spec.readyAfterSeconds, () => completeTextTrack(context, assetId, trackId, spec.vtt));
  return track;
}

/**
 * Deletes a track as `DELETE /video/v1/assets/{id}/tracks/{id}` does: gone from the asset, `video.asset.track.deleted`
 * sent.
 */
export function removeTrack(context: SimContext, assetId: string, trackId: string): void {
  const { asset } = assetRecord(context, assetId);
  const track = asset.tracks?.find((candidate) => candidate.id === trackId);
  if (!track) throw new Error(`[sim] no track ${trackId} on asset ${assetId}`);
  asset.tracks = asset.tracks?.filter((candidate) => candidate !== track);
  context.state.trackVtt.delete(trackId);
  emitTrackEvent(context, 'video.asset.track.deleted', assetId, { ...track, status: 'deleted' });
}

export function findTextTrack(context: SimContext, assetId: string, trackId: string): Track | undefined {
  const track = liveTrack(context, assetId, trackId);
  return track?.type === 'text' ? track : undefined;
}

/** A `ready` text track with its WebVTT, or undefined when the track is missing, not text, or not ready yet. */
export function readyTextTrack(
  context: SimContext,
  assetId: string,
  trackId: string,
): { track: Track; vtt: string } | undefined {
  const track = findTextTrack(context, assetId, trackId);
  const vtt = context.state.trackVtt.get(trackId);
  return track?.status === 'ready' && vtt !== undefined ? { track, vtt } : undefined;
}

/** Text tracks of the asset (any status), e.g. to find one in a given language. */
export function textTracks(context: SimContext, assetId: string): Track[] {
  return context.state.assets.get(assetId)?.asset.tracks?.filter((track) => track.type === 'text') ?? [];
}
