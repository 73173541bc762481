import { count } from 'drizzle-orm';
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

/** Stores an event once; returns false when Mux's event id was already stored (a redelivery). */
export function storeEvent(db: Db, event: StoredEvent): boolean {
  const result = db.insert(muxEvents).values(event).onConflictDoNothing({ target: muxEvents.id }).run();
  return result.changes > 0;
}

export function countEvents(db: Db): number {
  return db.select({ value: count() }).from(muxEvents).get()?.value ?? 0;
}
