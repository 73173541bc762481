import type { ReconcileSettings } from '../config.js';
import type { GatewayServices } from '../context.js';
import { unfinishedCaptionJobs } from '../db/caption-job-sync.js';
import { type CaptionJobRow, captionJobRowsById } from '../db/caption-jobs.js';
import { markEventApplied, unappliedEvents } from '../db/events.js';
import { isCaptionWorkflow } from '../mux/robots.js';
import { normaliseEvent } from '../mux/webhooks.js';
import { captureTranscriptsAfter } from '../resolvers/transcripts/index.js';
import { type EventSubject, subjectOf } from './event-subject.js';
import {
  answeredAll,
  answeredJobs,
  applyFetched,
  combineFetchLists,
  type Fetched,
  type FetchList,
  failuresOf,
  fetchFromMux,
  fetchList,
} from './fetch-from-mux.js';
import { applySubject, subjectJobs } from './ingest.js';
import { publishTouched } from './pubsub.js';
import { stateVersion } from './state-version.js';
import { combineTouched, nothingTouched } from './touched.js';

/** The reconciler looks for new unfinished work at least this often, and at most this often. */
const MIN_SWEEP_MS = 50;
const MAX_SWEEP_MS = 15_000;

interface Backoff {
  /** Asks in a row that brought nothing new (or failed). */
  attempt: number;
  lastAskedAt: number;
}

interface FollowedJob extends Backoff {
  version: string;
  /** When the gateway last heard anything about the job (its row's `fetchedAt`). */
  lastNewsAt: number;
}

export interface ReconcilerStats {
  /** Timers the reconciler holds (0 or 1). */
  timers: number;
  followedJobs: number;
  eventsAwaitingMux: number;
  /** Calls made to Mux on behalf of unfinished work or events, since start. */
  asks: number;
}

/** The Mux resource whose state tells how a job stands. */
function whatToAsk(job: CaptionJobRow): FetchList | undefined {
  if (job.muxJobId && job.muxWorkflow && isCaptionWorkflow(job.muxWorkflow)) {
    return fetchList({ jobs: [{ workflow: job.muxWorkflow, id: job.muxJobId }] });
  }
  if (job.assetId) return fetchList({ assetIds: [job.assetId] });
  return job.uploadId ? fetchList({ uploadIds: [job.uploadId] }) : undefined;
}

/**
 * Asks Mux about caption work that has had no news for a while, so every job ends even where webhooks never
 * arrive, and finishes stored events that still need something from Mux. Each piece of work is asked about
 * after `afterSeconds` without news, then after twice that, and so on up to `maxIntervalSeconds`; any news
 * starts it over. Everything it follows is read from SQLite, so a restart resumes it all.
 */
export class Reconciler {
  readonly #services: GatewayServices;
  readonly #settings: ReconcileSettings;
  readonly #jobs = new Map<string, FollowedJob>();
  readonly #events = new Map<string, Backoff>();
  #timer: NodeJS.Timeout | undefined;
  #sweep: Promise<void> | undefined;
  #sweepAgain = false;
  #stopped = true;
  /** Mux asked to be left alone until then (Retry-After). */
  #quietUntil = 0;
  #asks = 0;
  #wakeups: AsyncIterator<string> | undefined;

  constructor(services: GatewayServices, settings: ReconcileSettings) {
    this.#services = services;
    this.#settings = settings;
  }

  start(): void {
    this.#stopped = false;
    this.#listenForEvents();
    this.wake();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#clearTimer();
    await this.#wakeups?.return?.();
    this.#wakeups = undefined;
    await this.#sweep;
  }

  /** Sweeps now (or right after the sweep under way). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#sweep) {
      this.#sweepAgain = true;
      return;
    }
    this.#clearTimer();
    this.#sweep = this.#runSweep().finally(() => {
      this.#sweep = undefined;
      if (this.#sweepAgain) {
        this.#sweepAgain = false;
        this.wake();
      } else {
        this.#scheduleNext();
      }
    });
  }

  stats(): ReconcilerStats {
    return {
      timers: this.#timer ? 1 : 0,
      followedJobs: this.#jobs.size,
      eventsAwaitingMux: this.#events.size,
      asks: this.#asks,
    };
  }

  #listenForEvents(): void {
    const wakeups = this.#services.pubsub.subscribe('eventAwaitingMux')[Symbol.asyncIterator]();
    this.#wakeups = wakeups;
    const listen = async () => {
      while (!(await wakeups.next()).done) this.wake();
    };
    void listen();
  }

  #delayMs(attempt: number): number {
    const { afterSeconds, maxIntervalSeconds } = this.#settings;
    return Math.min(afterSeconds * 2 ** attempt, Math.max(afterSeconds, maxIntervalSeconds)) * 1000;
  }

  #dueAt(backoff: Backoff, lastNewsAt: number): number {
    return Math.max(lastNewsAt, backoff.lastAskedAt) + this.#delayMs(backoff.attempt);
  }

  /** Unfinished jobs whose time has come; jobs that changed since the last sweep start their backoff over. */
  #dueJobs(now: number): CaptionJobRow[] {
    const unfinished = unfinishedCaptionJobs(this.#services.db).filter((job) => whatToAsk(job) !== undefined);
    const ids = new Set(unfinished.map((job) => job.id));
    for (const id of this.#jobs.keys()) if (!ids.has(id)) this.#jobs.delete(id);
    return unfinished.filter((job) => {
      const version = stateVersion(job);
      const known = this.#jobs.get(job.id);
      const followed =
        known && known.version === version
          ? { ...known, lastNewsAt: job.fetchedAt }
          : { version, attempt: 0, lastAskedAt: 0, lastNewsAt: job.fetchedAt };
      this.#jobs.set(job.id, followed);
      return this.#dueAt(followed, followed.lastNewsAt) <= now;
    });
  }

  #dueEvents(now: number): { id: string; subject: EventSubject }[] {
    const pending = unappliedEvents(this.#services.db);
    const ids = new Set(pending.map((event) => event.id));
    for (const id of this.#events.keys()) if (!ids.has(id)) this.#events.delete(id);
    return pending
      .filter((event) => {
        const backoff = this.#events.get(event.id);
        return !backoff || this.#dueAt(backoff, 0) <= now;
      })
      .map((event) => ({ id: event.id, subject: subjectOf(normaliseEvent(event.payload)) }));
  }

  async #runSweep(): Promise<void> {
    const now = Date.now();
    if (now < this.#quietUntil) return;
    try {
      await this.#reconcile(now);
    } catch (error) {
      this.#services.logger.error('reconciler sweep failed', {
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async #reconcile(now: number): Promise<void> {
    const { db, logger } = this.#services;
    const jobs = this.#dueJobs(now);
    const events = this.#dueEvents(now);
    if (jobs.length === 0 && events.length === 0) return;

    // Applying a stored event again changes nothing; it tells what the event still waits for.
    const eventNeeds = db.transaction(() =>
      events.map((event) => ({ ...event, application: applySubject(this.#services, event.subject, now) })),
    );
    const jobNeeds = jobs.map((job) => whatToAsk(job)).filter((list): list is FetchList => list !== undefined);
    const list = combineFetchLists([
      ...jobNeeds,
      ...eventNeeds.flatMap((event) => (event.application.fetch ? [event.application.fetch] : [])),
    ]);
    const fetched = await fetchFromMux(this.#services, list);
    const asked = fetched.uploads.size + fetched.jobs.size + fetched.assets.size;
    this.#asks += asked;

    const finishedEvents: string[] = [];
    const touched = db.transaction(() => {
      const applied = applyFetched(this.#services, fetched, Date.now());
      for (const event of eventNeeds) {
        if (event.application.fetch && !answeredAll(fetched, event.application.fetch)) continue;
        markEventApplied(db, event.id, Date.now());
        finishedEvents.push(event.id);
      }
      return applied;
    });

    const current = captionJobRowsById(
      db,
      jobs.map((job) => job.id),
    );
    const finished = eventNeeds.filter((event) => finishedEvents.includes(event.id));
    // Polled jobs are told as they stand even when unchanged: another path may have written them silently.
    const told = combineTouched(
      touched,
      ...finished.map((event) => event.application.touched),
      ...finished.map((event) => subjectJobs(this.#services, event.subject)),
      { ...nothingTouched(), jobs: [...current.values()] },
    );
    publishTouched(this.#services.pubsub, told);
    // Without webhooks this is where finished work is seen: premium outputs expire 7 days after completion.
    captureTranscriptsAfter(this.#services, { tracks: told.tracks, robotsJobs: answeredJobs(fetched) });
    this.#recordOutcome(
      jobs,
      current,
      eventNeeds.map((event) => event.id),
      finishedEvents,
      fetched,
      now,
    );
    logger.info('reconciled with Mux', {
      jobs: jobs.length,
      events: events.length,
      asked,
      eventsFinished: finishedEvents.length,
    });
  }

  #recordOutcome(
    asked: readonly CaptionJobRow[],
    current: ReadonlyMap<string, CaptionJobRow>,
    eventIds: readonly string[],
    finishedEvents: readonly string[],
    fetched: Fetched,
    now: number,
  ): void {
    for (const job of asked) {
      const followed = this.#jobs.get(job.id);
      const after = current.get(job.id);
      if (!followed || !after) continue;
      const version = stateVersion(after);
      const changed = version !== followed.version;
      this.#jobs.set(job.id, {
        version,
        attempt: changed ? 0 : followed.attempt + 1,
        lastAskedAt: now,
        lastNewsAt: after.fetchedAt,
      });
    }
    for (const id of eventIds) {
      if (finishedEvents.includes(id)) {
        this.#events.delete(id);
        continue;
      }
      const backoff = this.#events.get(id);
      this.#events.set(id, { attempt: backoff ? backoff.attempt + 1 : 0, lastAskedAt: now });
    }
    const retryAfter = Math.max(
      0,
      ...failuresOf(fetched).map((error) =>
        error.failure.kind === 'rate_limited' ? (error.failure.retryAfterSeconds ?? 0) : 0,
      ),
    );
    if (retryAfter > 0) this.#quietUntil = now + retryAfter * 1000;
  }

  #scheduleNext(): void {
    if (this.#stopped) return;
    const now = Date.now();
    const jobDue = [...this.#jobs.values()].map((followed) => this.#dueAt(followed, followed.lastNewsAt));
    const eventDue = [...this.#events.values()].map((backoff) => this.#dueAt(backoff, 0));
    const sweepMs = Math.min(Math.max((this.#settings.afterSeconds * 1000) / 2, MIN_SWEEP_MS), MAX_SWEEP_MS);
    const nextAt = Math.max(this.#quietUntil, Math.min(now + sweepMs, ...jobDue, ...eventDue));
    this.#clearTimer();
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.wake();
      },
      Math.max(0, nextAt - now),
    );
    this.#timer.unref();
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
