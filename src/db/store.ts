import { AssetQueries, ListSyncQueries, TrackQueries } from './assets.js';
import { CaptionFileQueries } from './caption-files.js';
import { CaptionJobQueries } from './caption-jobs.js';
import { type Db, openSqlite } from './client.js';
import { EventQueries } from './events.js';
import { IdempotencyQueries } from './idempotency.js';
import { SearchQueries } from './search.js';
import { TranscriptQueries } from './transcripts.js';
import { UploadQueries } from './uploads.js';

/** Everything the gateway asks of its database, over one connection. */
export class Queries {
  readonly assets: AssetQueries;
  readonly tracks: TrackQueries;
  readonly listSyncs: ListSyncQueries;
  readonly captionJobs: CaptionJobQueries;
  readonly uploads: UploadQueries;
  readonly events: EventQueries;
  readonly transcripts: TranscriptQueries;
  readonly search: SearchQueries;
  readonly idempotency: IdempotencyQueries;
  readonly captionFiles: CaptionFileQueries;

  constructor(db: Db) {
    this.assets = new AssetQueries(db);
    this.tracks = new TrackQueries(db);
    this.listSyncs = new ListSyncQueries(db);
    this.captionJobs = new CaptionJobQueries(db);
    this.uploads = new UploadQueries(db);
    this.events = new EventQueries(db);
    this.transcripts = new TranscriptQueries(db);
    this.search = new SearchQueries(db);
    this.idempotency = new IdempotencyQueries(db);
    this.captionFiles = new CaptionFileQueries(db);
  }
}

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
 * The gateway's storage. Reads go through a reader that only ever sees committed data; every write happens
 * inside `transaction`, which runs one at a time on the writer and commits or rolls back as a whole.
 */
export class Store extends Queries {
  readonly #writer: Queries;
  readonly #begin: () => void;
  readonly #end: (commit: boolean) => void;
  readonly #close: () => void;
  readonly #queue = new SerialQueue();
  #closed = false;

  private constructor(path: string) {
    const connections = openSqlite(path);
    super(connections.reader);
    this.#writer = new Queries(connections.writer);
    this.#begin = () => connections.writerHandle.exec('BEGIN IMMEDIATE');
    this.#end = (commit) => connections.writerHandle.exec(commit ? 'COMMIT' : 'ROLLBACK');
    this.#close = connections.close;
  }

  static open(path: string): Store {
    return new Store(path);
  }

  /** `work` reads and writes through `tx`, which sees its own writes; nothing of it is visible until it returns. */
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

  /** Waits for the transaction under way, then closes; later transactions are refused. */
  async close(): Promise<void> {
    await this.#queue.run(async () => {
      this.#closed = true;
    });
    this.#close();
  }
}

export class StoreClosedError extends Error {
  override readonly name = 'StoreClosedError';
  constructor() {
    super('the store is closed');
  }
}
