import type { AssetRow, CaptionJobRow, Store, StoredEvent, TrackRow, UnappliedEvent, UploadRow } from '../db/store.js';
import type { Broadcast } from '../events/broadcast.js';
import type { Logger } from '../logger.js';
import type { MuxApi } from '../mux/api.js';
import type { UpstreamError } from '../mux/errors.js';
import { answeredAll, type Fetched, failuresOf, fetchFromMux, newsOfFetched } from './fetch.js';
import { stateVersion } from './model.js';
import {
  combineFetchLists,
  type FetchList,
  fetchList,
  isEmptyFetchList,
  type News,
  readWebhook,
  storedEventNews,
} from './news.js';
import { NewsApplier } from './rules.js';

/**
 * What a commit changed, as it now stands. An asset is listed when its row or any of its tracks changed (a
 * client watching an asset sees its tracks); a removed track is listed with status `deleted`.
 */
export interface Changes {
  assets: AssetRow[];
  tracks: TrackRow[];
  jobs: CaptionJobRow[];
  uploads: UploadRow[];
}

export function noChanges(): Changes {
  return { assets: [], tracks: [], jobs: [], uploads: [] };
}

/** Rows of one kind as they were before the commit and as they are after it. */
class RowLog<Row extends object> {
  readonly #before = new Map<string, string | undefined>();
  readonly #after = new Map<string, Row>();

  note(key: string, before: Row | undefined, after: Row): void {
    if (!this.#before.has(key)) this.#before.set(key, before ? stateVersion(before) : undefined);
    this.#after.set(key, after);
  }

  changed(): Row[] {
    return [...this.#after].filter(([key, row]) => this.#before.get(key) !== stateVersion(row)).map(([, row]) => row);
  }

  after(key: string): Row | undefined {
    return this.#after.get(key);
  }
}

/** Collects every row a commit looked at, so it reports exactly what changed, each row once. */
export class ChangeLog {
  readonly #assets = new RowLog<AssetRow>();
  readonly #tracks = new RowLog<TrackRow>();
  readonly #jobs = new RowLog<CaptionJobRow>();
  readonly #uploads = new RowLog<UploadRow>();
  /** Assets whose whole state (row, tracks, caption work) the commit applied news to. */
  readonly seenAssetIds = new Set<string>();

  asset(before: AssetRow | undefined, after: AssetRow): void {
    this.seenAssetIds.add(after.muxId);
    this.#assets.note(after.muxId, before, after);
  }

  track(before: TrackRow | undefined, after: TrackRow): void {
    this.#tracks.note(after.muxId, before, after);
  }

  job(before: CaptionJobRow | undefined, after: CaptionJobRow): void {
    this.#jobs.note(after.id, before, after);
  }

  upload(before: UploadRow | undefined, after: UploadRow): void {
    this.#uploads.note(after.muxId, before, after);
  }

  changes(): Changes {
    const tracks = this.#tracks.changed();
    const assets = new Map(this.#assets.changed().map((asset) => [asset.muxId, asset]));
    for (const track of tracks) {
      const asset = this.#assets.after(track.assetId);
      if (asset) assets.set(asset.muxId, asset);
    }
    return { assets: [...assets.values()], tracks, jobs: this.#jobs.changed(), uploads: this.#uploads.changed() };
  }
}

/** What taking in a webhook did; `rejected` says why an event that could not be read was kept as it came. */
export type Ingested = Committed & { rejected?: string };

/** What one commit did. */
export interface Committed {
  /** The commit carried a webhook event already stored: nothing was applied again. */
  duplicate: boolean;
  changes: Changes;
  /** What must still be read from Mux before the news has its full effect. */
  needs: FetchList;
  news: readonly News[];
  /** Assets whose whole state the news was applied to, changed or not. */
  seenAssetIds: ReadonlySet<string>;
}

/** Work that follows a commit (capturing transcripts, retiring replaced tracks); it must not block the commit. */
export type Reaction = (committed: Committed) => void;

export interface CommitOptions {
  /** The webhook event the news came in: stored once by Mux's event id, in the same transaction. */
  event?: StoredEvent;
  /** A stored event this news finishes applying: marked applied when nothing more is needed. */
  completes?: string;
  /** Nothing more will be fetched for this news: what cannot apply is dropped rather than awaited. */
  final?: boolean;
}

export interface Refreshed {
  fetched: Fetched;
  committed: Committed;
}

export interface CoreDependencies {
  store: Store;
  mux: MuxApi;
  broadcast: Broadcast;
  logger: Logger;
}

/**
 * The domain core's one write path. Everything the gateway learns about assets, tracks, uploads and caption
 * jobs, whoever learned it, is news handed to `commit`, which applies it by the state rules in one
 * transaction, tells subscribers exactly what changed, and starts the work that follows (transcripts,
 * replacements).
 */
export class Core {
  readonly #store: Store;
  readonly #mux: MuxApi;
  readonly #broadcast: Broadcast;
  readonly #logger: Logger;
  readonly #reactions: Reaction[] = [];

  constructor(dependencies: CoreDependencies) {
    this.#store = dependencies.store;
    this.#mux = dependencies.mux;
    this.#broadcast = dependencies.broadcast;
    this.#logger = dependencies.logger;
  }

  /** Adds work that follows every commit; wired once, when the gateway is put together. */
  react(reaction: Reaction): void {
    this.#reactions.push(reaction);
  }

  async commit(news: readonly News[], options: CommitOptions = {}): Promise<Committed> {
    const now = Date.now();
    const outcome = await this.#store.transaction(async (tx) => {
      if (options.event && !(await tx.events.store(options.event))) return undefined;
      const log = new ChangeLog();
      const applier = new NewsApplier(tx, log, now, options.final ?? false);
      const needs: FetchList[] = [];
      for (const item of news) {
        const need = await applier.apply(item);
        if (need) needs.push(need);
      }
      const eventId = options.event?.id ?? options.completes;
      if (eventId && needs.length === 0) await tx.events.markApplied(eventId, now);
      const changes = log.changes();
      // Other instances hear of the changes when, and only if, this transaction commits.
      await tx.announce(changes);
      return { changes, needs: combineFetchLists(needs), seenAssetIds: log.seenAssetIds };
    });
    if (!outcome) {
      return { duplicate: true, changes: noChanges(), needs: fetchList({}), news, seenAssetIds: new Set() };
    }
    const committed: Committed = { duplicate: false, news, ...outcome };
    this.#broadcast.publish(committed.changes);
    if (options.event && !isEmptyFetchList(committed.needs)) this.#broadcast.eventAwaitingMux(options.event.id);
    for (const reaction of this.#reactions) {
      try {
        reaction(committed);
      } catch (error) {
        this.#logger.error('work after a commit could not start', { reason: String(error) });
      }
    }
    return committed;
  }

  /**
   * Stores a verified webhook event (once per Mux event id) and applies it in one transaction, so by the time
   * Mux gets its 2xx the event is durable and its effect is in the store, or marked as still needing a fetch.
   */
  async ingest(payload: unknown): Promise<Ingested> {
    const reading = readWebhook(payload);
    if (!reading.ok) {
      const { id, type, reason } = reading;
      const event = { id, type, objectType: null, objectId: null, createdAt: new Date().toISOString(), payload };
      const committed = await this.commit([], { event: { ...event, rejectedReason: reason } });
      return { ...committed, rejected: reason };
    }
    const { event, objectType, objectId, news } = reading;
    return this.commit(news, {
      event: { id: event.id, type: event.type, objectType, objectId, createdAt: event.createdAt, payload },
    });
  }

  /** Reads the list from Mux and commits what it answered; failures stay in `fetched` for the caller. */
  async refresh(list: FetchList, alongside: readonly News[] = [], options: CommitOptions = {}): Promise<Refreshed> {
    const fetched = await fetchFromMux(this.#mux, list);
    for (const failure of failuresOf(fetched)) {
      if (failure.failure.kind === 'mismatched') {
        this.#logger.warn('Mux answered about another resource; nothing of it was stored', {
          reason: failure.failure.messages[0],
        });
      }
    }
    const committed = await this.commit([...newsOfFetched(fetched), ...alongside], options);
    return { fetched, committed };
  }

  /**
   * Finishes a stored event that waited for something from Mux: fetches what it needs and applies the event
   * again with the answers. Returns the failures, for the caller's backoff; none means the event is applied.
   */
  async completeEvent(event: UnappliedEvent): Promise<UpstreamError[]> {
    const news = storedEventNews(event.payload);
    const first = await this.commit(news, { completes: event.id });
    if (isEmptyFetchList(first.needs)) return [];
    const fetched = await fetchFromMux(this.#mux, first.needs);
    const answered = answeredAll(fetched, first.needs);
    await this.commit([...newsOfFetched(fetched), ...news], answered ? { completes: event.id, final: true } : {});
    return failuresOf(fetched);
  }
}
