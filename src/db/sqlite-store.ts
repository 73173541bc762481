import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { type Db, openSqlite, SQLITE_MIGRATIONS } from './client.js';
import { unappliedMigrations } from './migrations.js';
import { SqliteSearchQueries } from './search.js';
import { type DialectQueries, Queries, type RateLimiterSettings, Store, StoreClosedError } from './store.js';
import { SQLITE_TABLES } from './tables.js';

/** Runs one piece of work after another, never two at once. */
class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(work);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * SQLite, the default: one file one process owns. Reads go through a read-only connection, which in WAL mode
 * sees only committed data; transactions run one at a time on the writer. One instance, so nothing to announce.
 */
export class SqliteStore extends Store {
  readonly instanceId = randomUUID();
  readonly #writer: Queries;
  readonly #reader: Db;
  readonly #begin: () => void;
  readonly #end: (commit: boolean) => void;
  readonly #close: () => void;
  readonly #queue = new SerialQueue();
  #closed = false;

  private constructor(path: string) {
    const connections = openSqlite(path);
    const dialect = (db: typeof connections.reader): DialectQueries => ({
      search: new SqliteSearchQueries(db),
      announce: async () => {},
    });
    super(connections.reader, SQLITE_TABLES, dialect(connections.reader));
    this.#reader = connections.reader;
    this.#writer = new Queries(connections.writer, SQLITE_TABLES, dialect(connections.writer));
    this.#begin = () => connections.writerHandle.exec('BEGIN IMMEDIATE');
    this.#end = (commit) => connections.writerHandle.exec(commit ? 'COMMIT' : 'ROLLBACK');
    this.#close = connections.close;
  }

  static open(path: string): SqliteStore {
    return new SqliteStore(path);
  }

  transaction<T>(work: (tx: Queries) => Promise<T>): Promise<T> {
    return this.#queue.run(async () => {
      if (this.#closed) throw new StoreClosedError();
      this.#begin();
      try {
        const result = await work(this.#writer);
        this.#end(true);
        return result;
      } catch (error) {
        this.#end(false);
        throw error;
      }
    });
  }

  async watchOtherInstances(): Promise<() => Promise<void>> {
    return async () => {};
  }

  /** One instance owns the file, so its own memory holds the only count. */
  rateLimiter({ keyPrefix, points, durationSeconds }: RateLimiterSettings): RateLimiterMemory {
    return new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds });
  }

  async unappliedMigrations(): Promise<number> {
    if (this.#closed) throw new StoreClosedError();
    const applied = this.#reader.get<{ last: number | null }>(
      sql`SELECT max(created_at) AS last FROM __drizzle_migrations`,
    );
    return unappliedMigrations(SQLITE_MIGRATIONS, applied.last);
  }

  async close(): Promise<void> {
    await this.#queue.run(async () => {
      this.#closed = true;
    });
    this.#close();
  }
}
