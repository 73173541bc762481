import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyAssetWithCaptions } from '../support/assets.js';
import { mutate } from '../support/mutations.js';
import { graphql, type Stack, startStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';
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

  it('drops it when a replacement puts edited captions in place of the old track', async () => {
    const replaced = await readyAssetWithCaptions(stack);
    const trackIds = async () =>
      (await graphql<{ asset: AssetView }>(stack.gateway, ASSET, { id: replaced.assetId })).body.data?.asset.tracks.map(
        (track) => track.muxId,
      ) ?? [];
    const before = await trackIds();
    expect(before).toContain(replaced.trackId);
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nEdited by hand.\n';
    const started = await mutate<{ captionJob: { id: string } }>(stack, 'captionsReplace', 'captionJob { id }', {
      trackId: replaced.trackId,
      vtt,
    });
    expect(started.userErrors).toEqual([]);
    const JOB = 'query($id: ID!) { captionJob(id: $id) { status } }';
    await waitFor(async () => {
      const { body } = await graphql<{ captionJob: { status: string } }>(stack.gateway, JOB, {
        id: started.captionJob.id,
      });
      return body.data?.captionJob.status === 'COMPLETED';
    });
    const after = await trackIds();
    expect(after).not.toContain(replaced.trackId);
    expect(after.filter((id) => !before.includes(id))).toHaveLength(1);
  });

  it('keeps a page of assets, and drops it when an asset joins the list, leaves it, or changes on it', async () => {
    const PAGE = '{ assets(first: 50) { totalCount edges { node { muxId title } } } }';
    type Page = { assets: { totalCount: number; edges: { node: { muxId: string; title: string | null } }[] } };
    const page = async () => (await graphql<Page>(stack.gateway, PAGE)).body.data?.assets;
    const titleOf = async (id: string) => (await page())?.edges.find((edge) => edge.node.muxId === id)?.node.title;
    const before = await page();
    const row = (await stack.gateway.services.store.assets.byIds([assetId])).get(assetId);
    if (!row || !before) throw new Error('the asset is not listed');
    await stack.gateway.services.store.transaction((tx) => tx.assets.upsert({ ...row, title: 'Around the list' }));
    expect(await page()).toEqual(before);

    const joined = await readyAssetWithCaptions(stack, { extra: { meta: { title: 'Joined' } } });
    const withNew = await page();
    expect(withNew?.edges.map((edge) => edge.node.muxId)).toContain(joined.assetId);
    expect(withNew?.totalCount).toBe((before.totalCount ?? 0) + 1);

    const current = await stack.mux.video.assets.retrieve(joined.assetId);
    const secret = stack.simulator.context.options.webhookSecret;
    await postEvent(
      stack.gateway.url,
      secret,
      envelope('video.asset.updated', { ...current, meta: { title: 'Moved' } }),
    );
    expect(await titleOf(joined.assetId)).toBe('Moved');

    await postEvent(stack.gateway.url, secret, envelope('video.asset.deleted', { ...current, status: 'deleted' }));
    const left = await page();
    expect(left?.edges.map((edge) => edge.node.muxId)).not.toContain(joined.assetId);
    expect(left?.totalCount).toBe(before.totalCount);
  });

  it('keeps the list of caption work, and drops it when work starts', async () => {
    const JOBS = '{ captionJobs(first: 100) { edges { node { id kind } } } }';
    type Jobs = { captionJobs: { edges: { node: { id: string } }[] } };
    const jobs = async () =>
      (await graphql<Jobs>(stack.gateway, JOBS)).body.data?.captionJobs.edges.map((edge) => edge.node.id) ?? [];
    const before = await jobs();
    expect(await jobs()).toEqual(before);
    const generated = await mutate<{ captionJobs: { id: string }[] }>(stack, 'captionsGenerate', 'captionJobs { id }', {
      assetId,
      languages: [{ languageCode: 'fr' }],
    });
    expect(generated.userErrors).toEqual([]);
    const started = generated.captionJobs.map((job) => job.id);
    expect(started).toHaveLength(1);
    expect(await jobs()).toEqual(expect.arrayContaining([...before, ...started]));
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
