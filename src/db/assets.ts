import { and, desc, eq, exists, gte, inArray, lt, not, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { assets, listSyncs, muxEvents, tracks } from './schema.js';

export type AssetRow = typeof assets.$inferSelect;
export type TrackRow = typeof tracks.$inferSelect;
export type NewTrackRow = typeof tracks.$inferInsert;

export function assetRowsById(db: Db, ids: readonly string[]): Map<string, AssetRow> {
  if (ids.length === 0) return new Map();
  const rows = db
    .select()
    .from(assets)
    .where(inArray(assets.muxId, [...ids]))
    .all();
  return new Map(rows.map((row) => [row.muxId, row]));
}

/** Writes an asset and replaces its tracks with the ones Mux listed, in one transaction. */
export function saveAsset(db: Db, asset: typeof assets.$inferInsert, assetTracks: NewTrackRow[]): void {
  db.transaction((tx) => {
    tx.insert(assets).values(asset).onConflictDoUpdate({ target: assets.muxId, set: asset }).run();
    const keep = assetTracks.map((track) => track.muxId);
    tx.delete(tracks)
      .where(and(eq(tracks.assetId, asset.muxId), notInArray(tracks.muxId, keep)))
      .run();
    for (const track of assetTracks) {
      tx.insert(tracks).values(track).onConflictDoUpdate({ target: tracks.muxId, set: track }).run();
    }
  });
}

export function trackRowsByAsset(db: Db, assetIds: readonly string[]): Map<string, TrackRow[]> {
  const grouped = new Map<string, TrackRow[]>(assetIds.map((id) => [id, []]));
  if (assetIds.length === 0) return grouped;
  const rows = db
    .select()
    .from(tracks)
    .where(inArray(tracks.assetId, [...assetIds]))
    .orderBy(tracks.position)
    .all();
  for (const row of rows) grouped.get(row.assetId)?.push(row);
  return grouped;
}

export function trackRowsById(db: Db, ids: readonly string[]): Map<string, TrackRow> {
  if (ids.length === 0) return new Map();
  const rows = db
    .select()
    .from(tracks)
    .where(inArray(tracks.muxId, [...ids]))
    .all();
  return new Map(rows.map((row) => [row.muxId, row]));
}

export interface AssetListFilter {
  status?: AssetRow['status'] | undefined;
  hasReadyCaptions?: boolean | undefined;
  languageCode?: string | undefined;
}

export interface AssetCursor {
  createdAt: number;
  muxId: string;
}

function captionTrackExists(db: Db, languageCode?: string): SQL {
  return exists(
    db
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
export function listAssetRows(
  db: Db,
  filter: AssetListFilter,
  after: AssetCursor | undefined,
  limit: number,
): AssetRow[] {
  const conditions: (SQL | undefined)[] = [eq(assets.deleted, false)];
  if (filter.status) conditions.push(eq(assets.status, filter.status));
  if (filter.hasReadyCaptions !== undefined) {
    const hasCaptions = captionTrackExists(db);
    conditions.push(filter.hasReadyCaptions ? hasCaptions : not(hasCaptions));
  }
  if (filter.languageCode) conditions.push(captionTrackExists(db, filter.languageCode));
  if (after) {
    conditions.push(
      or(
        lt(assets.createdAt, after.createdAt),
        and(eq(assets.createdAt, after.createdAt), lt(assets.muxId, after.muxId)),
      ),
    );
  }
  return db
    .select()
    .from(assets)
    .where(and(...conditions))
    .orderBy(desc(assets.createdAt), desc(assets.muxId))
    .limit(limit)
    .all();
}

/**
 * Assets that were cached but are missing from a complete listing were deleted upstream, unless Mux
 * described them after the listing began (a read, or a webhook about an asset made meanwhile): the listing
 * may be older than they are.
 */
export function markAssetsMissingFromListing(
  db: Db,
  listedIds: readonly string[],
  listingStartedAt: number,
  at: number,
): void {
  const describedSince = exists(
    db
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
  db.update(assets)
    .set({ deleted: true, fetchedAt: at })
    .where(
      and(
        eq(assets.deleted, false),
        notInArray(assets.muxId, [...listedIds]),
        lt(assets.fetchedAt, listingStartedAt),
        not(describedSince),
      ),
    )
    .run();
}

export function listSyncedAt(db: Db, name: string): number | undefined {
  return db.select().from(listSyncs).where(eq(listSyncs.name, name)).get()?.syncedAt;
}

export function recordListSync(db: Db, name: string, at: number): void {
  db.insert(listSyncs)
    .values({ name, syncedAt: at })
    .onConflictDoUpdate({ target: listSyncs.name, set: { syncedAt: at } })
    .run();
}

/** Adds tracks Mux just made after the asset's existing ones (keeping Mux's order), ignoring any already known. */
export function appendTrackRows(db: Db, rows: readonly NewTrackRow[]): void {
  const writtenAt = Date.now();
  db.transaction((tx) => {
    for (const row of rows) {
      const last = tx
        .select({ position: tracks.position })
        .from(tracks)
        .where(eq(tracks.assetId, row.assetId))
        .orderBy(desc(tracks.position))
        .limit(1)
        .get();
      tx.insert(tracks)
        .values({ ...row, position: (last?.position ?? -1) + 1, writtenAt })
        .onConflictDoNothing()
        .run();
    }
  });
}
