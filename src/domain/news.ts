import type { Asset, Track } from '@mux/mux-node/resources/video/assets';
import type { Upload } from '@mux/mux-node/resources/video/uploads';
import type { CaptionJobRow } from '../db/caption-jobs.js';
import type { CaptionRobotsJob, CaptionWorkflow } from '../mux/robots.js';
import type { TrackError } from './records.js';

/**
 * What the gateway learned, from Mux (a webhook, a read, the answer to a mutation) or about its own caption
 * work. News is the only input of the commit path: every change to the gateway's state is some news
 * applied by the rules.
 */
export type News =
  /**
   * Mux's description of an asset: a webhook's copy, which may be older than the cache (tracks missing from
   * it are kept), or the answer to a read asked for at `askedAt`, which removes tracks it does not list
   * unless they were written after it was asked for.
   */
  | { about: 'asset'; asset: Asset; from: { webhook: true; deleted: boolean } | { askedAt: number } }
  /** Mux answered 404 for the asset. */
  | { about: 'assetGone'; assetId: string }
  /** One track as a webhook or the answer to a track mutation describes it. */
  | { about: 'track'; assetId: string; track: Track; deleted: boolean; error?: TrackError | undefined }
  /** Tracks Mux just made (the answer to a mutation): known at once, without reading their asset again. */
  | { about: 'tracksCreated'; assetId: string; tracks: Track[] }
  | { about: 'upload'; upload: Upload }
  /**
   * A Robots job as Mux describes it. From a webhook a completed job waits for its track, so subscribers are
   * told of the job together with the track it made (`waitsForTrack`); a read brings the asset along.
   */
  | { about: 'robotsJob'; job: CaptionRobotsJob; waitsForTrack: boolean }
  /** A webhook that names a Robots job without describing it: Mux is asked for the job. */
  | { about: 'robotsJobRef'; workflow: CaptionWorkflow; muxJobId: string }
  /** Mux answered 404 for the Robots job. */
  | { about: 'robotsJobGone'; muxJobId: string }
  /** A complete listing of the asset index, begun at `startedAt`. */
  | { about: 'assetListing'; listedIds: string[]; startedAt: number }
  /** Caption work the gateway asked Mux for. */
  | { about: 'jobRequested'; job: CaptionJobRow }
  /** The gateway's own news about a job (cancelled, replacement finished); never moves it backwards. */
  | { about: 'jobChanged'; jobId: string; change: Partial<CaptionJobRow> };

/** The name the asset index's last complete read is recorded under. */
export const ASSET_INDEX = 'assets';

/** What must be read from Mux before some news can have its full effect. */
export interface FetchList {
  uploadIds: string[];
  jobs: { workflow: CaptionWorkflow; id: string }[];
  assetIds: string[];
}

export function fetchList(parts: Partial<FetchList>): FetchList {
  return { uploadIds: parts.uploadIds ?? [], jobs: parts.jobs ?? [], assetIds: parts.assetIds ?? [] };
}

export function combineFetchLists(lists: readonly FetchList[]): FetchList {
  const jobs = new Map(lists.flatMap((list) => list.jobs).map((job) => [job.id, job]));
  return {
    uploadIds: [...new Set(lists.flatMap((list) => list.uploadIds))],
    jobs: [...jobs.values()],
    assetIds: [...new Set(lists.flatMap((list) => list.assetIds))],
  };
}

export function isEmptyFetchList(list: FetchList): boolean {
  return list.uploadIds.length === 0 && list.jobs.length === 0 && list.assetIds.length === 0;
}
