import type { AssetRow, TrackRow } from '../db/assets.js';
import type { CaptionJobRow } from '../db/caption-jobs.js';

/**
 * Rows an event or a poll wrote, as they now stand, for subscribers once the transaction has committed.
 * A removed track is listed with status `deleted`.
 */
export interface Touched {
  assets: AssetRow[];
  tracks: TrackRow[];
  jobs: CaptionJobRow[];
}

export function nothingTouched(): Touched {
  return { assets: [], tracks: [], jobs: [] };
}

export function combineTouched(...parts: Touched[]): Touched {
  return {
    assets: parts.flatMap((part) => part.assets),
    tracks: parts.flatMap((part) => part.tracks),
    jobs: parts.flatMap((part) => part.jobs),
  };
}
