import type { CaptionJobRow, CommittedChanges, Store } from '../db/store.js';
import { nextProgressPushAt } from '../domain/model.js';
import type { Broadcast } from '../events/broadcast.js';
import type { Logger } from '../logger.js';

export interface ProgressPushesDependencies {
  store: Store;
  broadcast: Broadcast;
  logger: Logger;
  /** How many times faster than real time Mux works (the simulator's speed). */
  muxSpeed: number;
}

/**
 * A job's estimated progress moves with time alone, with no news from Mux; subscribers would see it only at the
 * next change of status. This tells running work to this instance's subscribers again at each tenth of its
 * progress and at least every few seconds, until news says it is no longer running. Each instance does it for
 * its own subscribers: it is a reading of the clock, not a change to share.
 */
export class ProgressPushes {
  readonly #deps: ProgressPushesDependencies;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #rounds = new Map<string, number>();
  #stopped = false;

  constructor(deps: ProgressPushesDependencies) {
    this.#deps = deps;
  }

  /** Follows the work running now and, from then on, every change the broadcast tells of. */
  async start(): Promise<void> {
    this.#deps.broadcast.watch((changes: CommittedChanges) => {
      for (const job of changes.jobs) void this.#follow(job, Date.now());
      // An asset's duration, learned once it is ready, is what its running work is estimated from.
      const assetIds = changes.assets.map((asset) => asset.muxId);
      if (assetIds.length > 0) void this.#followWorkOf(assetIds, new Set(changes.jobs.map((job) => job.id)));
    });
    const running = await this.#deps.store.captionJobs.unfinished();
    await Promise.all(running.map((job) => this.#follow(job, Date.now())));
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#rounds.clear();
  }

  async #followWorkOf(assetIds: string[], followedAlready: Set<string>): Promise<void> {
    try {
      const jobs = await this.#deps.store.captionJobs.byAssetIds(assetIds);
      for (const job of [...jobs.values()].flat()) {
        if (job.status === 'processing' && !followedAlready.has(job.id)) void this.#follow(job, Date.now());
      }
    } catch (error) {
      this.#deps.logger.warn('progress of running work not followed', {
        assetIds,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async #follow(job: CaptionJobRow, pushedAt: number): Promise<void> {
    // Each change starts a new round; one that an earlier round's read overtook is dropped.
    const round = (this.#rounds.get(job.id) ?? 0) + 1;
    this.#rounds.set(job.id, round);
    clearTimeout(this.#timers.get(job.id));
    this.#timers.delete(job.id);
    try {
      const asset = job.assetId ? (await this.#deps.store.assets.byIds([job.assetId])).get(job.assetId) : undefined;
      if (this.#stopped || this.#rounds.get(job.id) !== round) return;
      const due = nextProgressPushAt(job, asset?.durationSeconds ?? null, pushedAt, this.#deps.muxSpeed);
      if (due === undefined) {
        this.#rounds.delete(job.id);
        return;
      }
      const timer = setTimeout(
        () => {
          this.#deps.broadcast.progress(job);
          void this.#follow(job, Date.now());
        },
        Math.max(0, due - Date.now()),
      );
      timer.unref();
      this.#timers.set(job.id, timer);
    } catch (error) {
      this.#deps.logger.warn('progress of running work not followed', {
        jobId: job.id,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
