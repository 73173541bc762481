import { createHash } from 'node:crypto';
import type { Asset, Track } from '@mux/mux-node/resources/video/assets';
import type { Upload } from '@mux/mux-node/resources/video/uploads';
import { z } from 'zod';
import type { CaptionJobRow } from '../db/store.js';
import { type CaptionRobotsJob, type CaptionWorkflow, isCaptionWorkflow } from '../mux/robots.js';
import { stableJson, type TrackError } from './model.js';

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
  /**
   * A listing of the asset index, begun at `startedAt`. Only a complete one says which assets are gone; an
   * incomplete one (Mux's paging misbehaved) records the attempt and removes nothing.
   */
  | { about: 'assetListing'; listedIds: string[]; startedAt: number; complete: boolean }
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

/** What a webhook event says, read from its `data` (Mux's `object` is not documented for every event). */
export interface EventNews {
  objectType: string | null;
  objectId: string | null;
  news: News[];
}

/** A validly signed event that is not one the gateway can read: kept as received, with why. */
export interface UnreadableEvent {
  id: string;
  type: string;
  reason: string;
}

export type EventReading = ({ ok: true; event: MuxEvent } & EventNews) | ({ ok: false } & UnreadableEvent);

const text = z.string().min(1);
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

const envelope = z.object({
  id: text,
  type: text,
  created_at: optional(z.string()),
  object: optional(z.object({ type: optional(z.string()), id: optional(z.string()) })),
  data: z.unknown(),
});

const trackFields = {
  type: optional(z.string()),
  status: optional(z.string()),
  text_type: optional(z.string()),
  text_source: optional(z.string()),
  language_code: optional(z.string()),
  name: optional(z.string()),
  closed_captions: optional(z.boolean()),
  primary: optional(z.boolean()),
};

const assetData = z.looseObject({
  id: text,
  status: text,
  created_at: optional(z.union([z.string(), z.number()])),
  duration: optional(z.number()),
  passthrough: optional(z.string()),
  upload_id: optional(z.string()),
  meta: optional(z.looseObject({ title: optional(z.string()) })),
  playback_ids: optional(z.array(z.looseObject({ id: text, policy: z.string() }))),
  tracks: optional(z.array(z.looseObject({ id: optional(z.string()), ...trackFields }))),
  errors: optional(z.looseObject({ type: optional(z.string()), messages: optional(z.array(z.string())) })),
});

const trackData = z.looseObject({
  id: text,
  asset_id: text,
  ...trackFields,
  error: optional(z.looseObject({ type: optional(z.string()), messages: optional(z.array(z.string())) })),
});

const uploadData = z.looseObject({
  id: text,
  status: text,
  asset_id: optional(z.string()),
  cors_origin: optional(z.string()),
  url: optional(z.string()),
  timeout: optional(z.number()),
});

const robotsJobData = z.looseObject({
  id: text,
  status: z.enum(['pending', 'processing', 'completed', 'errored', 'cancelled']),
  created_at: z.number(),
  updated_at: z.number(),
  units_consumed: optional(z.number()),
  parameters: z.looseObject({ asset_id: text }),
  outputs: optional(z.record(z.string(), z.unknown())),
  errors: optional(z.array(z.looseObject({ type: z.string(), message: z.string() }))),
});

/** zod's first complaint, as one line naming the field. */
function complaint(error: z.ZodError, prefix: string): string {
  const [issue] = error.issues;
  return issue ? `${[prefix, ...issue.path.map(String)].join('.')}: ${issue.message}` : `${prefix} is not valid`;
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

/** `data` is the asset for these (static rendition and master events included); not for `video.asset.track.*`. */
const ASSET_EVENT = new RegExp(
  '^video\\.asset\\.(created|ready|errored|updated|deleted|live_stream_completed|non_standard_input_detected' +
    '|static_renditions\\.\\w+|master\\.\\w+)$',
);
const TRACK_EVENT = /^video\.asset\.track\.(created|ready|errored|deleted)$/;
const UPLOAD_EVENT = /^video\.upload\.(created|asset_created|cancelled|errored)$/;
/** Webhook names spell the workflow with underscores, the API with hyphens. */
const ROBOTS_JOB_EVENT = /^robots\.job\.([a-z_]+)\.(pending|processing|completed|errored|cancelled)$/;

function robotsJobNews(event: MuxEvent, workflowName: string): EventReading {
  const data = event.data as { workflow?: unknown; id?: unknown } | undefined;
  const workflow = typeof data?.workflow === 'string' ? data.workflow : workflowName.replaceAll('_', '-');
  const jobId = typeof data?.id === 'string' && data.id ? data.id : event.object.id;
  if (!isCaptionWorkflow(workflow)) return { ok: true, event, objectType: 'job', objectId: jobId, news: [] };
  if (!jobId) return { ok: false, id: event.id, type: event.type, reason: 'data.id: the job has no id' };
  const parsed = robotsJobData.safeParse(event.data);
  const news: News = parsed.success
    ? { about: 'robotsJob', job: { ...parsed.data, workflow } as unknown as CaptionRobotsJob, waitsForTrack: true }
    : // A payload that lacks what applying it needs: Mux is asked for the job itself.
      { about: 'robotsJobRef', workflow, muxJobId: jobId };
  return { ok: true, event, objectType: 'job', objectId: jobId, news: [news] };
}

/** Reads an event's `data` as the kind of object its type says it carries. */
function newsOfData(event: MuxEvent): EventReading {
  const robots = ROBOTS_JOB_EVENT.exec(event.type);
  if (robots) return robotsJobNews(event, robots[1] ?? '');
  const unreadable = (error: z.ZodError): EventReading => ({
    ok: false,
    id: event.id,
    type: event.type,
    reason: complaint(error, 'data'),
  });
  if (ASSET_EVENT.test(event.type)) {
    const parsed = assetData.safeParse(event.data);
    if (!parsed.success) return unreadable(parsed.error);
    const asset = parsed.data as unknown as Asset;
    const deleted = event.type === 'video.asset.deleted';
    return {
      ok: true,
      event,
      objectType: 'asset',
      objectId: asset.id,
      news: [{ about: 'asset', asset, from: { webhook: true, deleted } }],
    };
  }
  if (TRACK_EVENT.test(event.type)) {
    const parsed = trackData.safeParse(event.data);
    if (!parsed.success) return unreadable(parsed.error);
    const { asset_id: assetId, error, ...track } = parsed.data;
    const news: News = {
      about: 'track',
      assetId,
      track: track as Track,
      deleted: event.type === 'video.asset.track.deleted',
      error: error as TrackError | undefined,
    };
    return { ok: true, event, objectType: 'track', objectId: track.id, news: [news] };
  }
  if (UPLOAD_EVENT.test(event.type)) {
    const parsed = uploadData.safeParse(event.data);
    if (!parsed.success) return unreadable(parsed.error);
    const upload = parsed.data as unknown as Upload;
    return { ok: true, event, objectType: 'upload', objectId: upload.id, news: [{ about: 'upload', upload }] };
  }
  // Stored and acknowledged, but about nothing the gateway keeps (live streams, other Robots workflows, …).
  return { ok: true, event, objectType: event.object.type, objectId: event.object.id, news: [] };
}

/**
 * Reads a verified webhook body: Mux's envelope, then its `data` as what the event type says it carries.
 * What cannot be read is described, never thrown: a validly signed event is kept either way.
 */
export function readWebhook(payload: unknown): EventReading {
  const parsed = envelope.safeParse(payload);
  if (!parsed.success) {
    const fields = (payload && typeof payload === 'object' ? payload : {}) as { id?: unknown; type?: unknown };
    const id = typeof fields.id === 'string' && fields.id ? fields.id : `unreadable-${stableJsonHash(payload)}`;
    const type = typeof fields.type === 'string' && fields.type ? fields.type : 'unreadable';
    return { ok: false, id, type, reason: complaint(parsed.error, 'event') };
  }
  const { id, type, created_at: createdAt, object, data } = parsed.data;
  return newsOfData({
    id,
    type,
    createdAt: createdAt ?? new Date().toISOString(),
    object: { type: object?.type ?? null, id: object?.id ?? null },
    data: unnestRobotsData(type, data),
    payload,
  });
}

/** A stored event read again (to finish it): stored events were readable when they were stored. */
export function storedEventNews(payload: unknown): News[] {
  const reading = readWebhook(payload);
  return reading.ok ? reading.news : [];
}

function stableJsonHash(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex').slice(0, 32);
}
