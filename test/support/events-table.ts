import Database from 'better-sqlite3';

export interface EventRow {
  id: string;
  type: string;
  objectId: string | null;
  appliedAt: number | null;
  /** Why a validly signed event was kept without being applied. */
  rejectedReason: string | null;
}

/** The gateway's stored webhook events, read straight from its SQLite file (as after a crash). */
export function storedEvents(databasePath: string): EventRow[] {
  const sqlite = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return sqlite
      .prepare(
        'SELECT id, type, object_id AS objectId, applied_at AS appliedAt, rejected_reason AS rejectedReason ' +
          'FROM mux_events',
      )
      .all() as EventRow[];
  } finally {
    sqlite.close();
  }
}
