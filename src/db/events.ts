import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { Db } from './client.js';
import { muxEvents } from './schema.js';

export interface StoredEvent {
  id: string;
  type: string;
  objectType: string | null;
  objectId: string | null;
  createdAt: string;
  payload: unknown;
  /** Null when the event still waits for something to be fetched from Mux. */
  appliedAt: number | null;
}

/** Stores an event once; returns false when Mux's event id was already stored (a redelivery). */
export function storeEvent(db: Db, event: StoredEvent): boolean {
  const result = db.insert(muxEvents).values(event).onConflictDoNothing({ target: muxEvents.id }).run();
  return result.changes > 0;
}

export function markEventApplied(db: Db, id: string, at: number): void {
  db.update(muxEvents).set({ appliedAt: at }).where(eq(muxEvents.id, id)).run();
}

export interface UnappliedEvent {
  id: string;
  type: string;
  payload: unknown;
}

/** Events acknowledged to Mux whose effect is not complete yet, oldest first. */
export function unappliedEvents(db: Db): UnappliedEvent[] {
  return db
    .select({ id: muxEvents.id, type: muxEvents.type, payload: muxEvents.payload })
    .from(muxEvents)
    .where(isNull(muxEvents.appliedAt))
    .orderBy(asc(muxEvents.receivedAt))
    .all();
}

/** Whether an event of `type` about the object was stored, e.g. to keep a deleted track from coming back. */
export function hasEventAbout(db: Db, type: string, objectType: string, objectId: string): boolean {
  const row = db
    .select({ id: muxEvents.id })
    .from(muxEvents)
    .where(and(eq(muxEvents.objectType, objectType), eq(muxEvents.objectId, objectId), eq(muxEvents.type, type)))
    .limit(1)
    .get();
  return row !== undefined;
}

export function countEvents(db: Db): number {
  return db.select({ value: count() }).from(muxEvents).get()?.value ?? 0;
}
