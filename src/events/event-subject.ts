import type { Asset, Track } from '@mux/mux-node/resources/video/assets';
import type { Upload } from '@mux/mux-node/resources/video/uploads';
import { type CaptionWorkflow, isCaptionWorkflow, type RobotsJob } from '../mux/robots.js';
import type { VerifiedEvent } from '../mux/webhooks.js';

export interface TrackError {
  type?: string;
  messages?: string[];
}

/** What an event is about, read from its `data` (Mux's `object` block is not documented for every event). */
export type EventSubject =
  | { kind: 'asset'; asset: Asset; deleted: boolean }
  | { kind: 'track'; assetId: string; track: Track; deleted: boolean; error: TrackError | undefined }
  | { kind: 'upload'; upload: Upload }
  | { kind: 'job'; workflow: CaptionWorkflow; job: RobotsJob }
  /** A caption job whose payload lacks what applying it needs: Mux is asked for the job itself. */
  | { kind: 'jobRef'; workflow: CaptionWorkflow; jobId: string }
  /** Stored and acknowledged, but nothing the gateway caches (live streams, other Robots workflows, …). */
  | { kind: 'other' };

/** `data` is the asset for these (static rendition and master events included); not for `video.asset.track.*` and the like. */
const ASSET_EVENT =
  /^video\.asset\.(created|ready|errored|updated|deleted|live_stream_completed|non_standard_input_detected|static_renditions\.\w+|master\.\w+)$/;
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

function isRobotsJob(data: Fields): boolean {
  return (
    isText(data.id) &&
    JOB_STATUSES.has(data.status as string) &&
    typeof data.created_at === 'number' &&
    typeof data.updated_at === 'number' &&
    isText(fields(data.parameters)?.asset_id)
  );
}

function robotsJobSubject(event: VerifiedEvent, workflowName: string, data: Fields | undefined): EventSubject {
  const workflow = typeof data?.workflow === 'string' ? data.workflow : workflowName.replaceAll('_', '-');
  if (!isCaptionWorkflow(workflow)) return { kind: 'other' };
  if (data && isRobotsJob(data)) return { kind: 'job', workflow, job: data as unknown as RobotsJob };
  const jobId = isText(data?.id) ? data.id : event.object.id;
  return jobId ? { kind: 'jobRef', workflow, jobId } : { kind: 'other' };
}

export function subjectOf(event: VerifiedEvent): EventSubject {
  const data = fields(event.data);
  const robots = ROBOTS_JOB_EVENT.exec(event.type);
  if (robots) return robotsJobSubject(event, robots[1] ?? '', data);
  if (!data || !isText(data.id)) return { kind: 'other' };
  if (ASSET_EVENT.test(event.type) && ASSET_STATUSES.has(data.status as string)) {
    return { kind: 'asset', asset: data as unknown as Asset, deleted: event.type === 'video.asset.deleted' };
  }
  if (TRACK_EVENT.test(event.type) && isText(data.asset_id)) {
    return {
      kind: 'track',
      assetId: data.asset_id,
      track: data as unknown as Track,
      deleted: event.type === 'video.asset.track.deleted',
      error: fields(data.error) as TrackError | undefined,
    };
  }
  if (UPLOAD_EVENT.test(event.type) && isText(data.status))
    return { kind: 'upload', upload: data as unknown as Upload };
  return { kind: 'other' };
}

/** The object an event is stored under. */
export function subjectKey(
  event: VerifiedEvent,
  subject: EventSubject,
): { objectType: string | null; objectId: string | null } {
  switch (subject.kind) {
    case 'asset':
      return { objectType: 'asset', objectId: subject.asset.id };
    case 'track':
      return { objectType: 'track', objectId: subject.track.id ?? null };
    case 'upload':
      return { objectType: 'upload', objectId: subject.upload.id };
    case 'job':
      return { objectType: 'job', objectId: subject.job.id };
    case 'jobRef':
      return { objectType: 'job', objectId: subject.jobId };
    case 'other':
      return { objectType: event.object.type, objectId: event.object.id };
  }
}
