import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  getTableColumns,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  not,
  notInArray,
  or,
  type SQL,
  sql,
  sum,
} from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable, SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { CaptionFileQueries } from './caption-files.js';
import type { Db } from './client.js';
import { groupBy } from './group-by.js';
import { IdempotencyQueries } from './idempotency.js';
import { type assets, CAPTION_JOB_FINAL_STATUSES, type captionJobs, type tracks, type uploads } from './schema.js';
import type { SearchQueries } from './search.js';
import type { Tables } from './tables.js';
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

/** A statement built once and run with values for its placeholders. */
interface Statement<Result> {
  execute(values?: Record<string, unknown>): PromiseLike<Result>;
}

/** A query under construction that can be built into a statement (PostgreSQL names it). */
interface Preparable<Result> {
  prepare(name?: string): Statement<Result>;
}

const statementsOf = new WeakMap<Db, Map<string, Statement<unknown>>>();

/**
 * The statement `name` of this connection, built by `build` the first time. Building SQL through drizzle's
 * query builder was most of what a webhook cost, and the same few statements run for every one. A store's own
 * connections keep theirs for good; PostgreSQL's per-transaction queries build theirs once per transaction.
 */
function prepared<Result>(db: Db, name: string, build: () => Preparable<Result>): Statement<Result> {
  let statements = statementsOf.get(db);
  if (!statements) {
    statements = new Map();
    statementsOf.set(db, statements);
  }
  let statement = statements.get(name) as Statement<Result> | undefined;
  if (!statement) {
    statement = build().prepare(name);
    statements.set(name, statement);
  }
  return statement;
}

/**
 * Rows whose `column` is one of `values`. A single value, what webhooks and most reads ask for, runs a statement
 * built once; a list of any other length builds its own.
 */
function whereIn<Row>(
  db: Db,
  name: string,
  column: SQLiteColumn,
  values: readonly string[],
  query: (condition: SQL) => Preparable<Row[]> & PromiseLike<Row[]>,
): PromiseLike<Row[]> {
  if (values.length !== 1) return query(inArray(column, [...values]));
  return prepared(db, name, () => query(eq(column, sql.placeholder('value')))).execute({ value: values[0] });
}

const columnsByTable = new WeakMap<SQLiteTable, [string, SQLiteColumn][]>();

/** A table's columns by field name, listed once per table rather than once per row written. */
function columnsOf(table: SQLiteTable): [string, SQLiteColumn][] {
  let columns = columnsByTable.get(table);
  if (!columns) {
    columns = Object.entries(getTableColumns(table));
    columnsByTable.set(table, columns);
  }
  return columns;
}

/**
 * Inserts a whole row, or replaces every column of the row with the same `key`: one statement per table, run
 * with the row's values. They are put in the database's form here: drizzle would turn a placeholder's null
 * into false in a boolean column.
 */
function upsert<Table extends SQLiteTable>(
  db: Db,
  name: string,
  table: Table,
  key: SQLiteColumn,
  row: Table['$inferSelect'],
): PromiseLike<unknown> {
  const columns = columnsOf(table);
  const statement = prepared(db, name, () => {
    const values = Object.fromEntries(columns.map(([field]) => [field, sql`${sql.placeholder(field)}`]));
    const replaced = columns.filter(([, column]) => column !== key);
    const set = Object.fromEntries(replaced.map(([field, column]) => [field, sql.raw(`excluded."${column.name}"`)]));
    return db
      .insert(table)
      .values(values as Table['$inferInsert'])
      .onConflictDoUpdate({ target: key, set: set as SQLiteUpdateSetSource<Table> });
  });
  const fields = row as Record<string, unknown>;
  return statement.execute(
    Object.fromEntries(
      columns.map(([field, column]) => {
        const value = fields[field] ?? null;
        return [field, value === null ? null : column.mapToDriverValue(value)];
      }),
    ),
  );
}

function byKey<Row, K>(rows: readonly Row[], key: (row: Row) => K): Map<K, Row> {
  return new Map(rows.map((row) => [key(row), row]));
}

export class AssetQueries {
  constructor(
    private readonly db: Db,
    private readonly t: Tables,
  ) {}

  async byIds(ids: readonly string[]): Promise<Map<string, AssetRow>> {
    if (ids.length === 0) return new Map();
    const { assets } = this.t;
    const rows = await whereIn(this.db, 'assets_by_id', assets.muxId, ids, (where) =>
      this.db.select().from(assets).where(where),
    );
    return byKey(rows, (row) => row.muxId);
  }

  async upsert(row: AssetRow): Promise<void> {
    await upsert(this.db, 'assets_upsert', this.t.assets, this.t.assets.muxId, row);
  }

  #captionTrackExists(languageCode?: string): SQL {
    return exists(
      this.db
        .select({ one: sql`1` })
        .from(this.t.tracks)
        .where(
          and(
            eq(this.t.tracks.assetId, this.t.assets.muxId),
            eq(this.t.tracks.type, 'text'),
            eq(this.t.tracks.status, 'ready'),
            languageCode ? eq(this.t.tracks.languageCode, languageCode) : undefined,
          ),
        ),
    );
  }

  #filtered(filter: AssetListFilter): (SQL | undefined)[] {
    const conditions: (SQL | undefined)[] = [eq(this.t.assets.deleted, false)];
    if (filter.status === 'unknown') conditions.push(notInArray(this.t.assets.status, this.t.assets.status.enumValues));
    else if (filter.status) conditions.push(eq(this.t.assets.status, filter.status));
    if (filter.hasReadyCaptions !== undefined) {
      const hasCaptions = this.#captionTrackExists();
      conditions.push(filter.hasReadyCaptions ? hasCaptions : not(hasCaptions));
    }
    if (filter.languageCode) conditions.push(this.#captionTrackExists(filter.languageCode));
    return conditions;
  }

  /** How many assets the filter lets through, on every page together. */
  async count(filter: AssetListFilter): Promise<number> {
    const [row] = await this.db
      .select({ value: count() })
      .from(this.t.assets)
      .where(and(...this.#filtered(filter)));
    return row?.value ?? 0;
  }

  /** Newest first, keyset-paged on (created_at, mux_id) so pages never skip or repeat an asset. */
  list(filter: AssetListFilter, after: AssetCursor | undefined, limit: number): Promise<AssetRow[]> {
    const conditions = this.#filtered(filter);
    if (after) {
      conditions.push(
        or(
          lt(this.t.assets.createdAt, after.createdAt),
          and(eq(this.t.assets.createdAt, after.createdAt), lt(this.t.assets.muxId, after.muxId)),
        ),
      );
    }
    return this.db
      .select()
      .from(this.t.assets)
      .where(and(...conditions))
      .orderBy(desc(this.t.assets.createdAt), desc(this.t.assets.muxId))
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
        .from(this.t.muxEvents)
        .where(
          and(
            eq(this.t.muxEvents.objectType, 'asset'),
            eq(this.t.muxEvents.objectId, this.t.assets.muxId),
            gte(this.t.muxEvents.receivedAt, new Date(listingStartedAt)),
          ),
        ),
    );
    const marked = await this.db
      .update(this.t.assets)
      .set({ deleted: true, fetchedAt: at })
      .where(
        and(
          eq(this.t.assets.deleted, false),
          notInArray(this.t.assets.muxId, [...listedIds]),
          lt(this.t.assets.fetchedAt, listingStartedAt),
          not(describedSince),
        ),
      )
      .returning({ muxId: this.t.assets.muxId });
    return marked.map((row) => row.muxId);
  }
}

export class TrackQueries {
  constructor(
    private readonly db: Db,
    private readonly t: Tables,
  ) {}

  async byIds(ids: readonly string[]): Promise<Map<string, TrackRow>> {
    if (ids.length === 0) return new Map();
    const { tracks } = this.t;
    const rows = await whereIn(this.db, 'tracks_by_id', tracks.muxId, ids, (where) =>
      this.db.select().from(tracks).where(where),
    );
    return byKey(rows, (row) => row.muxId);
  }

  /** Each asset's tracks in Mux's order. */
  async byAssetIds(assetIds: readonly string[]): Promise<Map<string, TrackRow[]>> {
    if (assetIds.length === 0) return new Map();
    const { tracks } = this.t;
    const rows = await whereIn(this.db, 'tracks_by_asset', tracks.assetId, assetIds, (where) =>
      this.db.select().from(tracks).where(where).orderBy(tracks.position),
    );
    return groupBy(assetIds, rows, (row) => row.assetId);
  }

  /** Makes the asset's cached tracks exactly these. */
  async replaceOfAsset(assetId: string, rows: readonly TrackRow[]): Promise<void> {
    await this.db.delete(this.t.tracks).where(
      and(
        eq(this.t.tracks.assetId, assetId),
        notInArray(
          this.t.tracks.muxId,
          rows.map((row) => row.muxId),
        ),
      ),
    );
    for (const row of rows) await upsert(this.db, 'tracks_upsert', this.t.tracks, this.t.tracks.muxId, row);
  }
}

/** When a whole collection (the asset index) was last read from Mux. */
export class ListSyncQueries {
  constructor(
    private readonly db: Db,
    private readonly t: Tables,
  ) {}

  async syncedAt(name: string): Promise<number | undefined> {
    const [row] = await this.db.select().from(this.t.listSyncs).where(eq(this.t.listSyncs.name, name));
    return row?.syncedAt;
  }

  async record(name: string, at: number): Promise<void> {
    await this.db
      .insert(this.t.listSyncs)
      .values({ name, syncedAt: at })
      .onConflictDoUpdate({ target: this.t.listSyncs.name, set: { syncedAt: at } });
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

/** Which caption work a usage total covers: finished in [from, to), on these assets. */
export interface UsageFilter {
  from?: number | undefined;
  to?: number | undefined;
  assetIds?: readonly string[] | undefined;
}

export interface CaptionUsage {
  unitsConsumed: number;
  jobs: number;
}

export interface CaptionJobCursor {
  requestedAt: number;
  id: string;
}

export class CaptionJobQueries {
  constructor(
    private readonly db: Db,
    private readonly t: Tables,
  ) {}

  async byIds(ids: readonly string[]): Promise<Map<string, CaptionJobRow>> {
    if (ids.length === 0) return new Map();
    const { captionJobs } = this.t;
    const rows = await whereIn(this.db, 'caption_jobs_by_id', captionJobs.id, ids, (where) =>
      this.db.select().from(captionJobs).where(where),
    );
    return byKey(rows, (row) => row.id);
  }

  async byMuxJobId(muxJobId: string): Promise<CaptionJobRow | undefined> {
    const [row] = await this.db.select().from(this.t.captionJobs).where(eq(this.t.captionJobs.muxJobId, muxJobId));
    return row;
  }

  /** Each asset's caption work, newest first. */
  async byAssetIds(assetIds: readonly string[]): Promise<Map<string, CaptionJobRow[]>> {
    if (assetIds.length === 0) return new Map();
    const { captionJobs } = this.t;
    const rows = await whereIn(this.db, 'caption_jobs_by_asset', captionJobs.assetId, assetIds, (where) =>
      this.db.select().from(captionJobs).where(where).orderBy(desc(captionJobs.requestedAt), desc(captionJobs.id)),
    );
    return groupBy(assetIds, rows, (row) => row.assetId);
  }

  byUpload(uploadId: string): Promise<CaptionJobRow[]> {
    return this.db.select().from(this.t.captionJobs).where(eq(this.t.captionJobs.uploadId, uploadId));
  }

  /** Every job not in a final status, oldest first: what the reconciler follows. */
  unfinished(): Promise<CaptionJobRow[]> {
    return this.db
      .select()
      .from(this.t.captionJobs)
      .where(notInArray(this.t.captionJobs.status, [...CAPTION_JOB_FINAL_STATUSES]))
      .orderBy(this.t.captionJobs.requestedAt);
  }

  #filtered(filter: CaptionJobFilter): (SQL | undefined)[] {
    return [
      filter.assetId ? eq(this.t.captionJobs.assetId, filter.assetId) : undefined,
      filter.kind ? eq(this.t.captionJobs.kind, filter.kind) : undefined,
      filter.status ? eq(this.t.captionJobs.status, filter.status) : undefined,
    ];
  }

  /** How many jobs the filter lets through, on every page together. */
  async count(filter: CaptionJobFilter): Promise<number> {
    const [row] = await this.db
      .select({ value: count() })
      .from(this.t.captionJobs)
      .where(and(...this.#filtered(filter)));
    return row?.value ?? 0;
  }

  /** Units Mux charged for caption work that finished in the range, and how many jobs that work was. */
  async usage(filter: UsageFilter): Promise<CaptionUsage> {
    const jobs = this.t.captionJobs;
    const [row] = await this.db
      .select({ unitsConsumed: sum(jobs.unitsConsumed).mapWith(Number), jobs: count() })
      .from(jobs)
      .where(
        and(
          isNotNull(jobs.finishedAt),
          filter.from === undefined ? undefined : gte(jobs.finishedAt, filter.from),
          filter.to === undefined ? undefined : lt(jobs.finishedAt, filter.to),
          filter.assetIds === undefined ? undefined : inArray(jobs.assetId, [...filter.assetIds]),
        ),
      );
    return { unitsConsumed: row?.unitsConsumed ?? 0, jobs: row?.jobs ?? 0 };
  }

  list(filter: CaptionJobFilter, after: CaptionJobCursor | undefined, limit: number): Promise<CaptionJobRow[]> {
    const conditions = this.#filtered(filter);
    if (after) {
      conditions.push(
        or(
          lt(this.t.captionJobs.requestedAt, after.requestedAt),
          and(eq(this.t.captionJobs.requestedAt, after.requestedAt), lt(this.t.captionJobs.id, after.id)),
        ),
      );
    }
    return this.db
      .select()
      .from(this.t.captionJobs)
      .where(and(...conditions))
      .orderBy(desc(this.t.captionJobs.requestedAt), desc(this.t.captionJobs.id))
      .limit(limit);
  }

  async upsert(row: CaptionJobRow): Promise<void> {
    await upsert(this.db, 'caption_jobs_upsert', this.t.captionJobs, this.t.captionJobs.id, row);
  }

  /** Jobs started on a direct upload and still without an asset. */
  waitingForAssetOfUpload(uploadId: string): Promise<CaptionJobRow[]> {
    return this.db
      .select()
      .from(this.t.captionJobs)
      .where(and(eq(this.t.captionJobs.uploadId, uploadId), isNull(this.t.captionJobs.assetId)));
  }
}

export type UploadRow = typeof uploads.$inferSelect;

export class UploadQueries {
  constructor(
    private readonly db: Db,
    private readonly t: Tables,
  ) {}

  async byIds(ids: readonly string[]): Promise<Map<string, UploadRow>> {
    if (ids.length === 0) return new Map();
    const { uploads } = this.t;
    const rows = await whereIn(this.db, 'uploads_by_id', uploads.muxId, ids, (where) =>
      this.db.select().from(uploads).where(where),
    );
    return byKey(rows, (row) => row.muxId);
  }

  async upsert(row: UploadRow): Promise<void> {
    await upsert(this.db, 'uploads_upsert', this.t.uploads, this.t.uploads.muxId, row);
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
  constructor(
    private readonly db: Db,
    private readonly t: Tables,
  ) {}

  /** Stores an event once, not yet applied; false when Mux's event id was already stored (a redelivery). */
  async store(event: StoredEvent): Promise<boolean> {
    const { muxEvents } = this.t;
    const stored = await prepared(this.db, 'events_store', () =>
      this.db
        .insert(muxEvents)
        .values({
          id: sql.placeholder('id'),
          type: sql.placeholder('type'),
          objectType: sql.placeholder('objectType'),
          objectId: sql.placeholder('objectId'),
          createdAt: sql.placeholder('createdAt'),
          payload: sql.placeholder('payload'),
          rejectedReason: sql.placeholder('rejectedReason'),
          appliedAt: null,
        })
        .onConflictDoNothing({ target: muxEvents.id })
        .returning({ id: muxEvents.id }),
    ).execute({ ...event, rejectedReason: event.rejectedReason ?? null });
    return stored.length > 0;
  }

  async markApplied(id: string, at: number): Promise<void> {
    const { muxEvents } = this.t;
    await prepared(this.db, 'events_mark_applied', () =>
      this.db
        .update(muxEvents)
        .set({ appliedAt: sql`${sql.placeholder('at')}` })
        .where(eq(muxEvents.id, sql.placeholder('id'))),
    ).execute({ id, at });
  }

  /** Events acknowledged to Mux whose effect is not complete yet, oldest first. */
  unapplied(): Promise<UnappliedEvent[]> {
    return this.db
      .select({ id: this.t.muxEvents.id, type: this.t.muxEvents.type, payload: this.t.muxEvents.payload })
      .from(this.t.muxEvents)
      .where(isNull(this.t.muxEvents.appliedAt))
      .orderBy(asc(this.t.muxEvents.receivedAt));
  }

  /** Tracks among these whose deletion was stored, so a late `created` or `ready` cannot bring them back. */
  async deletedTrackIds(trackIds: readonly string[]): Promise<Set<string>> {
    if (trackIds.length === 0) return new Set();
    const rows = await this.db
      .selectDistinct({ id: this.t.muxEvents.objectId })
      .from(this.t.muxEvents)
      .where(
        and(
          eq(this.t.muxEvents.type, TRACK_DELETED),
          eq(this.t.muxEvents.objectType, 'track'),
          inArray(this.t.muxEvents.objectId, [...trackIds]),
        ),
      );
    return new Set(rows.flatMap((row) => (row.id ? [row.id] : [])));
  }

  async count(): Promise<number> {
    const [row] = await this.db.select({ value: count() }).from(this.t.muxEvents);
    return row?.value ?? 0;
  }
}

/** What one commit changed, as subscribers hear of it, on this instance and on the others. */
export interface CommittedChanges {
  assets: AssetRow[];
  tracks: TrackRow[];
  jobs: CaptionJobRow[];
  uploads: UploadRow[];
}

/** Leases on background work, so that of several instances one does each piece at a time. */
export class LeaseQueries {
  constructor(
    private readonly db: Db,
    private readonly t: Tables,
  ) {}

  /**
   * Takes or renews the lease `name` for `holder` until `until`; true when it is now held by `holder`. A lease
   * another holder let run out (it stopped, or died) is taken over.
   */
  async claim(name: string, holder: string, now: number, until: number): Promise<boolean> {
    const { workLeases } = this.t;
    const held = await this.db
      .insert(workLeases)
      .values({ name, holder, until })
      .onConflictDoUpdate({
        target: workLeases.name,
        set: { holder, until },
        setWhere: or(eq(workLeases.holder, holder), lt(workLeases.until, now)),
      })
      .returning({ holder: workLeases.holder });
    return held.length > 0;
  }

  /** Gives the lease up, so another instance need not wait for it to run out. */
  async release(name: string, holder: string): Promise<void> {
    const { workLeases } = this.t;
    await this.db.delete(workLeases).where(and(eq(workLeases.name, name), eq(workLeases.holder, holder)));
  }
}

/** What a dialect brings besides the shared queries: its search engine and how it tells other instances. */
export interface DialectQueries {
  search: SearchQueries;
  /** Records what a transaction changed for the other instances; they learn of it when it commits. */
  announce(changes: CommittedChanges): Promise<void>;
}

/** Everything the gateway asks of its database, over one connection (or one transaction). */
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
  readonly leases: LeaseQueries;
  readonly announce: (changes: CommittedChanges) => Promise<void>;

  constructor(db: Db, tables: Tables, dialect: DialectQueries) {
    this.assets = new AssetQueries(db, tables);
    this.tracks = new TrackQueries(db, tables);
    this.listSyncs = new ListSyncQueries(db, tables);
    this.captionJobs = new CaptionJobQueries(db, tables);
    this.uploads = new UploadQueries(db, tables);
    this.events = new EventQueries(db, tables);
    this.transcripts = new TranscriptQueries(db, tables);
    this.search = dialect.search;
    this.idempotency = new IdempotencyQueries(db, tables);
    this.captionFiles = new CaptionFileQueries(db, tables);
    this.leases = new LeaseQueries(db, tables);
    this.announce = (changes) => dialect.announce(changes);
  }
}

/**
 * The gateway's storage. Reads go through connections that only ever see committed data; every write happens
 * inside `transaction`, which commits or rolls back as a whole. SQLite (one instance, one file) or PostgreSQL
 * (several instances, one database).
 */
export abstract class Store extends Queries {
  /** This process among the instances sharing the database. */
  abstract readonly instanceId: string;

  /** `work` reads and writes through `tx`, which sees its own writes; nothing of it is visible until it returns. */
  abstract transaction<T>(work: (tx: Queries) => Promise<T>): Promise<T>;

  /**
   * Calls `onChanges` with what other instances commit, in commit order, from now until the returned stop is
   * called. A store only one instance can open has nothing to report.
   */
  abstract watchOtherInstances(onChanges: (changes: CommittedChanges) => Promise<void>): Promise<() => Promise<void>>;

  /**
   * Counts points per key in windows of `durationSeconds`, the same count for every instance on this store:
   * in this process for a store one instance owns, in the database for one several share.
   */
  abstract rateLimiter(options: RateLimiterSettings): RateLimiterAbstract;

  /**
   * How many committed migrations the database has not applied (0 once started); it is a query, so it fails
   * when the database does not answer.
   */
  abstract unappliedMigrations(): Promise<number>;

  /** Waits for the transaction under way, then closes; later transactions are refused. */
  abstract close(): Promise<void>;
}

export interface RateLimiterSettings {
  /** Keeps the counts of one limiter apart from another's. */
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}

export class StoreClosedError extends Error {
  override readonly name = 'StoreClosedError';
  constructor() {
    super('the store is closed');
  }
}
