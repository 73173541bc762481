import type { ReconcileSettings } from '../config.js';
import type { CaptionJobRow, Store, UnappliedEvent } from '../db/store.js';
import type { Core } from '../domain/core.js';
import { failuresOf } from '../domain/fetch.js';
import { stateVersion } from '../domain/model.js';
import { combineFetchLists, type FetchList, fetchList } from '../domain/news.js';
import type { Broadcast } from '../events/broadcast.js';
import type { Logger } from '../logger.js';
import type { UpstreamError } from '../mux/errors.js';
import { isCaptionWorkflow } from '../mux/robots.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { Lease } from './lease.js';

/** The reconciler looks for new unfinished work at least this often, and at most this often. */
const MIN_SWEEP_MS = 50;
const MAX_SWEEP_MS = 15_000;
const MIN_LEASE_MS = 200;

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

/** The Mux resource whose state tells how a job stands: its Robots job, else its asset, else its upload. */
function whatToAsk(job: CaptionJobRow): FetchList | undefined {
  if (job.muxJobId && isCaptionWorkflow(job.muxWorkflow)) {
    return fetchList({ jobs: [{ workflow: job.muxWorkflow, id: job.muxJobId }] });
  }
  if (job.assetId) return fetchList({ assetIds: [job.assetId] });
  return job.uploadId ? fetchList({ uploadIds: [job.uploadId] }) : undefined;
}

export interface ReconcilerDependencies {
  core: Core;
  store: Store;
  broadcast: Broadcast;
  logger: Logger;
  metrics: GatewayMetrics;
  settings: ReconcileSettings;
}

/**
 * The only code that polls Mux. It asks about caption work that has had no news for a while, so every job
 * ends even where webhooks never arrive (replacements included: their rule runs on whatever the poll
 * commits), and finishes stored webhook events that still need something from Mux. Each piece of work is
 * asked about after `afterSeconds` without news, then after twice that, and so on up to
 * `maxIntervalSeconds`; any news starts it over. Everything it follows is read from the store, so a restart
 * resumes it all.
 */
export class Reconciler {
  readonly #deps: ReconcilerDependencies;
  readonly #jobs = new Map<string, FollowedJob>();
  readonly #events = new Map<string, Backoff>();
  #timer: NodeJS.Timeout | undefined;
  #sweep: Promise<void> | undefined;
  #sweepAgain = false;
  #stopped = true;
  /** Mux asked to be left alone until then (Retry-After). */
  #quietUntil = 0;
  /** Stops listening for stored events that await something from Mux. */
  #stopListening = () => {};
  /**
   * Of several instances, the one holding this sweeps; it renews it at every sweep (at least every half
   * `afterSeconds`), so when it dies another takes over within one and a half `afterSeconds`.
   */
  readonly #lease: Lease;

  constructor(dependencies: ReconcilerDependencies) {
    this.#deps = dependencies;
    this.#lease = new Lease(
      dependencies.store,
      'reconciler',
      Math.max(dependencies.settings.afterSeconds * 1000, MIN_LEASE_MS),
    );
  }

  start(): void {
    this.#stopped = false;
    this.#stopListening = this.#deps.broadcast.listen('eventAwaitingMux', '', () => this.wake());
    this.wake();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#clearTimer();
    this.#stopListening();
    await this.#sweep;
    await this.#lease.release().catch(() => undefined);
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

  #delayMs(attempt: number): number {
    const { afterSeconds, maxIntervalSeconds } = this.#deps.settings;
    return Math.min(afterSeconds * 2 ** attempt, Math.max(afterSeconds, maxIntervalSeconds)) * 1000;
  }

  #dueAt(backoff: Backoff, lastNewsAt: number): number {
    return Math.max(lastNewsAt, backoff.lastAskedAt) + this.#delayMs(backoff.attempt);
  }

  /** Unfinished jobs whose time has come; jobs that changed since the last sweep start their backoff over. */
  async #dueJobs(now: number): Promise<CaptionJobRow[]> {
    const unfinished = (await this.#deps.store.captionJobs.unfinished()).filter((job) => whatToAsk(job) !== undefined);
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

  async #dueEvents(now: number): Promise<UnappliedEvent[]> {
    const pending = await this.#deps.store.events.unapplied();
    const ids = new Set(pending.map((event) => event.id));
    for (const id of this.#events.keys()) if (!ids.has(id)) this.#events.delete(id);
    return pending.filter((event) => {
      const backoff = this.#events.get(event.id);
      return !backoff || this.#dueAt(backoff, 0) <= now;
    });
  }

  async #runSweep(): Promise<void> {
    const now = Date.now();
    if (now < this.#quietUntil) return;
    try {
      if (!(await this.#lease.hold())) return;
      await this.#reconcile(now);
    } catch (error) {
      this.#deps.logger.error('reconciler sweep failed', {
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async #reconcile(now: number): Promise<void> {
    const { core, store, logger } = this.#deps;
    const jobs = await this.#dueJobs(now);
    const events = await this.#dueEvents(now);
    if (jobs.length === 0 && events.length === 0) return;
    this.#deps.metrics.reconcilerPolls.inc();

    const failures: UpstreamError[] = [];
    let eventsFinished = 0;
    for (const event of events) {
      const eventFailures = await core.completeEvent(event);
      failures.push(...eventFailures);
      if (eventFailures.length === 0) {
        eventsFinished += 1;
        this.#events.delete(event.id);
      } else {
        this.#events.set(event.id, { attempt: (this.#events.get(event.id)?.attempt ?? -1) + 1, lastAskedAt: now });
      }
    }

    const list = combineFetchLists(jobs.flatMap((job) => whatToAsk(job) ?? []));
    const { fetched } = await core.refresh(list);
    const asked = fetched.uploads.size + fetched.jobs.size + fetched.assets.size;
    failures.push(...failuresOf(fetched));

    const current = await store.captionJobs.byIds(jobs.map((job) => job.id));
    for (const job of jobs) {
      const followed = this.#jobs.get(job.id);
      const after = current.get(job.id);
      if (!followed || !after) continue;
      const version = stateVersion(after);
      const attempt = version === followed.version ? followed.attempt + 1 : 0;
      this.#jobs.set(job.id, { version, attempt, lastAskedAt: now, lastNewsAt: after.fetchedAt });
    }
    const retryAfter = Math.max(
      0,
      ...failures.map((error) => (error.failure.kind === 'rate_limited' ? (error.failure.retryAfterSeconds ?? 0) : 0)),
    );
    if (retryAfter > 0) this.#quietUntil = now + retryAfter * 1000;
    logger.info('reconciled with Mux', { jobs: jobs.length, events: events.length, asked, eventsFinished });
  }

  #scheduleNext(): void {
    if (this.#stopped) return;
    const now = Date.now();
    const jobDue = [...this.#jobs.values()].map((followed) => this.#dueAt(followed, followed.lastNewsAt));
    const eventDue = [...this.#events.values()].map((backoff) => this.#dueAt(backoff, 0));
    const sweepMs = Math.min(Math.max((this.#deps.settings.afterSeconds * 1000) / 2, MIN_SWEEP_MS), MAX_SWEEP_MS);
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
