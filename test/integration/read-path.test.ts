import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorization, graphql, type Stack, startStack } from '../support/stack.js';
import { upstreamCalls } from '../support/upstream.js';
import { waitFor } from '../support/wait.js';

const ASSET_COUNT = 30;

const ASSETS_PAGE = `query Page($first: Int, $after: String) {
  assets(first: $first, after: $after) {
    edges {
      cursor
      node { id muxId status title tracks { muxId type status languageCode } captionJobs { id kind status } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface AssetsPage {
  assets: {
    edges: { node: { id: string; muxId: string; tracks: unknown[]; captionJobs: unknown[] } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

describe('the read path', () => {
  let stack: Stack;
  const createdIds: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    for (let index = 0; index < ASSET_COUNT; index += 1) {
      const asset = await stack.mux.video.assets.create({
        inputs: [
          {
            url: `https://example.com/library/${index}.mp4?duration=40`,
            generated_subtitles: [{ language_code: 'en', name: 'English CC' }],
          },
        ],
        playback_policies: ['public'],
        meta: { title: `Library video ${index}` },
      });
      createdIds.push(asset.id);
    }
    await waitFor(
      async () => {
        const assets = await Promise.all(createdIds.map((id) => stack.mux.video.assets.retrieve(id)));
        return assets.every(
          (asset) =>
            asset.status === 'ready' &&
            asset.tracks?.some((track) => track.type === 'text' && track.status === 'ready'),
        );
      },
      { timeoutMs: 15_000 },
    );
  });
  afterAll(() => stack.close());

  it('answers assets(first: 25) with tracks and caption jobs in one upstream call cold, and none warm', async () => {
    const cold = upstreamCalls(stack.simulator);
    const first = await graphql<AssetsPage>(stack.gateway, ASSETS_PAGE, { first: 25 });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data?.assets.edges).toHaveLength(25);
    expect(cold()).toEqual([{ method: 'GET', path: '/video/v1/assets' }]);
    for (const edge of first.body.data?.assets.edges ?? []) {
      expect(edge.node.tracks.length).toBeGreaterThanOrEqual(3);
      expect(edge.node.captionJobs).toEqual([expect.objectContaining({ kind: 'AUTO_GENERATED', status: 'COMPLETED' })]);
    }
    const warm = upstreamCalls(stack.simulator);
    const second = await graphql<AssetsPage>(stack.gateway, ASSETS_PAGE, { first: 25 });
    expect(second.body.data).toEqual(first.body.data);
    expect(warm()).toEqual([]);
  });

  it('answers a repeated read of one asset with zero upstream calls', async () => {
    const query = `query One($id: String!) { asset(muxId: $id) { muxId title captionTracks { name vttUrl } } }`;
    await graphql(stack.gateway, query, { id: createdIds[3] });
    const calls = upstreamCalls(stack.simulator);
    const again = await graphql<{ asset: { muxId: string; captionTracks: { vttUrl: string }[] } }>(
      stack.gateway,
      query,
      { id: createdIds[3] },
    );
    expect(again.body.data?.asset.muxId).toBe(createdIds[3]);
    expect(again.body.data?.asset.captionTracks[0]?.vttUrl).toMatch(/\/text\/\w+\.vtt$/);
    expect(calls()).toEqual([]);
  });

  it('walks every asset exactly once across pages', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 20; pages += 1) {
      const page: { body: { data?: AssetsPage } } = await graphql<AssetsPage>(stack.gateway, ASSETS_PAGE, {
        first: 7,
        after,
      });
      seen.push(...(page.body.data?.assets.edges ?? []).map((edge) => edge.node.muxId));
      if (!page.body.data?.assets.pageInfo.hasNextPage) break;
      after = page.body.data.assets.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(ASSET_COUNT);
    expect(new Set(seen)).toEqual(new Set(createdIds));
  });

  it('refuses page sizes outside 1..100 and foreign cursors with typed errors', async () => {
    const tooMany = await graphql(stack.gateway, ASSETS_PAGE, { first: 101 });
    expect(tooMany.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'first', message: 'first must be between 1 and 100' }],
    });
    const foreign = await graphql(stack.gateway, ASSETS_PAGE, { first: 5, after: 'bm90LWEtY3Vyc29y' });
    expect(foreign.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'after' }],
    });
  });

  it('filters assets by captions, language and status from the cache', async () => {
    const withSpanish = await graphql<AssetsPage>(
      stack.gateway,
      `{ assets(first: 50, filter: { languageCode: "es" }) { edges { node { muxId } } } }`,
    );
    expect(withSpanish.body.data?.assets.edges).toEqual([]);
    const captioned = await graphql<AssetsPage>(
      stack.gateway,
      `{ assets(first: 50, filter: { hasReadyCaptions: true, status: READY }) { edges { node { muxId } } } }`,
    );
    expect(captioned.body.data?.assets.edges).toHaveLength(ASSET_COUNT);
  });

  it('resolves node(id:) for assets, tracks, uploads and caption jobs', async () => {
    const upload = await stack.mux.video.uploads.create({
      cors_origin: 'https://app.example.com',
      new_asset_settings: { playback_policies: ['public'] },
    });
    const assetQuery = await graphql<{
      asset: { id: string; tracks: { id: string }[]; captionJobs: { id: string }[] };
    }>(stack.gateway, `query($id: String!) { asset(muxId: $id) { id tracks { id } captionJobs { id } } }`, {
      id: createdIds[0],
    });
    const asset = assetQuery.body.data?.asset;
    const ids = [asset?.id, asset?.tracks[0]?.id, asset?.captionJobs[0]?.id, encodeGlobalID('Upload', upload.id)];
    const nodes = await graphql<{ nodes: { __typename: string; id: string }[] }>(
      stack.gateway,
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Upload { status corsOrigin } } }`,
      { ids },
    );
    expect(nodes.body.errors).toBeUndefined();
    expect(nodes.body.data?.nodes.map((node) => node.__typename)).toEqual(['Asset', 'Track', 'CaptionJob', 'Upload']);
    expect(nodes.body.data?.nodes[3]).toMatchObject({ status: 'WAITING', corsOrigin: 'https://app.example.com' });
    const single = await graphql<{ node: { __typename: string } }>(
      stack.gateway,
      `query($id: ID!) { node(id: $id) { __typename } }`,
      { id: ids[1] },
    );
    expect(single.body.data?.node.__typename).toBe('Track');
  });

  it('refuses operations nested too deep or with too many aliases, before running them', async () => {
    const calls = upstreamCalls(stack.simulator);
    const nested =
      `{ assets(first: 5) { edges { node { captionJobs { asset { captionJobs { asset { captionJobs { ` +
      `asset { captionJobs { asset { captionJobs { id } } } } } } } } } } } } }`;
    const deep = await graphql(stack.gateway, nested);
    expect(deep.body.errors?.[0]?.message).toMatch(/depth limit of 12 exceeded/);
    const aliases = Array.from({ length: 25 }, (_, index) => `a${index}: version`).join(' ');
    const wide = await graphql(stack.gateway, `{ ${aliases} }`);
    expect(wide.body.errors?.[0]?.message).toMatch(/Aliases limit of 20 exceeded/);
    expect(calls()).toEqual([]);
  });

  it('lists languages with stability and uses', async () => {
    const { body } = await graphql<{ languages: { code: string; stability: string; uses: string[] }[] }>(
      stack.gateway,
      `{ languages { code stability uses } }`,
    );
    expect(body.data?.languages).toContainEqual({
      code: 'en',
      stability: 'STABLE',
      uses: ['AUTO_GENERATED_CAPTIONS', 'PREMIUM_CAPTIONS', 'TRANSLATION_TARGET'],
    });
    expect(body.data?.languages).toContainEqual({
      code: 'pl',
      stability: 'BETA',
      uses: ['AUTO_GENERATED_CAPTIONS', 'PREMIUM_CAPTIONS', 'TRANSLATION_TARGET'],
    });
    expect(body.data?.languages).toContainEqual({
      code: 'auto',
      stability: 'STABLE',
      uses: ['AUTO_GENERATED_CAPTIONS', 'PREMIUM_CAPTIONS'],
    });
  });

  describe('API keys', () => {
    it('answers no key and a wrong key with 401 UNAUTHENTICATED', async () => {
      for (const headers of [{}, { authorization: 'Bearer not-a-configured-key-at-all' }] as Record<string, string>[]) {
        const { status, body } = await graphql(stack.gateway, '{ version }', {}, headers);
        expect(status).toBe(401);
        expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
    });

    it('lets viewers query and only admins run operational mutations', async () => {
      expect((await graphql(stack.gateway, '{ version }', {}, authorization('viewer'))).body.data).toBeDefined();
      for (const role of ['viewer', 'editor'] as const) {
        const { body } = await graphql(stack.gateway, 'mutation { assetIndexRefresh }', {}, authorization(role));
        expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', role });
      }
      const admin = await graphql<{ assetIndexRefresh: number }>(
        stack.gateway,
        'mutation { assetIndexRefresh }',
        {},
        authorization('admin'),
      );
      expect(admin.body.data?.assetIndexRefresh).toBe(ASSET_COUNT + 0);
    });
  });
});

describe('freshness and outages', () => {
  let stack: Stack;
  let assetId: string;
  const query = `query($id: String!, $fresh: Boolean) { asset(muxId: $id, fresh: $fresh) { muxId status } }`;

  beforeAll(async () => {
    stack = await startStack({ cache: { ttlSeconds: 1, activeTtlSeconds: 1 } });
    const asset = await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/fresh.mp4?duration=30' }],
      playback_policies: ['public'],
    });
    assetId = asset.id;
    await waitFor(async () => (await stack.mux.video.assets.retrieve(assetId)).status === 'ready');
  });
  afterAll(() => stack.close());

  it('fetches a row again once its freshness runs out, and on request', async () => {
    await graphql(stack.gateway, query, { id: assetId });
    const within = upstreamCalls(stack.simulator);
    await graphql(stack.gateway, query, { id: assetId });
    expect(within()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const after = upstreamCalls(stack.simulator);
    await graphql(stack.gateway, query, { id: assetId });
    expect(after()).toEqual([{ method: 'GET', path: `/video/v1/assets/${assetId}` }]);
    const forced = upstreamCalls(stack.simulator);
    await graphql(stack.gateway, query, { id: assetId, fresh: true });
    expect(forced()).toEqual([{ method: 'GET', path: `/video/v1/assets/${assetId}` }]);
  });

  it('refreshes a row that went stale with one Mux call, however many requests want it at once', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    stack.simulator.context.faults.update({ latency: { ms: 300 } });
    try {
      const calls = upstreamCalls(stack.simulator);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => graphql(stack.gateway, query, { id: assetId })),
      );
      expect(answers.map((answer) => answer.body.errors)).toEqual(Array(20).fill(undefined));
      expect(calls()).toEqual([{ method: 'GET', path: `/video/v1/assets/${assetId}` }]);
    } finally {
      stack.simulator.context.faults.reset();
    }
  });

  it.each([
    ['an outage (5xx)', { serverError: { count: 10, status: 503 as const } }, 'unavailable'],
    ['rate limiting (429)', { rateLimit: { count: 10, retryAfterSeconds: 0 } }, 'rate_limited'],
  ])('answers from the cache during %s, marked stale', async (_label, fault, reason) => {
    stack.simulator.context.faults.update(fault);
    try {
      const { status, body } = await graphql<{ asset: { muxId: string; status: string } }>(stack.gateway, query, {
        id: assetId,
        fresh: true,
      });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data?.asset).toEqual({ muxId: assetId, status: 'READY' });
      expect((body as { extensions?: unknown }).extensions).toEqual({
        cache: { stale: [expect.objectContaining({ resource: 'asset', id: assetId, reason })] },
      });
    } finally {
      stack.simulator.context.faults.reset();
    }
  });

  it('reports an uncached read during an outage as a typed upstream error', async () => {
    stack.simulator.context.faults.update({ serverError: { count: 10, status: 503 } });
    try {
      const { body } = await graphql(stack.gateway, `{ asset(muxId: "never-cached") { muxId } }`);
      expect(body.errors?.[0]).toMatchObject({
        message: 'Mux could not be reached or failed; try again shortly.',
        extensions: { code: 'UPSTREAM_ERROR', upstreamStatus: 503, retryable: true },
      });
    } finally {
      stack.simulator.context.faults.reset();
    }
  });
});
