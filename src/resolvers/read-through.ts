import { setTimeout as sleep } from 'node:timers/promises';
import type { AssetRow, CaptionJobRow, TrackRow, UploadRow } from '../db/store.js';
import { type StaleRead, staleReadOf } from '../domain/asset-index.js';
import type { Answer, Fetched } from '../domain/fetch.js';
import { isFinal } from '../domain/model.js';
import { type FetchList, fetchList } from '../domain/news.js';
import { type GatewayError, LimitExceededError, NotFoundError } from '../errors.js';
import { isCaptionWorkflow } from '../mux/robots.js';
import type { GatewayServices } from '../services.js';

/** Where a request notes the answers it was given from the cache because Mux could not be asked. */
export class StaleReads {
  readonly notes: StaleRead[] = [];

  note(note: StaleRead): void {
    if (!this.notes.some((known) => known.resource === note.resource && known.id === note.id)) this.notes.push(note);
  }
}

/** How many calls to Mux one request may still cause. */
export class MuxBudget {
  #left: number;

  constructor(readonly max: number) {
    this.#left = max;
  }

  /** Takes up to `wanted` calls; returns how many were granted. */
  take(wanted: number): number {
    const granted = Math.min(wanted, this.#left);
    this.#left -= granted;
    return granted;
  }

  get spent(): number {
    return this.max - this.#left;
  }
}

/**
 * Reads from Mux under way, by resource and id: concurrent requests for one row that went stale share one call
 * to Mux (and its commit) instead of each making its own.
 */
export class RefreshesInFlight {
  readonly #flights = new Map<string, Promise<Fetched>>();

  of(resource: string, id: string): Promise<Fetched> | undefined {
    return this.#flights.get(`${resource}:${id}`);
  }

  add(resource: string, ids: readonly string[], refresh: Promise<Fetched>): void {
    for (const id of ids) this.#flights.set(`${resource}:${id}`, refresh);
    const settled = () => {
      for (const id of ids)
        if (this.#flights.get(`${resource}:${id}`) === refresh) this.#flights.delete(`${resource}:${id}`);
    };
    refresh.then(settled, settled);
  }
}

function mergeFetched(all: readonly Fetched[]): Fetched {
  return {
    uploads: new Map(all.flatMap((fetched) => [...fetched.uploads])),
    jobs: new Map(all.flatMap((fetched) => [...fetched.jobs])),
    assets: new Map(all.flatMap((fetched) => [...fetched.assets])),
  };
}

/** Resources Mux said it does not have, believed for a while so that asking again costs no call. */
export class RecentlyMissing {
  readonly #until = new Map<string, number>();

  constructor(private readonly ttlMs: number) {}

  add(resource: string, id: string): void {
    const now = Date.now();
    if (this.#until.size >= 10_000) for (const [key, until] of this.#until) if (until <= now) this.#until.delete(key);
    this.#until.set(`${resource}:${id}`, now + this.ttlMs);
  }

  has(resource: string, id: string): boolean {
    return (this.#until.get(`${resource}:${id}`) ?? 0) > Date.now();
  }
}

export interface ReadOptions {
  /** Ask Mux even when the stored answer is fresh. */
  fresh?: boolean;
  stale?: StaleReads;
  /** The request's calls to Mux; without one, reads are not counted (background work). */
  budget?: MuxBudget;
}

export type Loaded<Row> = Row | GatewayError;

interface ReadSpec<Row> {
  resource: string;
  stored(ids: readonly string[]): Promise<Map<string, Row>>;
  isFresh(row: Row, now: number): boolean;
  confirmedAt(row: Row): number;
  /** A stored row that stands for something gone (a deleted asset). */
  isGone?(row: Row): boolean;
  /** Mux answering 404 means the row is gone (an asset, an upload), not that it ended (a job). */
  goneWhenMuxHasNone: boolean;
  /** What to ask Mux to learn how these rows stand now. */
  toAsk(ids: readonly string[], stored: ReadonlyMap<string, Row>): FetchList;
  /** Mux's answer about one row, among what was fetched. */
  answerFor(id: string, fetched: Fetched, stored: ReadonlyMap<string, Row>): Answer<unknown> | undefined;
}

/**
 * Answers each id from the store while its row is fresh; otherwise asks Mux (one commit for all of them) and
 * answers with what the commit stored. A row with a stored answer is never held up by Mux for longer than
 * `readWaitSeconds`, nor asked about beyond the request's budget of Mux calls, nor answered with an error
 * when Mux is busy or down: the stored answer is given and noted as stale (and a slow read finishes behind,
 * so the store is current for the next request). Without one, the client gets the typed error.
 */
async function readThrough<Row>(
  services: GatewayServices,
  spec: ReadSpec<Row>,
  ids: readonly string[],
  options: ReadOptions,
): Promise<Loaded<Row>[]> {
  const now = Date.now();
  const stored = await spec.stored(ids);
  const due = ids.filter((id) => {
    const row = stored.get(id);
    return !row || options.fresh || !spec.isFresh(row, now);
  });
  const counted = services.metrics.readThrough;
  if (due.length > 0) counted.inc({ resource: spec.resource, result: 'miss' }, due.length);
  if (due.length < ids.length) counted.inc({ resource: spec.resource, result: 'hit' }, ids.length - due.length);
  const missing = new Set(
    spec.goneWhenMuxHasNone && !options.fresh ? due.filter((id) => services.missing.has(spec.resource, id)) : [],
  );
  const wanted = due.filter((id) => !missing.has(id));
  // A read already under way for a row answers this request too, and costs it no call of its budget.
  const joined = new Map(
    wanted.flatMap((id) => {
      const flight = services.refreshes.of(spec.resource, id);
      return flight ? [[id, flight] as const] : [];
    }),
  );
  const toStart = wanted.filter((id) => !joined.has(id));
  const started = toStart.slice(0, options.budget ? options.budget.take(toStart.length) : toStart.length);
  const overBudget = new Set(toStart.slice(started.length));
  const asked = [...joined.keys(), ...started];

  let fetched: Fetched | undefined;
  let refreshed = new Map<string, Row>();
  let slow = false;
  if (asked.length > 0) {
    const flights = new Set(joined.values());
    if (started.length > 0) {
      const own = services.core.refresh(spec.toAsk(started, stored)).then((done) => done.fetched);
      services.refreshes.add(spec.resource, started, own);
      flights.add(own);
    }
    const refresh = Promise.all(flights).then(mergeFetched);
    const canAnswerFromStore = asked.every((id) => stored.has(id));
    const waitMs = services.settings.cache.readWaitSeconds * 1000;
    const first = canAnswerFromStore
      ? await Promise.race([refresh, sleep(waitMs).then(() => undefined)])
      : await refresh;
    if (first) {
      fetched = first;
      refreshed = await spec.stored(asked);
    } else {
      slow = true;
      services.background.run(
        () => refresh.then(() => undefined),
        (error) => services.logger.error('a slow read from Mux failed', { reason: String(error) }),
      );
    }
  }

  const fromStore = (id: string, row: Row, reason: StaleRead['reason']): Row => {
    options.stale?.note({
      resource: spec.resource,
      id,
      ageSeconds: Math.round((now - spec.confirmedAt(row)) / 1000),
      reason,
    });
    return row;
  };
  return ids.map((id) => {
    const before = stored.get(id);
    if (missing.has(id)) return new NotFoundError(spec.resource, id);
    if (overBudget.has(id)) {
      if (before) return fromStore(id, before, 'budget');
      const max = options.budget?.max ?? 0;
      return new LimitExceededError('muxCalls', max, `One request reads at most ${max} things from Mux.`);
    }
    if (slow && before && asked.includes(id)) return fromStore(id, before, 'slow');
    const answer = fetched && asked.includes(id) ? spec.answerFor(id, fetched, stored) : undefined;
    if (answer && !answer.ok) {
      const stale = before && staleReadOf(answer.error, spec.resource, id, spec.confirmedAt(before));
      if (!stale || !before) return answer.error;
      options.stale?.note(stale);
      return before;
    }
    const row = refreshed.get(id) ?? before;
    const goneAtMux = spec.goneWhenMuxHasNone && answer?.ok && answer.value === null;
    if (goneAtMux) services.missing.add(spec.resource, id);
    if (!row || spec.isGone?.(row) || goneAtMux) return new NotFoundError(spec.resource, id);
    return row;
  });
}

function assetSpec(services: GatewayServices): ReadSpec<AssetRow> {
  const { ttlSeconds, activeTtlSeconds } = services.settings.cache;
  return {
    resource: 'asset',
    stored: (ids) => services.store.assets.byIds(ids),
    // Preparing assets change soon; a settled asset can still gain tracks. A deleted one is asked about again
    // too: its deletion may have been inferred from a listing.
    isFresh: (row, now) => now - row.fetchedAt < (row.settled || row.deleted ? ttlSeconds : activeTtlSeconds) * 1000,
    confirmedAt: (row) => row.fetchedAt,
    isGone: (row) => row.deleted,
    goneWhenMuxHasNone: true,
    toAsk: (ids) => fetchList({ assetIds: [...ids] }),
    answerFor: (id, fetched) => fetched.assets.get(id),
  };
}

export function loadAssets(services: GatewayServices, ids: readonly string[], options: ReadOptions = {}) {
  return readThrough(services, assetSpec(services), ids, options);
}

export function loadUploads(services: GatewayServices, ids: readonly string[], options: ReadOptions = {}) {
  const { activeTtlSeconds } = services.settings.cache;
  return readThrough<UploadRow>(
    services,
    {
      resource: 'upload',
      stored: (keys) => services.store.uploads.byIds(keys),
      // Only a waiting upload can still change.
      isFresh: (row, now) => row.status !== 'waiting' || now - row.fetchedAt < activeTtlSeconds * 1000,
      confirmedAt: (row) => row.fetchedAt,
      goneWhenMuxHasNone: true,
      toAsk: (keys) => fetchList({ uploadIds: [...keys] }),
      answerFor: (id, fetched) => fetched.uploads.get(id),
    },
    ids,
    options,
  );
}

/**
 * A Robots job is asked for by its Mux id; auto-generated captions have no job at Mux, so their asset (or,
 * before there is one, their upload) is read again, which rewrites the job from its track.
 */
function sourceOf(job: CaptionJobRow): FetchList {
  if (job.muxJobId && isCaptionWorkflow(job.muxWorkflow)) {
    return fetchList({ jobs: [{ workflow: job.muxWorkflow, id: job.muxJobId }] });
  }
  if (job.assetId) return fetchList({ assetIds: [job.assetId] });
  return fetchList({ uploadIds: job.uploadId ? [job.uploadId] : [] });
}

export function loadCaptionJobs(services: GatewayServices, ids: readonly string[], options: ReadOptions = {}) {
  const { activeTtlSeconds } = services.settings.cache;
  return readThrough<CaptionJobRow>(
    services,
    {
      resource: 'caption job',
      stored: (keys) => services.store.captionJobs.byIds(keys),
      // Finished work never changes again.
      isFresh: (row, now) => isFinal(row.status) || now - row.fetchedAt < activeTtlSeconds * 1000,
      confirmedAt: (row) => row.fetchedAt,
      goneWhenMuxHasNone: false,
      toAsk: (keys, stored) => {
        const lists = keys.flatMap((id) => {
          const job = stored.get(id);
          return job ? [sourceOf(job)] : [];
        });
        return {
          uploadIds: lists.flatMap((list) => list.uploadIds),
          jobs: lists.flatMap((list) => list.jobs),
          assetIds: lists.flatMap((list) => list.assetIds),
        };
      },
      answerFor: (id, fetched, stored) => {
        const job = stored.get(id);
        if (!job) return undefined;
        if (job.muxJobId && fetched.jobs.has(job.muxJobId)) return fetched.jobs.get(job.muxJobId);
        return job.assetId ? fetched.assets.get(job.assetId) : fetched.uploads.get(job.uploadId ?? '');
      },
    },
    ids,
    options,
  );
}

/** A track is known through its asset: its freshness is the asset's. */
export async function loadTracks(
  services: GatewayServices,
  ids: readonly string[],
  options: ReadOptions = {},
): Promise<Loaded<TrackRow>[]> {
  const before = await services.store.tracks.byIds(ids);
  const assetIds = [...new Set([...before.values()].map((track) => track.assetId))];
  const assets = await loadAssets(services, assetIds, options);
  const failed = new Map(
    assetIds.flatMap((id, index) => (assets[index] instanceof Error ? [[id, assets[index]]] : [])),
  );
  const after = await services.store.tracks.byIds(ids);
  return ids.map((id) => {
    const assetId = before.get(id)?.assetId;
    const failure = assetId ? failed.get(assetId) : undefined;
    if (failure && !(failure instanceof NotFoundError)) return failure;
    return after.get(id) ?? new NotFoundError('track', id);
  });
}

/** A track Mux made moments ago (by a job or a mutation) may not be stored yet. */
export interface TrackOfWork {
  assetId: string | null;
  trackId: string | null;
  /** Finished work whose track is not stored had it deleted since: nothing to ask Mux about. */
  finished: boolean;
}

/** The tracks work made, reading each asset again (once) where a track of unfinished work is not stored yet. */
export async function tracksOfWork(
  services: GatewayServices,
  work: readonly TrackOfWork[],
  options: ReadOptions = {},
): Promise<(TrackRow | null)[]> {
  const ids = work.flatMap((item) => (item.trackId ? [item.trackId] : []));
  let tracks = await services.store.tracks.byIds(ids);
  const toRead = new Set(
    work.flatMap((item) =>
      item.trackId && item.assetId && !item.finished && !tracks.has(item.trackId) ? [item.assetId] : [],
    ),
  );
  if (toRead.size > 0) {
    await loadAssets(services, [...toRead], { ...options, fresh: true });
    tracks = await services.store.tracks.byIds(ids);
  }
  return work.map((item) => (item.trackId ? (tracks.get(item.trackId) ?? null) : null));
}
