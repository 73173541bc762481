import { setTimeout as sleep } from 'node:timers/promises';
import type { BackgroundTasks } from '../background.js';
import type { CaptionJobRow, Store, TrackRow } from '../db/store.js';
import type { Committed, Core } from '../domain/core.js';
import type { News } from '../domain/news.js';
import type { Logger } from '../logger.js';
import type { MuxApi } from '../mux/api.js';
import { UpstreamError } from '../mux/errors.js';
import { Lease } from './lease.js';

/** What a replacement job keeps in its parameters besides the track ids. */
export interface ReplacementParameters {
  /** The old track's name, handed to the new track once the old one is gone. */
  name: string | null;
  /** The edited file the gateway serves for Mux to fetch, taken down when the job ends (caption-files.ts). */
  fileId: string | null;
}

interface Replacement {
  jobId: string;
  assetId: string;
  oldTrackId: string;
  newTrackId: string;
  requestedAt: number;
  name: string | null;
}

function replacementOf(job: CaptionJobRow): Replacement | undefined {
  if (job.kind !== 'replacement' || job.status !== 'processing') return undefined;
  if (!job.assetId || !job.sourceTrackId || !job.trackId) return undefined;
  const parameters = (job.parameters ?? {}) as Partial<ReplacementParameters>;
  return {
    jobId: job.id,
    assetId: job.assetId,
    oldTrackId: job.sourceTrackId,
    newTrackId: job.trackId,
    requestedAt: job.requestedAt,
    name: parameters.name ?? null,
  };
}

export interface ReplacementSettings {
  /** How long Mux gets to make the new track ready before the replacement is given up (old track kept). */
  readyTimeoutMs: number;
  /** Waits between attempts when Mux is busy or down while the old track is retired. */
  retryDelaysMs: readonly number[];
  /** How long an instance that took a replacement's next step has it before another may (see Lease). */
  leaseMs: number;
}

export const REPLACEMENT_SETTINGS: ReplacementSettings = {
  readyTimeoutMs: 15 * 60_000,
  retryDelaysMs: [100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000, 5_000, 5_000],
  leaseMs: 30_000,
};

export interface ReplacementDependencies {
  core: Core;
  store: Store;
  mux: MuxApi;
  logger: Logger;
  background: BackgroundTasks;
  settings?: ReplacementSettings;
}

const failure = (message: string): Partial<CaptionJobRow> => ({
  status: 'errored',
  errors: [{ type: 'replacement_failed', message, retryable: true }],
});

/**
 * The state rule of `captionsReplace`: the new track is made first; once it is ready the old one is
 * deleted and its name handed over, so the asset always has captions in the language. When the new track
 * fails (errors, disappears, or is not ready in time) it is deleted and the old one stays. The rule is
 * looked at after every commit that touches the asset, however the news arrived (webhook, the reconciler's
 * poll, a read), and once at start for work left from before a restart.
 */
export class Replacements {
  readonly #deps: ReplacementDependencies;
  readonly #settings: ReplacementSettings;
  /** Jobs whose ending is under way, so two commits in a row do not end one twice. */
  readonly #ending = new Set<string>();

  constructor(dependencies: ReplacementDependencies) {
    this.#deps = dependencies;
    this.#settings = dependencies.settings ?? REPLACEMENT_SETTINGS;
  }

  readonly afterCommit = (committed: Committed): void => {
    if (committed.seenAssetIds.size > 0) this.#inBackground(() => this.checkAssets([...committed.seenAssetIds]));
  };

  /** Looks at every unfinished replacement, for work left from before a restart. */
  resume(): void {
    this.#inBackground(async () => {
      const unfinished = await this.#deps.store.captionJobs.unfinished();
      await this.checkAssets([
        ...new Set(unfinished.flatMap((job) => (replacementOf(job) ? [job.assetId ?? ''] : []))),
      ]);
    });
  }

  /** Applies the rule to the replacements under way on these assets; resolves when what it started is done. */
  async checkAssets(assetIds: readonly string[]): Promise<void> {
    const { store } = this.#deps;
    const [jobs, tracks] = await Promise.all([
      store.captionJobs.byAssetIds(assetIds),
      store.tracks.byAssetIds(assetIds),
    ]);
    const work: Promise<void>[] = [];
    for (const assetId of assetIds) {
      for (const job of jobs.get(assetId) ?? []) {
        const replacement = replacementOf(job);
        if (!replacement || this.#ending.has(replacement.jobId)) continue;
        const newTrack = tracks.get(assetId)?.find((track) => track.muxId === replacement.newTrackId);
        const next = this.#nextStep(replacement, newTrack);
        if (!next) continue;
        this.#ending.add(replacement.jobId);
        // Of several instances, one takes each step; the others find the job ended, or take it over later.
        const lease = new Lease(store, `replacement:${replacement.jobId}`, this.#settings.leaseMs);
        work.push(
          lease
            .whileHeld(next)
            .then(() => undefined)
            .finally(() => this.#ending.delete(replacement.jobId)),
        );
      }
    }
    await Promise.all(work);
  }

  #nextStep(replacement: Replacement, newTrack: TrackRow | undefined): (() => Promise<void>) | undefined {
    if (newTrack?.status === 'ready') return () => this.#retireOld(replacement);
    if (!newTrack) return () => this.#giveUp(replacement, 'the new track disappeared');
    if (newTrack.status === 'errored' || newTrack.status === 'deleted') {
      return () => this.#giveUp(replacement, 'Mux could not process the edited captions');
    }
    if (Date.now() - replacement.requestedAt > this.#settings.readyTimeoutMs) {
      return () => this.#giveUp(replacement, 'the new track did not become ready in time');
    }
    return undefined;
  }

  /** The new track is ready: the old one goes, and its name passes to the new one. */
  async #retireOld(replacement: Replacement): Promise<void> {
    const { mux, logger } = this.#deps;
    const news: News[] = [];
    try {
      await this.#patiently(() => this.#deleteTrack(replacement.assetId, replacement.oldTrackId));
      news.push({ about: 'track', assetId: replacement.assetId, track: { id: replacement.oldTrackId }, deleted: true });
    } catch (error) {
      logger.warn('caption replacement could not remove the original track', {
        jobId: replacement.jobId,
        reason: String(error),
      });
      await this.#finish(
        replacement,
        [],
        failure(
          'The new track is ready, but Mux did not remove the original, so the asset has both; delete one with ' +
            'trackDelete.',
        ),
      );
      return;
    }
    // From here the new track is the asset's captions; a failed rename does not undo that.
    if (replacement.name) {
      const name = replacement.name;
      try {
        const renamed = await this.#patiently(() =>
          mux.updateTrack(replacement.assetId, replacement.newTrackId, { name }),
        );
        news.push({ about: 'track', assetId: replacement.assetId, track: renamed, deleted: false });
      } catch (error) {
        logger.warn('caption replacement could not rename the new track', {
          jobId: replacement.jobId,
          reason: String(error),
        });
      }
    }
    await this.#finish(replacement, news, { status: 'completed', replacedTrackId: replacement.oldTrackId });
  }

  /**
   * The new track will not be ready: the old one stays, and the new one goes (if it can). The job ends before
   * the new track is deleted: Mux's webhook telling of the deletion may arrive before Mux's answer to it, and
   * would otherwise end the job as cancelled; once the job has ended, the deletion cannot change it.
   */
  async #giveUp(replacement: Replacement, why: string): Promise<void> {
    await this.#finish(replacement, [], failure(`${why}; the original track was kept.`));
    try {
      await this.#deleteTrack(replacement.assetId, replacement.newTrackId);
    } catch (error) {
      this.#deps.logger.warn('caption replacement could not remove the failed new track', {
        jobId: replacement.jobId,
        reason: String(error),
      });
      return;
    }
    const deleted = { id: replacement.newTrackId };
    await this.#deps.core.commit([{ about: 'track', assetId: replacement.assetId, track: deleted, deleted: true }]);
  }

  /** Ends the job with what happened at Mux; its edited file is then taken down (workflows/caption-files.ts). */
  async #finish(replacement: Replacement, news: News[], change: Partial<CaptionJobRow>): Promise<void> {
    const now = Date.now();
    // The job's ending goes first: a track it removes must not end the job another way.
    await this.#deps.core.commit([
      { about: 'jobChanged', jobId: replacement.jobId, change: { ...change, finishedAt: now, fetchedAt: now } },
      ...news,
    ]);
  }

  /** A 404 means the track is already gone, which is what deleting it was for (a resumed replacement). */
  async #deleteTrack(assetId: string, trackId: string): Promise<void> {
    try {
      await this.#deps.mux.deleteTrack(assetId, trackId);
    } catch (error) {
      if (!(error instanceof UpstreamError && error.failure.kind === 'not_found')) throw error;
    }
  }

  /** Rides out passing outages and rate limits; gives up on a refusal or when the waits run out. */
  async #patiently<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        const delay = this.#settings.retryDelaysMs[attempt];
        if (delay === undefined || !(error instanceof UpstreamError) || !error.retryable) throw error;
        await sleep(delay, undefined, { signal: this.#deps.background.signal });
      }
    }
  }

  #inBackground(work: () => Promise<void>): void {
    this.#deps.background.run(work, (error) =>
      this.#deps.logger.error('caption replacement failed', { reason: String(error) }),
    );
  }
}
