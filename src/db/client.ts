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

export const SQLITE_MIGRATIONS = fileURLToPath(new URL('../../drizzle/sqlite', import.meta.url));

/** Distinct statements kept compiled per connection; `IN (…)` lists of every length make a few hundred. */
const MAX_STATEMENTS = 2_000;

/**
 * drizzle asks better-sqlite3 to prepare every query it runs, and compiling the SQL was the largest single
 * cost of a webhook's commit. The same few hundred statements come back again and again, so each connection
 * keeps them compiled. drizzle switches a statement to raw (array) rows when it maps columns itself; a reused
 * one is switched back first, so each use starts as a new one would.
 */
function reuseStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const statements = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = statements.get(source);
    if (!statement) {
      if (statements.size >= MAX_STATEMENTS) statements.clear();
      statement = prepare(source);
      statements.set(source, statement);
    }
    return statement.reader ? statement.raw(false) : statement;
  }) as typeof sqlite.prepare;
}

function connect(path: string, options: Database.Options = {}): Database.Database {
  const sqlite = new Database(path, options);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  reuseStatements(sqlite);
  return sqlite;
}

/** Opens the SQLite file (creating its folder) in WAL mode, applies every committed migration, then opens a reader. */
export function openSqlite(path: string): SqliteConnections {
  mkdirSync(dirname(path), { recursive: true });
  const writerHandle = connect(path);
  writerHandle.pragma('journal_mode = WAL');
  // Every commit reaches the disk before anyone is told (a webhook acknowledged, a mutation answered); NORMAL
  // would lose the last commits to a power cut. Group commit (sqlite-store.ts) shares one sync among the
  // transactions that arrive together.
  writerHandle.pragma('synchronous = FULL');
  const writer = drizzle(writerHandle, { schema });
  migrate(writer, { migrationsFolder: SQLITE_MIGRATIONS });
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
