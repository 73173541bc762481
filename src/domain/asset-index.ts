import type { Store } from '../db/store.js';
import type { MuxApi } from '../mux/api.js';
import type { UpstreamError } from '../mux/errors.js';
import type { Core } from './core.js';

import { ASSET_INDEX } from './news.js';

/** Why an answer came from the cache although Mux should have been asked. */
export interface StaleRead {
  resource: string;
  id: string;
  /** Seconds since Mux last confirmed it. */
  ageSeconds: number;
  reason: 'rate_limited' | 'unavailable';
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
  if (failure.kind !== 'rate_limited' && failure.kind !== 'unavailable') return undefined;
  return {
    resource,
    id,
    ageSeconds: Math.round((Date.now() - confirmedAt) / 1000),
    reason: failure.kind,
    ...(failure.kind === 'rate_limited' && failure.retryAfterSeconds !== undefined
      ? { retryAfterSeconds: failure.retryAfterSeconds }
      : {}),
  };
}

/**
 * The asset index: which assets exist at Mux, read page by page (100 assets a call) and kept in the store.
 * It owns the one sync under way; every request that needs the index while it is being read waits for it.
 */
export class AssetIndex {
  #sync: Promise<number> | undefined;

  constructor(
    private readonly core: Core,
    private readonly store: Store,
    private readonly mux: MuxApi,
    private readonly ttlSeconds: number,
  ) {}

  /** Reads the whole index from Mux now (or joins the read under way); returns how many assets Mux listed. */
  refresh(): Promise<number> {
    this.#sync ??= this.#read().finally(() => {
      this.#sync = undefined;
    });
    return this.#sync;
  }

  /**
   * Makes sure the index is no older than the TTL (or is read now, with `fresh`). When Mux is busy or down
   * and an older index exists, that index stands in, and the returned note says so.
   */
  async ensureFresh(fresh: boolean): Promise<StaleRead | undefined> {
    const syncedAt = await this.store.listSyncs.syncedAt(ASSET_INDEX);
    if (!fresh && syncedAt !== undefined && Date.now() - syncedAt < this.ttlSeconds * 1000) return undefined;
    try {
      await this.refresh();
      return undefined;
    } catch (error) {
      const stale =
        syncedAt === undefined ? undefined : staleReadOf(error as UpstreamError, 'assetIndex', ASSET_INDEX, syncedAt);
      if (!stale) throw error;
      return stale;
    }
  }

  /** Every page counts as asked for when the listing began, the earliest it can be: what is written meanwhile stays. */
  async #read(): Promise<number> {
    const startedAt = Date.now();
    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.mux.listAssets(cursor);
      await this.core.commit(page.assets.map((asset) => ({ about: 'asset', asset, from: { askedAt: startedAt } })));
      listed.push(...page.assets.map((asset) => asset.id));
      cursor = page.nextCursor;
    } while (cursor);
    await this.core.commit([{ about: 'assetListing', listedIds: listed, startedAt }]);
    return listed.length;
  }
}
