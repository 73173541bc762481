import { and, desc, eq, exists, gte, inArray, lt, not, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { assets, listSyncs, muxEvents, tracks } from './schema.js';

export type AssetRow = typeof assets.$inferSelect;
export type TrackRow = typeof tracks.$inferSelect;

export interface AssetListFilter {
  status?: AssetRow['status'] | undefined;
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

/** Rows grouped by a key, with an empty group for every key asked for. */
export function groupBy<Row>(keys: readonly string[], rows: readonly Row[], key: (row: Row) => string | null) {
  const grouped = new Map<string, Row[]>(keys.map((id) => [id, []]));
  for (const row of rows) {
    const group = key(row);
    if (group !== null) grouped.get(group)?.push(row);
  }
  return grouped;
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
    if (filter.status) conditions.push(eq(assets.status, filter.status));
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
