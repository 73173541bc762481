import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Every webhook event Mux delivered and the gateway verified, unique by Mux's event id. */
export const muxEvents = sqliteTable(
  'mux_events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    objectType: text('object_type'),
    objectId: text('object_id'),
    createdAt: text('created_at').notNull(),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    payload: text('payload', { mode: 'json' }).notNull(),
  },
  (table) => [index('mux_events_object').on(table.objectType, table.objectId)],
);
