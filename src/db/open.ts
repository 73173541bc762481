import { PostgresStore } from './postgres-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

/** Where the gateway keeps its state: a SQLite file (one instance) or a PostgreSQL database (several). */
export type StoreLocation = { sqlitePath: string } | { postgresUrl: string };

export function openStore(location: StoreLocation): Promise<Store> {
  return 'postgresUrl' in location
    ? PostgresStore.open(location.postgresUrl)
    : Promise.resolve(SqliteStore.open(location.sqlitePath));
}
