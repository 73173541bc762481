import type { AssetRow, CaptionJobRow, CaptionJobStatus, Queries, TrackRow, UploadRow } from '../db/store.js';
import type { ChangeLog } from './core.js';
import {
  assetRecord,
  endedJob,
  isFinal,
  isSettled,
  type JobEnding,
  robotsJobRecord,
  trackCaptionJobs,
  trackRecord,
  uploadRecord,
} from './model.js';
import { ASSET_INDEX, type FetchList, fetchList, type News } from './news.js';

/**
 * How far along each kind of thing is. A state never moves to a lower rank: a late `preparing` cannot undo
 * `ready`, and the first final state of a job is the one that stays.
 */
const ASSET_RANK: Record<AssetRow['status'], number> = { preparing: 0, ready: 1, errored: 1 };
const TRACK_RANK: Record<TrackRow['status'], number> = { preparing: 0, ready: 1, errored: 1, deleted: 2 };
const JOB_RANK: Record<CaptionJobStatus, number> = {
  pending: 0,
  processing: 1,
  completed: 2,
  errored: 2,
  cancelled: 2,
  skipped: 2,
};
const UPLOAD_RANK: Record<UploadRow['status'], number> = {
  waiting: 0,
  asset_created: 1,
  errored: 1,
  cancelled: 1,
  timed_out: 1,
};

/** Whether `next` may replace `current`: it is further along, or the same status again (fresher details). */
function mayFollow<S extends string>(rank: Record<S, number>, current: S, next: S): boolean {
  // A status Mux added after this gateway was written ranks with the earliest: it never undoes a known one.
  const rankOf = (status: S) => rank[status] ?? 0;
  return rankOf(next) > rankOf(current) || next === current;
}

export const assetMayFollow = (current: AssetRow['status'], next: AssetRow['status']) =>
  mayFollow(ASSET_RANK, current, next);
export const trackMayFollow = (current: TrackRow['status'], next: TrackRow['status']) =>
  mayFollow(TRACK_RANK, current, next);
export const jobMayFollow = (current: CaptionJobStatus, next: CaptionJobStatus) => mayFollow(JOB_RANK, current, next);
export const uploadMayFollow = (current: UploadRow['status'], next: UploadRow['status']) =>
  mayFollow(UPLOAD_RANK, current, next);

/** An asset with everything the rules look at: its tracks in Mux's order and all of its caption work. */
interface AssetState {
  asset: AssetRow | undefined;
  tracks: TrackRow[];
  jobs: CaptionJobRow[];
}

const ASSET_GONE: JobEnding = {
  status: 'errored',
  type: 'asset_deleted',
  message: 'The asset was deleted before its captions were finished.',
};
const ASSET_FAILED: JobEnding = {
  status: 'errored',
  type: 'asset_errored',
  message: 'Mux could not process the asset, so no captions were made.',
};
const TRACK_GONE: JobEnding = {
  status: 'cancelled',
  type: 'track_deleted',
  message: 'The caption track was deleted before it was ready.',
};
const JOB_GONE: JobEnding = { status: 'errored', type: 'not_found', message: 'Mux no longer has this job.' };
const UPLOAD_ENDINGS: Partial<Record<string, JobEnding>> = {
  cancelled: {
    status: 'cancelled',
    type: 'upload_cancelled',
    message: 'The upload was cancelled before a file arrived.',
  },
  timed_out: { status: 'errored', type: 'upload_timed_out', message: 'The upload timed out before a file arrived.' },
  errored: { status: 'errored', type: 'upload_errored', message: 'Mux could not take the uploaded file.' },
};

/** A deletion is final: the incoming row says only whether this description may undo it. */
function mergeAssetRow(existing: AssetRow | undefined, incoming: AssetRow): AssetRow {
  if (!existing) return incoming;
  if (!assetMayFollow(existing.status, incoming.status)) return { ...existing, deleted: incoming.deleted };
  return { ...incoming, durationSeconds: incoming.durationSeconds ?? existing.durationSeconds };
}

function mergeTrack(current: TrackRow, incoming: TrackRow, now: number): TrackRow {
  if (!trackMayFollow(current.status, incoming.status)) return current;
  return { ...incoming, errors: incoming.errors ?? current.errors, writtenAt: now };
}

/**
 * Work that can no longer finish: jobs of removed tracks; on an asset that errored, jobs still waiting for
 * a track; on a deleted asset, all of its work except Robots jobs, which Mux ends itself.
 */
function strandedJobEnding(asset: AssetRow, job: CaptionJobRow, removed: ReadonlySet<string>): JobEnding | undefined {
  if (isFinal(job.status)) return undefined;
  if (job.trackId && removed.has(job.trackId)) return TRACK_GONE;
  if (asset.deleted && !job.muxJobId) return ASSET_GONE;
  if (asset.status === 'errored' && !job.trackId) return ASSET_FAILED;
  return undefined;
}

/**
 * The state rules: each piece of news is applied to what is stored, inside the commit's transaction, never
 * moving anything backwards, and every row it looks at is noted in the change log.
 */
export class NewsApplier {
  constructor(
    private readonly tx: Queries,
    private readonly log: ChangeLog,
    private readonly now: number,
    /** The last chance to apply news: nothing more will be fetched for it, so what cannot apply is dropped. */
    private readonly final: boolean,
  ) {}

  /** Applies one piece of news; returns what must be read from Mux first when it cannot apply yet. */
  apply(news: News): Promise<FetchList | undefined> {
    switch (news.about) {
      case 'asset':
        return this.#asset(news);
      case 'assetGone':
        return this.#assetGone(news.assetId);
      case 'track':
        return this.#track(news);
      case 'tracksCreated':
        return this.#tracksCreated(news.assetId, news);
      case 'upload':
        return this.#upload(news);
      case 'robotsJob':
        return this.#robotsJob(news);
      case 'robotsJobRef':
        return Promise.resolve(
          this.final ? undefined : fetchList({ jobs: [{ workflow: news.workflow, id: news.muxJobId }] }),
        );
      case 'robotsJobGone':
        return this.#robotsJobGone(news.muxJobId);
      case 'assetListing':
        return this.#assetListing(news);
      case 'jobRequested':
        return this.#saveJob(news.job).then(() => undefined);
      case 'jobChanged':
        return this.#jobChanged(news.jobId, news.change);
    }
  }

  async #load(assetId: string): Promise<AssetState> {
    const [assets, tracks, jobs] = await Promise.all([
      this.tx.assets.byIds([assetId]),
      this.tx.tracks.byAssetIds([assetId]),
      this.tx.captionJobs.byAssetIds([assetId]),
    ]);
    return { asset: assets.get(assetId), tracks: tracks.get(assetId) ?? [], jobs: jobs.get(assetId) ?? [] };
  }

  /** Writes the asset with exactly these tracks, and the caption work they imply. */
  async #write(before: AssetState, row: AssetRow, tracks: TrackRow[]): Promise<void> {
    const asset = { ...row, settled: isSettled(row, tracks) };
    await this.tx.assets.upsert(asset);
    await this.tx.tracks.replaceOfAsset(asset.muxId, tracks);
    this.log.asset(before.asset, asset);
    const previous = new Map(before.tracks.map((track) => [track.muxId, track]));
    for (const track of tracks) this.log.track(previous.get(track.muxId), track);
    const kept = new Set(tracks.map((track) => track.muxId));
    const removed = before.tracks.filter((track) => !kept.has(track.muxId));
    for (const track of removed) this.log.track(track, { ...track, status: 'deleted' });

    const jobs = new Map(before.jobs.map((job) => [job.id, job]));
    for (const job of trackCaptionJobs(asset, tracks, before.jobs, this.now)) {
      jobs.set(job.id, await this.#saveJob(job, jobs.get(job.id)));
    }
    const removedIds = new Set(removed.map((track) => track.muxId));
    for (const job of jobs.values()) {
      const ending = strandedJobEnding(asset, job, removedIds);
      if (ending) await this.#saveJob(endedJob(job, ending, this.now), job);
    }
  }

  async #asset(news: Extract<News, { about: 'asset' }>): Promise<undefined> {
    const state = await this.#load(news.asset.id);
    const existing = state.asset;
    const askedAt = 'askedAt' in news.from ? news.from.askedAt : undefined;
    // Mux describing an asset when asked after its deletion was recorded means it exists: a listing can miss one.
    if (existing?.deleted && !(askedAt !== undefined && askedAt > existing.fetchedAt)) return undefined;
    const deleted = 'deleted' in news.from && news.from.deleted;
    // A webhook says what changed, but only a read from Mux confirms the whole row (read-through freshness);
    // Mux saying the asset is gone confirms that for good.
    const fetchedAt = askedAt ?? (deleted ? this.now : (existing?.fetchedAt ?? 0));
    const incoming = assetRecord(news.asset, fetchedAt, this.now);
    const row = mergeAssetRow(existing, { ...incoming.asset, deleted });
    const known = new Set(state.tracks.map((track) => track.muxId));
    const deletedIds =
      askedAt === undefined
        ? await this.tx.events.deletedTrackIds(
            incoming.tracks.map((track) => track.muxId).filter((id) => !known.has(id)),
          )
        : new Set<string>();
    // Mux's answer lists every track there is, but one the gateway wrote after asking may be newer than it.
    const kept = askedAt === undefined ? state.tracks : state.tracks.filter((track) => track.writtenAt >= askedAt);
    const merged = new Map(kept.map((track) => [track.muxId, track]));
    for (const track of incoming.tracks) {
      const current = state.tracks.find((candidate) => candidate.muxId === track.muxId);
      if (current) merged.set(track.muxId, mergeTrack(current, track, this.now));
      else if (!deletedIds.has(track.muxId)) merged.set(track.muxId, track);
    }
    await this.#write(state, row, [...merged.values()]);
    return undefined;
  }

  /**
   * Mux answered 404: the asset is gone, and the work on it with it. Applied again (another 404), it confirms
   * the deletion and ends work a deletion recorded without it left unfinished.
   */
  async #assetGone(assetId: string): Promise<undefined> {
    const state = await this.#load(assetId);
    if (state.asset) await this.#write(state, { ...state.asset, deleted: true, fetchedAt: this.now }, state.tracks);
    return undefined;
  }

  async #track(news: Extract<News, { about: 'track' }>): Promise<FetchList | undefined> {
    const state = await this.#load(news.assetId);
    if (!state.asset) return this.final ? undefined : fetchList({ assetIds: [news.assetId] });
    if (state.asset.deleted) return undefined;
    const trackId = news.track.id ?? '';
    const current = state.tracks.find((track) => track.muxId === trackId);
    if (news.deleted) {
      await this.#write(
        state,
        state.asset,
        state.tracks.filter((track) => track !== current),
      );
      return undefined;
    }
    // A late `created` or `ready` about a track whose deletion was already stored must not bring it back.
    if (!current && (await this.tx.events.deletedTrackIds([trackId])).has(trackId)) return undefined;
    const position = current?.position ?? Math.max(-1, ...state.tracks.map((track) => track.position)) + 1;
    const incoming = { ...trackRecord(news.assetId, news.track, position, this.now), errors: news.error ?? null };
    const tracks = current
      ? state.tracks.map((track) => (track === current ? mergeTrack(current, incoming, this.now) : track))
      : [...state.tracks, incoming];
    await this.#write(state, state.asset, tracks);
    return undefined;
  }

  /** Tracks Mux just made go after the asset's existing ones (keeping Mux's order); known ones stay as they are. */
  async #tracksCreated(assetId: string, news: Extract<News, { about: 'tracksCreated' }>): Promise<undefined> {
    const state = await this.#load(assetId);
    if (!state.asset || state.asset.deleted) return undefined;
    const known = new Set(state.tracks.map((track) => track.muxId));
    let position = Math.max(-1, ...state.tracks.map((track) => track.position)) + 1;
    const created = news.tracks
      .filter((track) => track.id && !known.has(track.id))
      .map((track) => trackRecord(assetId, track, position++, this.now));
    await this.#write(state, state.asset, [...state.tracks, ...created]);
    return undefined;
  }

  /**
   * A direct upload, never moved backwards; the caption work asked for with it learns its asset, or ends
   * with the upload.
   */
  async #upload(news: Extract<News, { about: 'upload' }>): Promise<undefined> {
    const existing = (await this.tx.uploads.byIds([news.upload.id])).get(news.upload.id);
    if (existing && !uploadMayFollow(existing.status, news.upload.status)) return undefined;
    const row = uploadRecord(news.upload, this.now);
    await this.tx.uploads.upsert(row);
    this.log.upload(existing, row);
    const ending = UPLOAD_ENDINGS[row.status];
    for (const job of await this.tx.captionJobs.waitingForAssetOfUpload(row.muxId)) {
      if (row.assetId) await this.#saveJob({ ...job, assetId: row.assetId }, job);
      else if (ending && !isFinal(job.status)) await this.#saveJob(endedJob(job, ending, this.now), job);
    }
    return undefined;
  }

  async #robotsJob(news: Extract<News, { about: 'robotsJob' }>): Promise<FetchList | undefined> {
    const existing = await this.tx.captionJobs.byMuxJobId(news.job.id);
    if (existing && !jobMayFollow(existing.status, news.job.status)) return undefined;
    const row = robotsJobRecord(news.job, existing, this.now);
    if (news.waitsForTrack && !this.final && row.status === 'completed' && row.trackId && row.assetId) {
      const track = (await this.tx.tracks.byIds([row.trackId])).get(row.trackId);
      if (track?.status !== 'ready') return fetchList({ assetIds: [row.assetId] });
    }
    await this.#saveJob(row, existing);
    return undefined;
  }

  async #robotsJobGone(muxJobId: string): Promise<undefined> {
    const known = await this.tx.captionJobs.byMuxJobId(muxJobId);
    if (known) await this.#saveJob(endedJob(known, JOB_GONE, this.now), known);
    return undefined;
  }

  async #assetListing(news: Extract<News, { about: 'assetListing' }>): Promise<undefined> {
    if (news.complete) {
      const marked = await this.tx.assets.markMissingFromListing(news.listedIds, news.startedAt, this.now);
      for (const asset of (await this.tx.assets.byIds(marked)).values()) {
        this.log.asset({ ...asset, deleted: false }, asset);
      }
    }
    await this.tx.listSyncs.record(ASSET_INDEX, this.now);
    return undefined;
  }

  async #jobChanged(jobId: string, change: Partial<CaptionJobRow>): Promise<undefined> {
    const current = (await this.tx.captionJobs.byIds([jobId])).get(jobId);
    if (current) await this.#saveJob({ ...current, ...change, id: jobId }, current);
    return undefined;
  }

  /** Writes the job unless that would move it backwards; returns the row as it now stands. */
  async #saveJob(job: CaptionJobRow, known?: CaptionJobRow): Promise<CaptionJobRow> {
    const existing = known ?? (await this.tx.captionJobs.byIds([job.id])).get(job.id);
    if (existing && !jobMayFollow(existing.status, job.status)) return existing;
    await this.tx.captionJobs.upsert(job);
    this.log.job(existing, job);
    return job;
  }
}
