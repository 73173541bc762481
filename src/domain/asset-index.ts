import { setTimeout as sleep } from 'node:timers/promises';
import type { Store } from '../db/store.js';
import type { Logger } from '../logger.js';
import type { MuxApi } from '../mux/api.js';
import { UpstreamError } from '../mux/errors.js';
import type { Core } from './core.js';

import { ASSET_INDEX } from './news.js';

/** Why an answer came from the cache although Mux should have been asked. */
export interface StaleRead {
  resource: string;
  id: string;
  /** Seconds since Mux last confirmed it. */
  ageSeconds: number;
  /**
   * Mux was rate limiting or down; Mux was slower than the read may wait; the request's budget of Mux calls was
   * spent.
   */
  reason: 'rate_limited' | 'unavailable' | 'slow' | 'budget';
  retryAfterSeconds?: number;
}

/** A failure that a cached answer can stand in for: Mux is busy or down, not refusing. */
export function staleReadOf(
  error: UpstreamError,
  resource: string,
  id: string,
  confirmedAt: number,
): StaleRead | undefined {
  const { failure } = error;
  if (!error.retryable) return undefined;
  return {
    resource,
    id,
    ageSeconds: Math.round((Date.now() - confirmedAt) / 1000),
    reason: failure.kind === 'rate_limited' ? 'rate_limited' : 'unavailable',
    ...(failure.kind === 'rate_limited' && failure.retryAfterSeconds !== undefined
      ? { retryAfterSeconds: failure.retryAfterSeconds }
      : {}),
  };
}

export interface AssetIndexSettings {
  ttlSeconds: number;
  /** How long a read waits for the index when an older one can answer meanwhile. */
  readWaitSeconds: number;
  /** A sync stops after this many pages or this long, whatever Mux's paging says. */
  maxPages: number;
  maxSeconds: number;
}

/**
 * The asset index: which assets exist at Mux, read page by page (100 assets a call) and kept in the store.
 * It owns the one sync under way, which every request that needs the index shares. Mux's paging is checked
 * rather than trusted: a sync stops on a cursor it has seen, a page of assets it has listed, or its bounds.
 */
export class AssetIndex {
  #sync: Promise<number> | undefined;

  constructor(
    private readonly core: Core,
    private readonly store: Store,
    private readonly mux: MuxApi,
    private readonly logger: Logger,
    private readonly settings: AssetIndexSettings,
  ) {}

  /** Reads the whole index from Mux now (or joins the read under way); returns how many assets Mux listed. */
  refresh(): Promise<number> {
    this.#sync ??= this.#read().finally(() => {
      this.#sync = undefined;
    });
    return this.#sync;
  }

  /**
   * Makes sure the index is no older than the TTL (or is read now, with `fresh`). When an older index exists,
   * it stands in while Mux is busy, down or slow (the sync goes on behind), and the returned note says so.
   */
  async ensureFresh(fresh: boolean): Promise<StaleRead | undefined> {
    const syncedAt = await this.store.listSyncs.syncedAt(ASSET_INDEX);
    if (!fresh && syncedAt !== undefined && Date.now() - syncedAt < this.settings.ttlSeconds * 1000) return undefined;
    const sync = this.refresh();
    if (syncedAt === undefined) {
      await sync;
      return undefined;
    }
    const outcome = await Promise.race([
      sync.then(
        () => ({ done: true as const }),
        (error: unknown) => ({ done: true as const, error }),
      ),
      sleep(this.settings.readWaitSeconds * 1000).then(() => ({ done: false as const })),
    ]);
    const ageSeconds = Math.round((Date.now() - syncedAt) / 1000);
    if (!outcome.done) return { resource: 'assetIndex', id: ASSET_INDEX, ageSeconds, reason: 'slow' };
    if (!('error' in outcome)) return undefined;
    const stale =
      outcome.error instanceof UpstreamError && staleReadOf(outcome.error, 'assetIndex', ASSET_INDEX, syncedAt);
    if (!stale) throw outcome.error;
    return stale;
  }

  /** Every page counts as asked for when the listing began, the earliest it can be: what is written meanwhile stays. */
  async #read(): Promise<number> {
    const startedAt = Date.now();
    const listed = new Set<string>();
    const cursors = new Set<string>();
    let cursor: string | undefined;
    let stoppedBecause: string | undefined;
    for (let pages = 0; ; pages += 1) {
      if (pages >= this.settings.maxPages) stoppedBecause = `more than ${this.settings.maxPages} pages`;
      else if (Date.now() - startedAt > this.settings.maxSeconds * 1000) {
        stoppedBecause = `longer than ${this.settings.maxSeconds} s`;
      }
      if (stoppedBecause) break;
      const page = await this.mux.listAssets(cursor);
      const fresh = page.assets.filter((asset) => !listed.has(asset.id));
      await this.core.commit(fresh.map((asset) => ({ about: 'asset', asset, from: { askedAt: startedAt } })));
      for (const asset of fresh) listed.add(asset.id);
      if (!page.nextCursor) break;
      if (page.assets.length > 0 && fresh.length === 0) stoppedBecause = 'a page of assets already listed';
      else if (cursors.has(page.nextCursor)) stoppedBecause = 'a cursor it had already followed';
      if (stoppedBecause) break;
      cursors.add(page.nextCursor);
      cursor = page.nextCursor;
    }
    if (stoppedBecause) {
      this.logger.warn('asset index sync stopped early; no asset is taken for deleted', {
        reason: `Mux's listing gave ${stoppedBecause}`,
        listed: listed.size,
      });
    }
    await this.core.commit([
      { about: 'assetListing', listedIds: [...listed], startedAt, complete: stoppedBecause === undefined },
    ]);
    return listed.size;
  }
}
