import type { Track } from '@mux/mux-node/resources/video/assets';
import type { SimContext } from '../context.js';
import { attachTextTrack, readyTextTrack, textTracks } from '../video/operations.js';

/** Simulated seconds Mux takes to ingest a caption file a Robots job uploads. */
const UPLOAD_READY_SECONDS = 5;

/** A job that uploaded captions completes just after the new track is ready, so its outputs are usable at once. */
export const UPLOAD_SETTLE_SECONDS = UPLOAD_READY_SECONDS + 1;

function sameLanguage(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

export function textTracksInLanguage(context: SimContext, assetId: string, languageCode: string): Track[] {
  return textTracks(context, assetId).filter((track) => sameLanguage(track.language_code, languageCode));
}

/** The 422 message when `trackId` is not a ready text track of the asset, else undefined. */
export function sourceTrackProblem(context: SimContext, assetId: string, trackId: string): string | undefined {
  return readyTextTrack(context, assetId, trackId)
    ? undefined
    : `Track ${trackId} is not a ready text track on asset ${assetId}`;
}

export interface CaptionUpload {
  languageCode: string;
  name?: string | undefined;
  closedCaptions?: boolean | undefined;
  vtt: string;
}

/** Adds the job's captions to the asset the way Robots does, through Create Track, so `text_source` is `uploaded`. */
export function uploadCaptions(context: SimContext, assetId: string, upload: CaptionUpload): Track {
  return attachTextTrack(context, assetId, {
    languageCode: upload.languageCode,
    ...(upload.name === undefined ? {} : { name: upload.name }),
    ...(upload.closedCaptions === undefined ? {} : { closedCaptions: upload.closedCaptions }),
    textSource: 'uploaded',
    vtt: upload.vtt,
    readyAfterSeconds: UPLOAD_READY_SECONDS,
  });
}

/** Billing stand-in: units grow with the asset's duration at a per-workflow rate, never below 1. */
export function unitsForDuration(durationSeconds: number | undefined, unitsPerMinute: number): number {
  return Math.max(1, Math.ceil(((durationSeconds ?? 0) / 60) * unitsPerMinute));
}
