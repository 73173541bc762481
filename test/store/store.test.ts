import pg from 'pg';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { CaptionJobRow, CommittedChanges, Store } from '../../src/db/store.js';
import { captionJob, storedAsset, storedTrack } from '../support/rows.js';
import { openTestStore, STORE_KINDS, type TestStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';

const event = (id: string) => ({
  id,
  type: 'video.asset.created',
  objectType: 'asset',
  objectId: 'asset-1',
  createdAt: new Date().toISOString(),
  payload: { id, data: { id: 'asset-1', nested: { list: [1, 'two', null] } } },
});

describe.each(STORE_KINDS)('the store on %s', (kind) => {
  let opened: TestStore;
  let store: Store;

  beforeEach(async () => {
    opened = await openTestStore(kind);
    store = opened.store;
  });
  afterEach(() => opened.close());

  it('gives back every row as it was written, JSON, flags and times included', async () => {
    const asset = { ...storedAsset('asset-1'), title: 'Ünïcode “title”', durationSeconds: 12.345, deleted: false };
    const track = { ...storedTrack('track-1', 'asset-1'), closedCaptions: true, primary: true };
    const job: CaptionJobRow = {
      ...captionJob('job-1', 'asset-1'),
      errors: [{ type: 'x', message: 'y', retryable: true }],
      parameters: { phrases: ['a', 'b'], nested: { n: 1 } },
      requestedAt: 1_795_000_000_123,
    };
    await store.transaction(async (tx) => {
      await tx.assets.upsert(asset);
      await tx.tracks.replaceOfAsset('asset-1', [track]);
      await tx.captionJobs.upsert(job);
    });
    expect((await store.assets.byIds(['asset-1'])).get('asset-1')).toEqual(asset);
    expect((await store.tracks.byIds(['track-1'])).get('track-1')).toEqual(track);
    expect((await store.captionJobs.byIds(['job-1'])).get('job-1')).toEqual(job);
  });

  it('keeps a flag Mux left out as unknown (null), not as false, through an insert and a replacement', async () => {
    const track = { ...storedTrack('track-1', 'asset-1'), closedCaptions: null };
    await store.transaction(async (tx) => {
      await tx.assets.upsert(storedAsset('asset-1'));
      await tx.tracks.replaceOfAsset('asset-1', [{ ...track, closedCaptions: true }]);
    });
    await store.transaction((tx) => tx.tracks.replaceOfAsset('asset-1', [track]));
    expect((await store.tracks.byIds(['track-1'])).get('track-1')?.closedCaptions).toBeNull();
  });

  it('commits transactions sent together each on its own: one that fails undoes its own writes only', async () => {
    const outcomes = await Promise.allSettled(
      ['asset-1', 'asset-2', 'asset-3'].map((id) =>
        store.transaction(async (tx) => {
          await tx.assets.upsert(storedAsset(id));
          if (id === 'asset-2') throw new Error('asset-2 refused');
          return id;
        }),
      ),
    );
    expect(
      outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : String(outcome.reason))),
    ).toEqual(['asset-1', 'Error: asset-2 refused', 'asset-3']);
    const stored = await store.assets.byIds(['asset-1', 'asset-2', 'asset-3']);
    expect([...stored.keys()].sort()).toEqual(['asset-1', 'asset-3']);
  });

  it('pages assets newest first without skipping or repeating, and filters by status and captions', async () => {
    await store.transaction(async (tx) => {
      for (let index = 0; index < 7; index += 1) {
        await tx.assets.upsert({ ...storedAsset(`asset-${index}`), createdAt: 1000 + (index % 3) });
      }
      await tx.tracks.replaceOfAsset('asset-2', [storedTrack('track-2', 'asset-2')]);
      await tx.assets.upsert({ ...storedAsset('preparing'), status: 'preparing', createdAt: 5 });
    });
    const seen: string[] = [];
    let after: { createdAt: number; muxId: string } | undefined;
    for (;;) {
      const page = await store.assets.list({ status: 'ready' }, after, 3);
      seen.push(...page.map((row) => row.muxId));
      const last = page.at(-1);
      if (page.length < 3 || !last) break;
      after = { createdAt: last.createdAt, muxId: last.muxId };
    }
    expect(seen).toEqual(['asset-5', 'asset-2', 'asset-4', 'asset-1', 'asset-6', 'asset-3', 'asset-0']);
    const captioned = await store.assets.list({ hasReadyCaptions: true }, undefined, 10);
    expect(captioned.map((row) => row.muxId)).toEqual(['asset-2']);
  });

  it('stores a webhook event once by its id, however many instances receive it at once', async () => {
    const another = await opened.openAnother();
    const stored = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        (index % 2 === 0 ? store : another).transaction((tx) => tx.events.store(event('evt-1'))),
      ),
    );
    expect(stored.filter(Boolean)).toHaveLength(1);
    expect(await store.events.count()).toBe(1);
    expect(await store.events.unapplied()).toEqual([
      { id: 'evt-1', type: 'video.asset.created', payload: event('evt-1').payload },
    ]);
  });

  it('lets one request claim an idempotency key, whichever instance it reaches', async () => {
    const another = await opened.openAnother();
    const claim = { caller: 'web', key: 'k-1', operation: 'assetCreate', inputHash: 'h', createdAt: Date.now() };
    const claimed = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        (index % 2 === 0 ? store : another).transaction((tx) => tx.idempotency.claim(claim)),
      ),
    );
    expect(claimed.filter(Boolean)).toHaveLength(1);
    await another.transaction((tx) => tx.idempotency.record('web', 'k-1', { assetId: 'a' }));
    expect((await store.idempotency.find('web', 'k-1'))?.result).toEqual({ assetId: 'a' });
  });

  it('gives a lease to one holder until it runs out or is released', async () => {
    const claim = (holder: string, now: number) =>
      store.transaction((tx) => tx.leases.claim('reconciler', holder, now, now + 1_000));
    expect(await claim('a', 0)).toBe(true);
    expect(await claim('b', 500)).toBe(false);
    expect(await claim('a', 900)).toBe(true);
    expect(await claim('b', 1_500)).toBe(false);
    expect(await claim('b', 2_000)).toBe(true);
    await store.transaction((tx) => tx.leases.release('reconciler', 'a'));
    expect(await claim('a', 2_100)).toBe(false);
    await store.transaction((tx) => tx.leases.release('reconciler', 'b'));
    expect(await claim('a', 2_200)).toBe(true);
  });
});

const changesOf = (id: string): CommittedChanges => ({
  assets: [storedAsset(id)],
  tracks: [],
  jobs: [captionJob(`job-${id}`, id)],
  uploads: [],
});

describe('PostgreSQL tells every instance what the others commit', () => {
  let opened: TestStore;

  beforeEach(async () => {
    opened = await openTestStore('postgres');
  });
  afterEach(() => opened.close());

  it('once each, in commit order, never its own, and nothing from a transaction that rolled back', async () => {
    const [writer, reader] = [opened.store, await opened.openAnother()];
    const heard: string[][] = [];
    const stop = await reader.watchOtherInstances(async (changes) => {
      heard.push(changes.assets.map((asset) => asset.muxId));
    });
    const ownHeard: unknown[] = [];
    const stopOwn = await writer.watchOtherInstances(async (changes) => {
      ownHeard.push(changes);
    });
    for (let index = 0; index < 20; index += 1) await writer.transaction((tx) => tx.announce(changesOf(`a${index}`)));
    await writer
      .transaction(async (tx) => {
        await tx.announce(changesOf('rolled-back'));
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await writer.transaction((tx) => tx.announce(changesOf('last')));
    await waitFor(() => heard.length === 21);
    expect(heard.flat()).toEqual([...Array.from({ length: 20 }, (_, index) => `a${index}`), 'last']);
    expect(ownHeard).toEqual([]);
    await stop();
    await stopOwn();
  });

  it('catches up on what was committed while its listening connection was gone', async () => {
    const [writer, reader] = [opened.store, await opened.openAnother()];
    const heard: string[] = [];
    const stop = await reader.watchOtherInstances(async (changes) => {
      heard.push(...changes.assets.map((asset) => asset.muxId));
    });
    await writer.transaction((tx) => tx.announce(changesOf('before')));
    await waitFor(() => heard.length === 1);

    const admin = new pg.Client({ connectionString: inject('postgresUrl') });
    await admin.connect();
    const { rowCount } = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN gateway_changes'",
    );
    await admin.end();
    expect(rowCount).toBeGreaterThan(0);
    await writer.transaction((tx) => tx.announce(changesOf('while-gone')));
    await writer.transaction((tx) => tx.announce(changesOf('after')));
    await waitFor(() => heard.length === 3);
    expect(heard).toEqual(['before', 'while-gone', 'after']);
    await stop();
  });
});
