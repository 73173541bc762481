import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from './client.js';
import { muxEvents } from './schema.js';

export interface StoredEvent {
  id: string;
  type: string;
  objectType: string | null;
  objectId: string | null;
  createdAt: string;
  payload: unknown;
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
