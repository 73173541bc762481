import type { Asset, Track } from '@mux/mux-node/resources/video/assets';
import type { Upload } from '@mux/mux-node/resources/video/uploads';
import { type CaptionRobotsJob, isCaptionWorkflow } from '../mux/robots.js';
import type { VerifiedEvent } from '../mux/webhooks.js';
import type { News } from './news.js';
import type { TrackError } from './records.js';

/** `data` is the asset for these (static rendition and master events included); not for `video.asset.track.*`. */
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

function robotsJobNews(event: VerifiedEvent, workflowName: string, data: Fields | undefined): EventNews {
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
export function newsOfEvent(event: VerifiedEvent): EventNews {
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
