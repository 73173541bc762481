import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readyAssetWithCaptions } from '../support/assets.js';
import { mutate } from '../support/mutations.js';
import { graphql, type Stack, startStack } from '../support/stack.js';
import { upstreamCalls } from '../support/upstream.js';
import { waitFor } from '../support/wait.js';

const READ_WAIT_SECONDS = 0.3;
const MUX_TIMEOUT_SECONDS = 3;
/** Slower than the read wait, within the Mux deadline. */
const SLOW_MS = 1_200;
/** Slower than the Mux deadline. */
const STUCK_MS = 5_000;

const ASSET = `query($id: String!, $fresh: Boolean) { asset(muxId: $id, fresh: $fresh) { muxId title } }`;

interface Timed<T> {
  value: T;
  ms: number;
}

async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe('a slow or busy Mux', () => {
  let stack: Stack;
  let assetId: string;
  let trackId: string;

  beforeAll(async () => {
    stack = await startStack({
      cache: { readWaitSeconds: READ_WAIT_SECONDS },
      muxTimeoutSeconds: MUX_TIMEOUT_SECONDS,
    });
    ({ assetId, trackId } = await readyAssetWithCaptions(stack, { extra: { meta: { title: 'Before' } } }));
  });
  afterEach(() => stack.simulator.context.faults.reset());
  afterAll(() => stack.close());

  it('answers a cached read from the cache after the read wait, marked slow, with Mux’s answer next time', async () => {
    stack.simulator.context.faults.update({ webhooks: { drop: true } });
    await stack.mux.video.assets.update(assetId, { meta: { title: 'After' } });
    stack.simulator.context.faults.update({ latency: { ms: SLOW_MS } });

    const slow = await timed(() =>
      graphql<{ asset: { title: string } }>(stack.gateway, ASSET, { id: assetId, fresh: true }),
    );
    expect(slow.ms).toBeLessThan(SLOW_MS);
    expect(slow.value.body.data?.asset.title).toBe('Before');
    expect((slow.value.body as { extensions?: unknown }).extensions).toEqual({
      cache: { stale: [expect.objectContaining({ resource: 'asset', id: assetId, reason: 'slow' })] },
    });

    // The read finished behind the answer: the next one has the new title without asking Mux.
    stack.simulator.context.faults.reset();
    await waitFor(async () => {
      const calls = upstreamCalls(stack.simulator);
      const { body } = await graphql<{ asset: { title: string } }>(stack.gateway, ASSET, { id: assetId });
      return body.data?.asset.title === 'After' && calls().length === 0;
    });
  });

  it('answers a read with nothing cached within the Mux deadline, as a typed upstream error', async () => {
    stack.simulator.context.faults.update({ latency: { ms: STUCK_MS } });
    const read = await timed(() => graphql(stack.gateway, ASSET, { id: 'NeverCachedAssetId0001' }));
    expect(read.ms).toBeLessThan(STUCK_MS);
    expect(read.value.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: true });
  });

  it('answers a mutation on a slow Mux with a retryable UpstreamError within the deadline', async () => {
    stack.simulator.context.faults.update({ latency: { ms: STUCK_MS } });
    const update = await timed(() =>
      mutate<{ track: unknown }>(stack, 'trackUpdate', 'track { muxId }', {
        trackId: encodeGlobalID('Track', trackId),
        name: 'Renamed while Mux is slow',
      }),
    );
    expect(update.ms).toBeLessThan(STUCK_MS);
    expect(update.value.userErrors).toEqual([
      expect.objectContaining({ __typename: 'UpstreamError', retryable: true, field: [] }),
    ]);
  });

  it('answers at once while Mux rate limits: the cached read stale, the mutation a RateLimitedError', async () => {
    stack.simulator.context.faults.update({ rateLimit: { count: 100, retryAfterSeconds: 30 } });
    const read = await timed(() =>
      graphql<{ asset: { muxId: string } }>(stack.gateway, ASSET, { id: assetId, fresh: true }),
    );
    expect(read.value.body.data?.asset.muxId).toBe(assetId);
    expect((read.value.body as { extensions?: unknown }).extensions).toEqual({
      cache: {
        stale: [expect.objectContaining({ resource: 'asset', reason: 'rate_limited', retryAfterSeconds: 30 })],
      },
    });
    const update = await timed(() =>
      mutate<{ track: unknown }>(stack, 'trackUpdate', 'track { muxId }', {
        trackId: encodeGlobalID('Track', trackId),
        name: 'Renamed while Mux rate limits',
      }),
    );
    expect(update.value.userErrors).toEqual([
      expect.objectContaining({ __typename: 'RateLimitedError', retryAfterSeconds: 30 }),
    ]);
    // Neither slept through Retry-After.
    expect(Math.max(read.ms, update.ms)).toBeLessThan(5_000);
  });
});
