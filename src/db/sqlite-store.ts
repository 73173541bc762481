import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { type Db, openSqlite, SQLITE_MIGRATIONS } from './client.js';
import { unappliedMigrations } from './migrations.js';
import { SqliteSearchQueries } from './search.js';
import { type DialectQueries, Queries, type RateLimiterSettings, Store, StoreClosedError } from './store.js';
import { SQLITE_TABLES } from './tables.js';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** A transaction's work waiting for the writer, and how to tell its caller the outcome. */
interface Waiting {
  work: (tx: Queries) => Promise<unknown>;
  settle: (outcome: Outcome) => void;
}

/**
 * Group commit: the transactions that arrive while the writer is busy run together, one after another, in one
 * SQLite transaction, each inside a savepoint of its own. One that fails is rolled back to its savepoint alone;
 * its neighbours commit. Every caller hears of its outcome only after the one COMMIT, so nothing is reported
 * done before it is on disk, and thirty-two webhooks arriving together cost one commit rather than thirty-two.
 */
class GroupCommit {
  #waiting: Waiting[] = [];
  #running: Promise<void> | undefined;

  constructor(
    private readonly writer: Queries,
    private readonly exec: (statement: string) => void,
    private readonly inTransaction: () => boolean,
  ) {}

  run<T>(work: (tx: Queries) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({
        work,
        settle: (outcome) => (outcome.ok ? resolve(outcome.value as T) : reject(outcome.error)),
      });
      this.#running ??= this.#drain();
    });
  }

  /** Resolves once no transaction is running or waiting. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    // Webhooks arriving together are read in one turn of the event loop: waiting for its end gathers them.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.#waiting.length > 0) {
      const group = this.#waiting;
      this.#waiting = [];
      await this.#commit(group);
    }
    this.#running = undefined;
  }

  async #commit(group: readonly Waiting[]): Promise<void> {
    const outcomes: Outcome[] = [];
    try {
      this.exec('BEGIN IMMEDIATE');
      for (const { work } of group) {
        this.exec('SAVEPOINT work');
        try {
          outcomes.push({ ok: true, value: await work(this.writer) });
          this.exec('RELEASE work');
        } catch (error) {
          this.exec('ROLLBACK TO work');
          this.exec('RELEASE work');
          outcomes.push({ ok: false, error });
        }
      }
      this.exec('COMMIT');
    } catch (error) {
      // SQLite may have rolled back already (a full disk does); then there is nothing left to roll back.
      if (this.inTransaction()) this.exec('ROLLBACK');
      for (const waiting of group) waiting.settle({ ok: false, error });
      return;
    }
    for (const [index, waiting] of group.entries()) waiting.settle(outcomes[index] as Outcome);
  }
}

/**
 * SQLite, the default: one file one process owns. Reads go through a read-only connection, which in WAL mode
 * sees only committed data; transactions run on the writer, those arriving together in one group commit. One
 * instance, so nothing to announce.
 */
export class SqliteStore extends Store {
  readonly instanceId = randomUUID();
  readonly #reader: Db;
  readonly #writes: GroupCommit;
  readonly #close: () => void;
  #closed = false;

  private constructor(path: string) {
    const connections = openSqlite(path);
    const dialect = (db: typeof connections.reader): DialectQueries => ({
      search: new SqliteSearchQueries(db),
      announce: async () => {},
    });
    super(connections.reader, SQLITE_TABLES, dialect(connections.reader));
    this.#reader = connections.reader;
    const writer = new Queries(connections.writer, SQLITE_TABLES, dialect(connections.writer));
    const handle = connections.writerHandle;
    this.#writes = new GroupCommit(
      writer,
      // Prepared once each (client.ts keeps statements): exec would compile them again for every transaction.
      (statement) => handle.prepare(statement).run(),
      () => handle.inTransaction,
    );
    this.#close = connections.close;
  }

  static open(path: string): SqliteStore {
    return new SqliteStore(path);
  }

  transaction<T>(work: (tx: Queries) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreClosedError());
    return this.#writes.run(work);
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
    this.#closed = true;
    await this.#writes.idle();
    this.#close();
  }
}
