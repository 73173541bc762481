import type { GatewayServices } from '../context.js';
import { captionJobByMuxJobId } from '../db/caption-job-sync.js';
import { markEventApplied, storeEvent } from '../db/events.js';
import type { VerifiedEvent } from '../mux/webhooks.js';
import { captureTranscriptsAfter } from '../resolvers/transcripts/index.js';
import { applyAssetSnapshot, applyTrackChange } from './apply-asset.js';
import { applyRobotsJob, awaitsItsTrack } from './apply-job.js';
import { applyUpload } from './apply-upload.js';
import { type EventSubject, subjectKey, subjectOf } from './event-subject.js';
import { type FetchList, fetchList } from './fetch-from-mux.js';
import { publishTouched } from './pubsub.js';
import { nothingTouched, type Touched } from './touched.js';

export interface Application {
  touched: Touched;
  /** What must be read from Mux before the event has its full effect; subscribers hear of it after that. */
  fetch: FetchList | undefined;
}

const done = (touched: Touched): Application => ({ touched, fetch: undefined });
const awaiting = (fetch: FetchList): Application => ({ touched: nothingTouched(), fetch });

/**
 * Applies what an event says to the cached state, never moving anything backwards; call it inside a
 * transaction. Applying the same event again changes nothing, so recovery can simply repeat it.
 */
export function applySubject(services: GatewayServices, subject: EventSubject, now: number): Application {
  const { db } = services;
  switch (subject.kind) {
    case 'asset':
      return done(applyAssetSnapshot(db, subject.asset, { authoritative: false, deleted: subject.deleted }, now));
    case 'track': {
      const touched = applyTrackChange(db, subject, now);
      return touched ? done(touched) : awaiting(fetchList({ assetIds: [subject.assetId] }));
    }
    case 'upload':
      return done(applyUpload(services.db, subject.upload, now));
    case 'job': {
      const job = applyRobotsJob(db, subject.workflow, subject.job, now);
      return job.assetId && awaitsItsTrack(db, job)
        ? awaiting(fetchList({ assetIds: [job.assetId] }))
        : done({ ...nothingTouched(), jobs: [job] });
    }
    case 'jobRef':
      return awaiting(fetchList({ jobs: [{ workflow: subject.workflow, id: subject.jobId }] }));
    case 'other':
      return done(nothingTouched());
  }
}

/** The job an event was about, as it now stands, for subscribers once what it awaited has been fetched. */
export function subjectJobs(services: GatewayServices, subject: EventSubject): Touched {
  const muxJobId = subject.kind === 'job' ? subject.job.id : subject.kind === 'jobRef' ? subject.jobId : undefined;
  const job = muxJobId ? captionJobByMuxJobId(services.db, muxJobId) : undefined;
  return { ...nothingTouched(), jobs: job ? [job] : [] };
}

export interface Ingested {
  duplicate: boolean;
  /** Stored and partly applied; the rest needs Mux and happens after the answer. */
  awaitingMux: boolean;
}

/**
 * Stores a verified event (once per Mux event id) and applies it in one transaction, so by the time Mux
 * gets its 2xx the event is durable and its effect is in the cache, or marked as still needing a fetch.
 */
export function ingestEvent(services: GatewayServices, event: VerifiedEvent): Ingested {
  const subject = subjectOf(event);
  const now = Date.now();
  const application = services.db.transaction(() => {
    const stored = storeEvent(services.db, {
      id: event.id,
      type: event.type,
      ...subjectKey(event, subject),
      createdAt: event.createdAt,
      payload: event.payload,
      appliedAt: null,
    });
    if (!stored) return undefined;
    const applied = applySubject(services, subject, now);
    if (!applied.fetch) markEventApplied(services.db, event.id, now);
    return applied;
  });
  if (!application) return { duplicate: true, awaitingMux: false };
  publishTouched(services.pubsub, application.touched);
  captureTranscriptsAfter(services, {
    tracks: application.touched.tracks,
    robotsJobs: subject.kind === 'job' ? [subject.job] : [],
  });
  if (application.fetch) services.pubsub.publish('eventAwaitingMux', event.id);
  return { duplicate: false, awaitingMux: Boolean(application.fetch) };
}
