import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema>;

export interface SqliteConnections {
  /** The one connection that writes; transactions run on it, one at a time. */
  writer: Db;
  writerHandle: Database.Database;
  /** Reads outside transactions: in WAL mode it sees only committed data and never waits for the writer. */
  reader: Db;
  close(): void;
}

const MIGRATIONS = fileURLToPath(new URL('../../drizzle/sqlite', import.meta.url));

function connect(path: string, options: Database.Options = {}): Database.Database {
  const sqlite = new Database(path, options);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return sqlite;
}

/** Opens the SQLite file (creating its folder) in WAL mode, applies every committed migration, then opens a reader. */
export function openSqlite(path: string): SqliteConnections {
  mkdirSync(dirname(path), { recursive: true });
  const writerHandle = connect(path);
  writerHandle.pragma('journal_mode = WAL');
  writerHandle.pragma('synchronous = NORMAL');
  const writer = drizzle(writerHandle, { schema });
  migrate(writer, { migrationsFolder: MIGRATIONS });
  const readerHandle = connect(path, { readonly: true });
  return {
    writer,
    writerHandle,
    reader: drizzle(readerHandle, { schema }),
    close: () => {
      readerHandle.close();
      writerHandle.close();
    },
  };
}
