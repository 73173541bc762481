import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssetIndex, type AssetIndexSettings } from '../../src/domain/asset-index.js';
import { fetchList } from '../../src/domain/news.js';
import { UpstreamError } from '../../src/mux/errors.js';
import { type CoreUnderTest, muxAsset, startCore } from '../support/fake-mux.js';

const SETTINGS: AssetIndexSettings = { ttlSeconds: 60, readWaitSeconds: 0.2, maxPages: 50, maxSeconds: 30 };

function logged(under: CoreUnderTest, level: string): Record<string, unknown>[] {
  return under.logLines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.level === level);
}

describe('answers from Mux are checked before they are stored', () => {
  let under: CoreUnderTest;

  beforeEach(() => {
    under = startCore();
  });
  afterEach(() => under.close());

  it('refuses an answer about another asset than the one asked for, stores nothing and logs why', async () => {
    under.mux.assets.set('asset-x', muxAsset('asset-y', 'ready'));
    const { fetched } = await under.core.refresh(fetchList({ assetIds: ['asset-x'] }));
    const answer = fetched.assets.get('asset-x');
    expect(answer?.ok).toBe(false);
    const error = answer && !answer.ok ? answer.error : undefined;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error?.failure.kind).toBe('mismatched');
    expect([...(await under.store.assets.byIds(['asset-x', 'asset-y'])).keys()]).toEqual([]);
    expect(logged(under, 'warn')).toEqual([
      expect.objectContaining({ reason: 'Mux answered about asset-y when asked about asset-x' }),
    ]);
  });
});

describe('the asset-index sync checks Mux’s paging', () => {
  let under: CoreUnderTest;
  let index: AssetIndex;

  beforeEach(async () => {
    under = startCore();
    index = new AssetIndex(under.core, under.store, under.mux, under.logger, SETTINGS);
    // An asset the gateway knew before: an early stop must not take it for deleted.
    await under.core.commit([{ about: 'asset', asset: muxAsset('known-before', 'ready'), from: { askedAt: 0 } }]);
  });
  afterEach(() => under.close());

  it.each([
    [
      'the same cursor again',
      (cursor: string | undefined) => ({ assets: [muxAsset(cursor ? 'page-2' : 'page-1', 'ready')], nextCursor: 'c1' }),
      'a cursor it had already followed',
    ],
    [
      'a page of assets it already listed',
      (cursor: string | undefined) => ({ assets: [muxAsset('page-1', 'ready')], nextCursor: `${cursor ?? ''}x` }),
      'a page of assets already listed',
    ],
    [
      'pages without end',
      (cursor: string | undefined) => {
        const page = (cursor ?? '').length;
        return { assets: [muxAsset(`page-${page}`, 'ready')], nextCursor: `${cursor ?? ''}x` };
      },
      `more than ${SETTINGS.maxPages} pages`,
    ],
  ])('stops on %s, logs why and keeps what it listed', async (_label, listing, reason) => {
    under.mux.listing = listing;
    const listed = await index.refresh();
    const calls = under.mux.callsOf('listAssets').length;
    expect(calls).toBeLessThanOrEqual(SETTINGS.maxPages);
    expect(listed).toBeGreaterThan(0);
    expect(logged(under, 'warn')).toEqual([
      expect.objectContaining({
        message: 'asset index sync stopped early; no asset is taken for deleted',
        reason: `Mux's listing gave ${reason}`,
        listed,
      }),
    ]);
    const known = (await under.store.assets.byIds(['known-before', 'page-1'])).values();
    expect([...known].map((row) => [row.muxId, row.deleted])).toEqual(
      expect.arrayContaining([
        ['known-before', false],
        ['page-1', false],
      ]),
    );
  });

  it('lets a reader go on with the older index when a sync is slow or fails, and says so', async () => {
    under.mux.listing = () => ({ assets: [muxAsset('listed', 'ready')], nextCursor: undefined });
    await index.refresh();
    under.mux.latencyMs = 1_000;
    const started = performance.now();
    const slow = await index.ensureFresh(true);
    expect(performance.now() - started).toBeLessThan(900);
    expect(slow).toMatchObject({ resource: 'assetIndex', reason: 'slow' });

    under.mux.latencyMs = 0;
    await index.refresh();
    under.mux.failNext('listAssets', { kind: 'unavailable', status: 503, messages: ['down'] });
    expect(await index.ensureFresh(true)).toMatchObject({ resource: 'assetIndex', reason: 'unavailable' });
    under.mux.failNext('listAssets', { kind: 'rejected', status: 403, type: 'forbidden', messages: ['no'] });
    await expect(index.ensureFresh(true)).rejects.toBeInstanceOf(UpstreamError);
    // A failed sync is not left for later readers to wait on.
    expect(await index.ensureFresh(true)).toBeUndefined();
  });
});
