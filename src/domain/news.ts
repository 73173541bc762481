import type { Asset, Track } from '@mux/mux-node/resources/video/assets';
import type { Upload } from '@mux/mux-node/resources/video/uploads';
import type { CaptionJobRow } from '../db/store.js';
import { type CaptionRobotsJob, type CaptionWorkflow, isCaptionWorkflow } from '../mux/robots.js';
import type { TrackError } from './model.js';

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

/** A webhook event as Mux's envelope describes it. */
export interface MuxEvent {
  id: string;
  type: string;
  createdAt: string;
  object: { type: string | null; id: string | null };
  data: unknown;
  payload: unknown;
}

/** A payload whose signature checks out but which is not a Mux event the gateway can read. */
export class MalformedEvent extends Error {
  override readonly name = 'MalformedEvent';
}

/**
 * Robots job events are documented as carrying the job under `data["robots.job.<wf>.<status>"]`, while
 * deliveries seen in practice carry it as `data` itself; both are accepted and normalised to the latter.
 */
function unnestRobotsData(type: string, data: unknown): unknown {
  if (type.startsWith('robots.job.') && data && typeof data === 'object' && type in data) {
    return (data as Record<string, unknown>)[type];
  }
  return data;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** Reads Mux's envelope: the event id, type and subject, with Robots job data un-nested. */
export function readEvent(payload: unknown): MuxEvent {
  if (!payload || typeof payload !== 'object') throw new MalformedEvent('body is not a JSON object');
  const event = payload as Record<string, unknown>;
  const id = text(event.id);
  const type = text(event.type);
  if (!id || !type) throw new MalformedEvent('event has no id or type');
  const object = (event.object ?? {}) as Record<string, unknown>;
  return {
    id,
    type,
    createdAt: text(event.created_at) ?? new Date().toISOString(),
    object: { type: text(object.type), id: text(object.id) },
    data: unnestRobotsData(type, event.data),
    payload,
  };
}

/** `data` is the asset for these (static rendition and master events included); not for `video.asset.track.*`. */
const ASSET_EVENT = new RegExp(
  '^video\\.asset\\.(created|ready|errored|updated|deleted|live_stream_completed|non_standard_input_detected' +
    '|static_renditions\\.\\w+|master\\.\\w+)$',
);
const TRACK_EVENT = /^video\.asset\.track\.(created|ready|errored|deleted)$/;
const UPLOAD_EVENT = /^video\.upload\.(created|asset_created|cancelled|errored)$/;
/** Webhook names spell the workflow with underscores, the API with hyphens. */
const ROBOTS_JOB_EVENT = /^robots\.job\.([a-z_]+)\.(pending|processing|completed|errored|cancelled)$/;

const ASSET_STATUSES = new Set(['preparing', 'ready', 'errored']);
const JOB_STATUSES = new Set(['pending', 'processing', 'completed', 'errored', 'cancelled']);

type Fields = Record<string, unknown>;

function fields(value: unknown): Fields | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : undefined;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** What an event is about and what it says, read from its `data` (Mux's `object` is not documented for every event). */
export interface EventNews {
  objectType: string | null;
  objectId: string | null;
  news: News[];
}

function isRobotsJob(data: Fields): boolean {
  return (
    isText(data.id) &&
    JOB_STATUSES.has(data.status as string) &&
    typeof data.created_at === 'number' &&
    typeof data.updated_at === 'number' &&
    isText(fields(data.parameters)?.asset_id)
  );
}

function robotsJobNews(event: MuxEvent, workflowName: string, data: Fields | undefined): EventNews {
  const workflow = typeof data?.workflow === 'string' ? data.workflow : workflowName.replaceAll('_', '-');
  const jobId = isText(data?.id) ? data.id : event.object.id;
  const about = { objectType: 'job', objectId: jobId };
  if (!isCaptionWorkflow(workflow) || !jobId)
    return { objectType: event.object.type, objectId: event.object.id, news: [] };
  if (data && isRobotsJob(data)) {
    const job = { ...data, workflow } as unknown as CaptionRobotsJob;
    return { ...about, news: [{ about: 'robotsJob', job, waitsForTrack: true }] };
  }
  // A payload that lacks what applying it needs: Mux is asked for the job itself.
  return { ...about, news: [{ about: 'robotsJobRef', workflow, muxJobId: jobId }] };
}

/** Reads a verified event into news; events about nothing the gateway keeps bring none (they are still stored). */
export function newsOfEvent(event: MuxEvent): EventNews {
  const data = fields(event.data);
  const robots = ROBOTS_JOB_EVENT.exec(event.type);
  if (robots) return robotsJobNews(event, robots[1] ?? '', data);
  const other: EventNews = { objectType: event.object.type, objectId: event.object.id, news: [] };
  if (!data || !isText(data.id)) return other;
  if (ASSET_EVENT.test(event.type) && ASSET_STATUSES.has(data.status as string)) {
    const asset = data as unknown as Asset;
    return {
      objectType: 'asset',
      objectId: asset.id,
      news: [{ about: 'asset', asset, from: { webhook: true, deleted: event.type === 'video.asset.deleted' } }],
    };
  }
  if (TRACK_EVENT.test(event.type) && isText(data.asset_id)) {
    const track = data as unknown as Track;
    return {
      objectType: 'track',
      objectId: data.id,
      news: [
        {
          about: 'track',
          assetId: data.asset_id,
          track,
          deleted: event.type === 'video.asset.track.deleted',
          error: fields(data.error) as TrackError | undefined,
        },
      ],
    };
  }
  if (UPLOAD_EVENT.test(event.type) && isText(data.status)) {
    return { objectType: 'upload', objectId: data.id, news: [{ about: 'upload', upload: data as unknown as Upload }] };
  }
  return other;
}
