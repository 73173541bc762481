import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresStore } from '../../src/db/postgres-store.js';
import { SqliteStore } from '../../src/db/sqlite-store.js';
import type { Store } from '../../src/db/store.js';
import { createPostgresDatabase } from './databases.js';

/** Both stores the gateway can run on; the conformance suites run each test against each. */
export const STORE_KINDS = ['sqlite', 'postgres'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export interface TestStore {
  store: Store;
  /**
   * The same database as another instance sees it: opened again on PostgreSQL; on SQLite, which one process
   * owns, the same store (two writers in one process would wait on each other's locks forever).
   */
  openAnother(): Promise<Store>;
  close(): Promise<void>;
}

/** A new, empty store of that kind: a SQLite file in a temporary folder, or a new PostgreSQL database. */
export async function openTestStore(kind: StoreKind): Promise<TestStore> {
  const opened: Store[] = [];
  const track = <S extends Store>(store: S) => {
    opened.push(store);
    return store;
  };
  if (kind === 'sqlite') {
    const directory = mkdtempSync(join(tmpdir(), 'caption-gateway-store-'));
    const store = track(SqliteStore.open(join(directory, 'gateway.db')));
    return {
      store,
      openAnother: async () => store,
      async close() {
        for (const store of opened) await store.close();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  }
  const url = await createPostgresDatabase();
  return {
    store: track(await PostgresStore.open(url)),
    openAnother: async () => track(await PostgresStore.open(url)),
    async close() {
      for (const store of opened) await store.close();
    },
  };
}
