import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { asc, getTableName, gt, lt, max, sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres } from 'rate-limiter-flexible';
import type { Db } from './client.js';
import { unappliedMigrations } from './migrations.js';
import * as schema from './schema-postgres.js';
import { PostgresSearchQueries } from './search-postgres.js';
import {
  type CommittedChanges,
  type DialectQueries,
  Queries,
  type RateLimiterSettings,
  Store,
  StoreClosedError,
} from './store.js';
import type { Tables } from './tables.js';

const MIGRATIONS = fileURLToPath(new URL('../../drizzle/postgres', import.meta.url));
const CHANNEL = 'gateway_changes';
/** Advisory lock keys (any fixed numbers no other application on the database uses). */
const MIGRATION_LOCK = 7_351_001;
const WRITE_LOCK = 7_351_002;
/** How long what a commit changed stays readable for an instance that lost its listening connection. */
const CHANGE_LOG_KEEP_MS = 60 * 60 * 1000;
const RECONNECT_MAX_MS = 5_000;

/** PostgreSQL's tables, under the SQLite types the queries are written with (same names, columns and rows). */
const POSTGRES_TABLES = schema as unknown as Tables;

type PgDb = NodePgDatabase<typeof schema>;

function dialect(db: PgDb, instanceId: string): DialectQueries {
  return {
    search: new PostgresSearchQueries(db),
    announce: async (changes) => {
      if (changes.assets.length + changes.tracks.length + changes.jobs.length + changes.uploads.length === 0) return;
      // One round trip, inside the commit's transaction: the NOTIFY is delivered when it commits, and not at
      // all if it rolls back.
      await db.execute(sql`
        WITH entry AS (
          INSERT INTO change_log (instance, changes, at)
          VALUES (${instanceId}, ${JSON.stringify(changes)}::jsonb, ${Date.now()})
          RETURNING seq
        )
        SELECT pg_notify(${CHANNEL}, seq::text) FROM entry`);
    },
  };
}

/**
 * PostgreSQL, for several instances on one database. Reads use the pool; each transaction first takes one
 * transaction-scoped advisory lock, so commits from every instance happen one at a time, as on SQLite: the
 * state rules read what they change, and the change log's order is the commit order. What a transaction
 * changed is written to the change log and announced with NOTIFY at commit; `watchOtherInstances` LISTENs
 * and reads the log from where it was, also after its connection dropped and came back.
 */
export class PostgresStore extends Store {
  readonly instanceId = randomUUID();
  readonly #pool: pg.Pool;
  readonly #db: PgDb;
  readonly #running = new Set<Promise<unknown>>();
  readonly #prune: NodeJS.Timeout;
  #closed = false;

  private constructor(pool: pg.Pool, db: PgDb) {
    super(db as unknown as Db, POSTGRES_TABLES, dialect(db, ''));
    this.#pool = pool;
    this.#db = db;
    this.#prune = setInterval(() => void this.#pruneChangeLog(), 60_000).unref();
  }

  /** Connects, applies the committed migrations (one instance at a time), and opens the store. */
  static async open(url: string): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle client that loses its connection is replaced; without a listener the error would end the process.
    pool.on('error', () => {});
    try {
      await migrateOnce(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresStore(pool, drizzle(pool, { schema }));
  }

  transaction<T>(work: (tx: Queries) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreClosedError());
    const running = this.#db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`);
      return work(new Queries(tx as unknown as Db, POSTGRES_TABLES, dialect(tx as PgDb, this.instanceId)));
    });
    this.#running.add(running);
    void running.finally(() => this.#running.delete(running)).catch(() => undefined);
    return running;
  }

  async watchOtherInstances(onChanges: (changes: CommittedChanges) => Promise<void>): Promise<() => Promise<void>> {
    const watch = new ChangeWatch(this.#pool, this.#db, this.instanceId, onChanges);
    await watch.start();
    return () => watch.stop();
  }

  /**
   * Counted in the `rate_limits` table (made by the migrations), one upsert per consume, so every instance
   * counts against the same points. While the database does not answer, each instance counts in its own memory
   * rather than refusing every request or letting every one through.
   */
  rateLimiter({ keyPrefix, points, durationSeconds }: RateLimiterSettings): RateLimiterPostgres {
    const options = { keyPrefix, points, duration: durationSeconds };
    return new RateLimiterPostgres({
      ...options,
      storeClient: this.#pool,
      storeType: 'pool',
      tableName: getTableName(schema.rateLimits),
      tableCreated: true,
      insuranceLimiter: new RateLimiterMemory(options),
    });
  }

  async #pruneChangeLog(): Promise<void> {
    await this.#db
      .delete(schema.changeLog)
      .where(lt(schema.changeLog.at, Date.now() - CHANGE_LOG_KEEP_MS))
      .catch(() => undefined);
  }

  async unappliedMigrations(): Promise<number> {
    if (this.#closed) throw new StoreClosedError();
    const applied = await this.#db.execute<{ last: string | null }>(
      sql`SELECT max(created_at) AS last FROM drizzle.__drizzle_migrations`,
    );
    const last = applied.rows[0]?.last;
    return unappliedMigrations(MIGRATIONS, last === null || last === undefined ? null : Number(last));
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#prune);
    await Promise.allSettled([...this.#running]);
    await this.#pool.end();
  }
}

async function migrateOnce(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client), { migrationsFolder: MIGRATIONS });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/**
 * One instance's view of what the others commit: a dedicated connection LISTENs, and every notification (or a
 * new connection after a lost one) makes it read the change log on from the last entry it handled, in order.
 */
class ChangeWatch {
  #client: pg.PoolClient | undefined;
  #lastSeq = 0;
  #reading: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly db: PgDb,
    private readonly instanceId: string,
    private readonly onChanges: (changes: CommittedChanges) => Promise<void>,
  ) {}

  async start(): Promise<void> {
    const [newest] = await this.db.select({ seq: max(schema.changeLog.seq) }).from(schema.changeLog);
    this.#lastSeq = Number(newest?.seq ?? 0);
    await this.#listen();
  }

  async #listen(): Promise<void> {
    const client = await this.pool.connect();
    this.#client = client;
    client.on('notification', () => this.#readOn());
    client.once('error', () => void this.#reconnect(client));
    await client.query(`LISTEN ${CHANNEL}`);
    // Whatever was committed while no connection listened.
    this.#readOn();
  }

  async #reconnect(lost: pg.PoolClient): Promise<void> {
    lost.release(true);
    this.#client = undefined;
    for (let waitMs = 100; !this.#stopped; waitMs = Math.min(waitMs * 2, RECONNECT_MAX_MS)) {
      try {
        await this.#listen();
        return;
      } catch {
        await sleep(waitMs);
      }
    }
  }

  /** Reads are chained, so entries are handled one after another, in commit order. */
  #readOn(): void {
    this.#reading = this.#reading.then(() => this.#read()).catch(() => undefined);
  }

  async #read(): Promise<void> {
    const entries = await this.db
      .select()
      .from(schema.changeLog)
      .where(gt(schema.changeLog.seq, this.#lastSeq))
      .orderBy(asc(schema.changeLog.seq));
    for (const entry of entries) {
      this.#lastSeq = entry.seq;
      if (entry.instance !== this.instanceId) await this.onChanges(entry.changes);
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    const client = this.#client;
    this.#client = undefined;
    if (client) {
      await client.query(`UNLISTEN ${CHANNEL}`).catch(() => undefined);
      client.release();
    }
    await this.#reading;
  }
}
