import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  gte,
  inArray,
  isNull,
  lt,
  not,
  notInArray,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { CaptionFileQueries } from './caption-files.js';
import { type Db, openSqlite } from './client.js';
import { groupBy } from './group-by.js';
import { IdempotencyQueries } from './idempotency.js';
import { assets, CAPTION_JOB_FINAL_STATUSES, captionJobs, listSyncs, muxEvents, tracks, uploads } from './schema.js';
import { SearchQueries } from './search.js';
import { TranscriptQueries } from './transcripts.js';

/*
 * The store: what the gateway keeps of Mux's view (assets and their tracks, uploads, caption jobs, and the
 * webhook events they came in), with transcripts, idempotency keys and caption files beside it. Reads go
 * through a reader that only sees committed data; every write happens inside one serial transaction.
 */

export type AssetRow = typeof assets.$inferSelect;
export type TrackRow = typeof tracks.$inferSelect;

export interface AssetListFilter {
  /** `unknown`: a status Mux sent that the gateway does not know. */
  status?: AssetRow['status'] | 'unknown' | undefined;
  hasReadyCaptions?: boolean | undefined;
  languageCode?: string | undefined;
}

export interface AssetCursor {
  createdAt: number;
  muxId: string;
}

function byKey<Row, K>(rows: readonly Row[], key: (row: Row) => K): Map<K, Row> {
  return new Map(rows.map((row) => [key(row), row]));
}

export class AssetQueries {
  constructor(private readonly db: Db) {}

  async byIds(ids: readonly string[]): Promise<Map<string, AssetRow>> {
    if (ids.length === 0) return new Map();
    return byKey(
      await this.db
        .select()
        .from(assets)
        .where(inArray(assets.muxId, [...ids])),
      (row) => row.muxId,
    );
  }

  async upsert(row: AssetRow): Promise<void> {
    await this.db.insert(assets).values(row).onConflictDoUpdate({ target: assets.muxId, set: row });
  }

  #captionTrackExists(languageCode?: string): SQL {
    return exists(
      this.db
        .select({ one: sql`1` })
        .from(tracks)
        .where(
          and(
            eq(tracks.assetId, assets.muxId),
            eq(tracks.type, 'text'),
            eq(tracks.status, 'ready'),
            languageCode ? eq(tracks.languageCode, languageCode) : undefined,
          ),
        ),
    );
  }

  /** Newest first, keyset-paged on (created_at, mux_id) so pages never skip or repeat an asset. */
  list(filter: AssetListFilter, after: AssetCursor | undefined, limit: number): Promise<AssetRow[]> {
    const conditions: (SQL | undefined)[] = [eq(assets.deleted, false)];
    if (filter.status === 'unknown') conditions.push(notInArray(assets.status, assets.status.enumValues));
    else if (filter.status) conditions.push(eq(assets.status, filter.status));
    if (filter.hasReadyCaptions !== undefined) {
      const hasCaptions = this.#captionTrackExists();
      conditions.push(filter.hasReadyCaptions ? hasCaptions : not(hasCaptions));
    }
    if (filter.languageCode) conditions.push(this.#captionTrackExists(filter.languageCode));
    if (after) {
      conditions.push(
        or(
          lt(assets.createdAt, after.createdAt),
          and(eq(assets.createdAt, after.createdAt), lt(assets.muxId, after.muxId)),
        ),
      );
    }
    return this.db
      .select()
      .from(assets)
      .where(and(...conditions))
      .orderBy(desc(assets.createdAt), desc(assets.muxId))
      .limit(limit);
  }

  /**
   * Assets that were cached but are missing from a complete listing were deleted upstream, unless Mux
   * described them after the listing began (a read, or a webhook about an asset made meanwhile): the listing
   * may be older than they are. Returns the ids marked deleted.
   */
  async markMissingFromListing(listedIds: readonly string[], listingStartedAt: number, at: number): Promise<string[]> {
    const describedSince = exists(
      this.db
        .select({ one: sql`1` })
        .from(muxEvents)
        .where(
          and(
            eq(muxEvents.objectType, 'asset'),
            eq(muxEvents.objectId, assets.muxId),
            gte(muxEvents.receivedAt, new Date(listingStartedAt)),
          ),
        ),
    );
    const marked = await this.db
      .update(assets)
      .set({ deleted: true, fetchedAt: at })
      .where(
        and(
          eq(assets.deleted, false),
          notInArray(assets.muxId, [...listedIds]),
          lt(assets.fetchedAt, listingStartedAt),
          not(describedSince),
        ),
      )
      .returning({ muxId: assets.muxId });
    return marked.map((row) => row.muxId);
  }
}

export class TrackQueries {
  constructor(private readonly db: Db) {}

  async byIds(ids: readonly string[]): Promise<Map<string, TrackRow>> {
    if (ids.length === 0) return new Map();
    return byKey(
      await this.db
        .select()
        .from(tracks)
        .where(inArray(tracks.muxId, [...ids])),
      (row) => row.muxId,
    );
  }

  /** Each asset's tracks in Mux's order. */
  async byAssetIds(assetIds: readonly string[]): Promise<Map<string, TrackRow[]>> {
    if (assetIds.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(tracks)
      .where(inArray(tracks.assetId, [...assetIds]))
      .orderBy(tracks.position);
    return groupBy(assetIds, rows, (row) => row.assetId);
  }

  /** Makes the asset's cached tracks exactly these. */
  async replaceOfAsset(assetId: string, rows: readonly TrackRow[]): Promise<void> {
    await this.db.delete(tracks).where(
      and(
        eq(tracks.assetId, assetId),
        notInArray(
          tracks.muxId,
          rows.map((row) => row.muxId),
        ),
      ),
    );
    for (const row of rows)
      await this.db.insert(tracks).values(row).onConflictDoUpdate({ target: tracks.muxId, set: row });
  }
}

/** When a whole collection (the asset index) was last read from Mux. */
export class ListSyncQueries {
  constructor(private readonly db: Db) {}

  async syncedAt(name: string): Promise<number | undefined> {
    const [row] = await this.db.select().from(listSyncs).where(eq(listSyncs.name, name));
    return row?.syncedAt;
  }

  async record(name: string, at: number): Promise<void> {
    await this.db
      .insert(listSyncs)
      .values({ name, syncedAt: at })
      .onConflictDoUpdate({ target: listSyncs.name, set: { syncedAt: at } });
  }
}

export type CaptionJobRow = typeof captionJobs.$inferSelect;
export type CaptionJobKind = CaptionJobRow['kind'];
export type CaptionJobStatus = CaptionJobRow['status'];

export interface CaptionJobFilter {
  assetId?: string | undefined;
  kind?: CaptionJobKind | undefined;
  status?: CaptionJobStatus | undefined;
}

export interface CaptionJobCursor {
  requestedAt: number;
  id: string;
}

const unfinished = () => notInArray(captionJobs.status, [...CAPTION_JOB_FINAL_STATUSES]);

export class CaptionJobQueries {
  constructor(private readonly db: Db) {}

  async byIds(ids: readonly string[]): Promise<Map<string, CaptionJobRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(captionJobs)
      .where(inArray(captionJobs.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  async byMuxJobId(muxJobId: string): Promise<CaptionJobRow | undefined> {
    const [row] = await this.db.select().from(captionJobs).where(eq(captionJobs.muxJobId, muxJobId));
    return row;
  }

  /** Each asset's caption work, newest first. */
  async byAssetIds(assetIds: readonly string[]): Promise<Map<string, CaptionJobRow[]>> {
    if (assetIds.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(captionJobs)
      .where(inArray(captionJobs.assetId, [...assetIds]))
      .orderBy(desc(captionJobs.requestedAt), desc(captionJobs.id));
    return groupBy(assetIds, rows, (row) => row.assetId);
  }

  byUpload(uploadId: string): Promise<CaptionJobRow[]> {
    return this.db.select().from(captionJobs).where(eq(captionJobs.uploadId, uploadId));
  }

  /** Every job not in a final status, oldest first: what the reconciler follows. */
  unfinished(): Promise<CaptionJobRow[]> {
    return this.db.select().from(captionJobs).where(unfinished()).orderBy(captionJobs.requestedAt);
  }

  list(filter: CaptionJobFilter, after: CaptionJobCursor | undefined, limit: number): Promise<CaptionJobRow[]> {
    const conditions: (SQL | undefined)[] = [
      filter.assetId ? eq(captionJobs.assetId, filter.assetId) : undefined,
      filter.kind ? eq(captionJobs.kind, filter.kind) : undefined,
      filter.status ? eq(captionJobs.status, filter.status) : undefined,
    ];
    if (after) {
      conditions.push(
        or(
          lt(captionJobs.requestedAt, after.requestedAt),
          and(eq(captionJobs.requestedAt, after.requestedAt), lt(captionJobs.id, after.id)),
        ),
      );
    }
    return this.db
      .select()
      .from(captionJobs)
      .where(and(...conditions))
      .orderBy(desc(captionJobs.requestedAt), desc(captionJobs.id))
      .limit(limit);
  }

  async upsert(row: CaptionJobRow): Promise<void> {
    await this.db.insert(captionJobs).values(row).onConflictDoUpdate({ target: captionJobs.id, set: row });
  }

  /** Jobs started on a direct upload and still without an asset. */
  waitingForAssetOfUpload(uploadId: string): Promise<CaptionJobRow[]> {
    return this.db
      .select()
      .from(captionJobs)
      .where(and(eq(captionJobs.uploadId, uploadId), isNull(captionJobs.assetId)));
  }
}

export type UploadRow = typeof uploads.$inferSelect;

export class UploadQueries {
  constructor(private readonly db: Db) {}

  async byIds(ids: readonly string[]): Promise<Map<string, UploadRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(uploads)
      .where(inArray(uploads.muxId, [...ids]));
    return new Map(rows.map((row) => [row.muxId, row]));
  }

  async upsert(row: UploadRow): Promise<void> {
    await this.db.insert(uploads).values(row).onConflictDoUpdate({ target: uploads.muxId, set: row });
  }
}

export interface StoredEvent {
  id: string;
  type: string;
  objectType: string | null;
  objectId: string | null;
  createdAt: string;
  payload: unknown;
  rejectedReason?: string | undefined;
}

export interface UnappliedEvent {
  id: string;
  type: string;
  payload: unknown;
}

const TRACK_DELETED = 'video.asset.track.deleted';

export class EventQueries {
  constructor(private readonly db: Db) {}

  /** Stores an event once, not yet applied; false when Mux's event id was already stored (a redelivery). */
  async store(event: StoredEvent): Promise<boolean> {
    const stored = await this.db
      .insert(muxEvents)
      .values({ ...event, appliedAt: null })
      .onConflictDoNothing({ target: muxEvents.id })
      .returning({ id: muxEvents.id });
    return stored.length > 0;
  }

  async markApplied(id: string, at: number): Promise<void> {
    await this.db.update(muxEvents).set({ appliedAt: at }).where(eq(muxEvents.id, id));
  }

  /** Events acknowledged to Mux whose effect is not complete yet, oldest first. */
  unapplied(): Promise<UnappliedEvent[]> {
    return this.db
      .select({ id: muxEvents.id, type: muxEvents.type, payload: muxEvents.payload })
      .from(muxEvents)
      .where(isNull(muxEvents.appliedAt))
      .orderBy(asc(muxEvents.receivedAt));
  }

  /** Tracks among these whose deletion was stored, so a late `created` or `ready` cannot bring them back. */
  async deletedTrackIds(trackIds: readonly string[]): Promise<Set<string>> {
    if (trackIds.length === 0) return new Set();
    const rows = await this.db
      .selectDistinct({ id: muxEvents.objectId })
      .from(muxEvents)
      .where(
        and(
          eq(muxEvents.type, TRACK_DELETED),
          eq(muxEvents.objectType, 'track'),
          inArray(muxEvents.objectId, [...trackIds]),
        ),
      );
    return new Set(rows.flatMap((row) => (row.id ? [row.id] : [])));
  }

  async count(): Promise<number> {
    const [row] = await this.db.select({ value: count() }).from(muxEvents);
    return row?.value ?? 0;
  }
}

/** Everything the gateway asks of its database, over one connection. */
export class Queries {
  readonly assets: AssetQueries;
  readonly tracks: TrackQueries;
  readonly listSyncs: ListSyncQueries;
  readonly captionJobs: CaptionJobQueries;
  readonly uploads: UploadQueries;
  readonly events: EventQueries;
  readonly transcripts: TranscriptQueries;
  readonly search: SearchQueries;
  readonly idempotency: IdempotencyQueries;
  readonly captionFiles: CaptionFileQueries;

  constructor(db: Db) {
    this.assets = new AssetQueries(db);
    this.tracks = new TrackQueries(db);
    this.listSyncs = new ListSyncQueries(db);
    this.captionJobs = new CaptionJobQueries(db);
    this.uploads = new UploadQueries(db);
    this.events = new EventQueries(db);
    this.transcripts = new TranscriptQueries(db);
    this.search = new SearchQueries(db);
    this.idempotency = new IdempotencyQueries(db);
    this.captionFiles = new CaptionFileQueries(db);
  }
}

/** Runs one piece of work after another, never two at once. */
class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(work);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * The gateway's storage. Reads go through a reader that only ever sees committed data; every write happens
 * inside `transaction`, which runs one at a time on the writer and commits or rolls back as a whole.
 */
export class Store extends Queries {
  readonly #writer: Queries;
  readonly #begin: () => void;
  readonly #end: (commit: boolean) => void;
  readonly #close: () => void;
  readonly #queue = new SerialQueue();
  #closed = false;

  private constructor(path: string) {
    const connections = openSqlite(path);
    super(connections.reader);
    this.#writer = new Queries(connections.writer);
    this.#begin = () => connections.writerHandle.exec('BEGIN IMMEDIATE');
    this.#end = (commit) => connections.writerHandle.exec(commit ? 'COMMIT' : 'ROLLBACK');
    this.#close = connections.close;
  }

  static open(path: string): Store {
    return new Store(path);
  }

  /** `work` reads and writes through `tx`, which sees its own writes; nothing of it is visible until it returns. */
  transaction<T>(work: (tx: Queries) => Promise<T>): Promise<T> {
    return this.#queue.run(async () => {
      if (this.#closed) throw new StoreClosedError();
      this.#begin();
      try {
        const result = await work(this.#writer);
        this.#end(true);
        return result;
      } catch (error) {
        this.#end(false);
        throw error;
      }
    });
  }

  /** Waits for the transaction under way, then closes; later transactions are refused. */
  async close(): Promise<void> {
    await this.#queue.run(async () => {
      this.#closed = true;
    });
    this.#close();
  }
}

export class StoreClosedError extends Error {
  override readonly name = 'StoreClosedError';
  constructor() {
    super('the store is closed');
  }
}
