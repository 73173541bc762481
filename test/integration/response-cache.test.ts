import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyAssetWithCaptions } from '../support/assets.js';
import { mutate } from '../support/mutations.js';
import { graphql, type Stack, startStack } from '../support/stack.js';
import { envelope, postEvent } from '../support/webhooks.js';

const ASSET = `query($id: String!) { asset(muxId: $id) { id title tracks { id muxId name status } } }`;

interface AssetView {
  title: string | null;
  tracks: { muxId: string; name: string | null; status: string }[];
}

describe('the response cache', () => {
  let stack: Stack;
  let assetId: string;
  let trackId: string;
  const read = async () => (await graphql<{ asset: AssetView }>(stack.gateway, ASSET, { id: assetId })).body;

  beforeAll(async () => {
    stack = await startStack({ cache: { ttlSeconds: 60, activeTtlSeconds: 60 } });
    ({ assetId, trackId } = await readyAssetWithCaptions(stack, { extra: { meta: { title: 'First' } } }));
  });
  afterAll(() => stack.close());

  it('answers a repeated read from the cache: a row written behind the commit path’s back is not seen', async () => {
    expect((await read()).data?.asset.title).toBe('First');
    const row = (await stack.gateway.services.store.assets.byIds([assetId])).get(assetId);
    if (!row) throw new Error('the asset is not stored');
    await stack.gateway.services.store.transaction((tx) => tx.assets.upsert({ ...row, title: 'Written around' }));
    expect((await read()).data?.asset.title).toBe('First');
  });

  it('drops an answer the moment a webhook changes what it names', async () => {
    await read();
    const current = await stack.mux.video.assets.retrieve(assetId);
    await stack.mux.video.assets.update(assetId, { meta: { title: 'From a webhook' } });
    const response = await postEvent(
      stack.gateway.url,
      stack.simulator.context.options.webhookSecret,
      envelope('video.asset.updated', { ...current, meta: { title: 'From a webhook' } }),
    );
    expect(response.status).toBe(200);
    expect((await read()).data?.asset.title).toBe('From a webhook');
  });

  it('drops it when a read from Mux (another query, asking fresh) brings a change', async () => {
    await read();
    stack.simulator.context.faults.update({ webhooks: { drop: true } });
    await stack.mux.video.assets.update(assetId, { meta: { title: 'From a poll' } });
    stack.simulator.context.faults.reset();
    await graphql(stack.gateway, 'query($id: String!) { asset(muxId: $id, fresh: true) { status } }', { id: assetId });
    expect((await read()).data?.asset.title).toBe('From a poll');
  });

  it('drops it when a mutation renames a track, and when one deletes a track', async () => {
    await read();
    const renamed = await mutate(stack, 'trackUpdate', 'track { name }', {
      trackId: encodeGlobalID('Track', trackId),
      name: 'Renamed',
    });
    expect(renamed.userErrors).toEqual([]);
    expect((await read()).data?.asset.tracks.find((track) => track.muxId === trackId)?.name).toBe('Renamed');

    const deleted = await mutate(stack, 'trackDelete', 'deletedTrackId', { trackId: encodeGlobalID('Track', trackId) });
    expect(deleted.userErrors).toEqual([]);
    expect((await read()).data?.asset.tracks.some((track) => track.muxId === trackId)).toBe(false);
  });
});

describe('the response cache with short freshness', () => {
  let stack: Stack;
  let assetId: string;

  beforeAll(async () => {
    stack = await startStack({ cache: { ttlSeconds: 1, activeTtlSeconds: 1 } });
    ({ assetId } = await readyAssetWithCaptions(stack));
  });
  afterAll(() => stack.close());

  it('keeps an answer no longer than a row stays fresh, and none given stale when Mux could not be asked', async () => {
    const query = 'query($id: String!) { asset(muxId: $id) { title } }';
    await graphql(stack.gateway, query, { id: assetId });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    stack.simulator.context.faults.update({ serverError: { count: 100, status: 503 } });
    const during = await graphql(stack.gateway, query, { id: assetId });
    stack.simulator.context.faults.reset();
    expect((during.body as { extensions?: unknown }).extensions).toMatchObject({
      cache: { stale: [expect.objectContaining({ reason: 'unavailable' })] },
    });
    const after = await graphql(stack.gateway, query, { id: assetId });
    expect((after.body as { extensions?: unknown }).extensions).toBeUndefined();
  });
});
