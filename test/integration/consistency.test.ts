import { decodeGlobalID } from '@pothos/plugin-relay';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyTextTracksOf } from '../support/assets.js';
import { readyAsset, startPremiumCaptions } from '../support/caption-work.js';
import { mutate } from '../support/mutations.js';
import { authorization, graphql, type Stack, startStack } from '../support/stack.js';
import { eventsReceived, subscribeSse } from '../support/subscriptions.js';
import { waitFor } from '../support/wait.js';

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const FRESH_ASSET = 'query($id: String!) { asset(muxId: $id, fresh: true) { muxId status } }';

/** A ready asset long enough (50 minutes) that caption work on it takes a moment even in the fast simulator. */
async function longReadyAsset(stack: Stack, name: string): Promise<string> {
  const { id } = await stack.mux.video.assets.create({
    inputs: [{ url: `https://example.com/${name}.mp4?duration=3000` }],
    playback_policies: ['public'],
  });
  await waitFor(async () => (await stack.mux.video.assets.retrieve(id)).status === 'ready');
  return id;
}

/** A caption job still at work on a ready asset: a long asset keeps its generated track preparing for a while. */
async function preparingCaptions(
  stack: Stack,
  name: string,
): Promise<{ assetId: string; jobId: string; trackId: string }> {
  const payload = await mutate<{ asset: { muxId: string }; captionJobs: { id: string }[] }>(
    stack,
    'assetCreate',
    'asset { muxId } captionJobs { id }',
    {
      url: `https://example.com/${name}.mp4?duration=40000`,
      generatedSubtitles: [{ languageCode: 'en' }],
    },
  );
  const assetId = payload.asset.muxId;
  const trackId = await waitFor(
    async () => {
      const { body } = await graphql<{ asset: { status: string; tracks: { muxId: string; status: string }[] } | null }>(
        stack.gateway,
        'query($id: String!) { asset(muxId: $id, fresh: true) { status tracks(filter: { type: TEXT }) { muxId status ' +
          '} } }',
        { id: assetId },
      );
      const asset = body.data?.asset;
      return asset?.status === 'READY' && asset.tracks[0]?.status === 'PREPARING' && asset.tracks[0].muxId;
    },
    { timeoutMs: 15_000, description: 'a ready asset with a preparing caption track' },
  );
  return { assetId, jobId: payload.captionJobs[0]?.id ?? '', trackId };
}

describe('what the gateway keeps when Mux’s answers and its own writes cross', () => {
  let stack: Stack;
  const store = () => stack.gateway.services.store;
  const assetRow = async (id: string) => (await store().assets.byIds([id])).get(id);
  /** By the CaptionJob's global ID, as the API hands it out. */
  const jobRow = async (globalId: string) => {
    const { id } = decodeGlobalID(globalId);
    return (await store().captionJobs.byIds([id])).get(id);
  };

  beforeAll(async () => {
    stack = await startStack({ cache: { ttlSeconds: 1, activeTtlSeconds: 1 } });
  });
  afterAll(() => stack.close());

  it('keeps assets made while the asset index is read, by a mutation or known only from a webhook', async () => {
    const mux = stack.gateway.services.mux;
    const listAssets = mux.listAssets.bind(mux);
    const listed = deferred();
    const released = deferred();
    // Mux's last page is slow to arrive: the assets below are made after the listing was taken.
    mux.listAssets = async (cursor) => {
      const page = await listAssets(cursor);
      if (!page.nextCursor) {
        listed.resolve();
        await released.promise;
      }
      return page;
    };
    const listing = graphql(stack.gateway, '{ assets(first: 100) { edges { node { muxId } } } }');
    await listed.promise;
    const viaMutation = await mutate<{ asset: { muxId: string } }>(stack, 'assetCreate', 'asset { muxId }', {
      url: 'https://example.com/during-listing.mp4?duration=30',
    });
    const elsewhere = await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/made-elsewhere.mp4?duration=30' }],
      playback_policies: ['public'],
    });
    await waitFor(async () => (await assetRow(elsewhere.id)) !== undefined, {
      description: 'the webhook about the asset made elsewhere',
    });
    mux.listAssets = listAssets;
    released.resolve();
    expect((await listing).status).toBe(200);

    const made = [viaMutation.asset.muxId, elsewhere.id];
    expect(await Promise.all(made.map(async (id) => (await assetRow(id))?.deleted))).toEqual([false, false]);
    const { body } = await graphql<{ assets: { edges: { node: { muxId: string } }[] } }>(
      stack.gateway,
      '{ assets(first: 100) { edges { node { muxId } } } }',
    );
    expect(body.data?.assets.edges.map((edge) => edge.node.muxId)).toEqual(expect.arrayContaining(made));
  });

  it('brings back an asset a listing missed once Mux answers for it again', async () => {
    stack.simulator.context.faults.update({ webhooks: { drop: true } });
    try {
      const assetId = await readyAsset(stack, 'missed-by-listing');
      await graphql(stack.gateway, FRESH_ASSET, { id: assetId });
      const mux = stack.gateway.services.mux;
      const listAssets = mux.listAssets.bind(mux);
      // Pages can skip an asset when others are deleted while they are read; the gateway then takes it for deleted.
      mux.listAssets = async (cursor) => {
        const page = await listAssets(cursor);
        return { ...page, assets: page.assets.filter((asset) => asset.id !== assetId) };
      };
      try {
        await graphql(stack.gateway, 'mutation { assetIndexRefresh }', {}, authorization('admin'));
      } finally {
        mux.listAssets = listAssets;
      }
      expect((await assetRow(assetId))?.deleted).toBe(true);

      // Once the cached deletion is as old as the cache TTL, a plain read asks Mux, which still has the asset.
      await pause(1_100);
      const { body } = await graphql<{ asset: { muxId: string; status: string } | null }>(
        stack.gateway,
        'query($id: String!) { asset(muxId: $id) { muxId status } }',
        { id: assetId },
      );
      expect(body.data?.asset).toEqual({ muxId: assetId, status: 'READY' });
      expect((await assetRow(assetId))?.deleted).toBe(false);
    } finally {
      stack.simulator.context.faults.reset();
    }
  });

  it('keeps a track made while an older read of its asset was on its way, and lets its job finish', async () => {
    // Its new captions are still preparing when the older read is written.
    const assetId = await longReadyAsset(stack, 'held-read');
    await graphql(stack.gateway, FRESH_ASSET, { id: assetId });
    const mux = stack.gateway.services.mux;
    const retrieveAsset = mux.retrieveAsset.bind(mux);
    const answered = deferred();
    const released = deferred();
    let held = 1;
    // Mux answers the read before the mutation below; the answer reaches the gateway after it.
    mux.retrieveAsset = async (id) => {
      const asset = await retrieveAsset(id);
      if (held-- > 0) {
        answered.resolve();
        await released.promise;
      }
      return asset;
    };
    const read = graphql(stack.gateway, FRESH_ASSET, { id: assetId });
    await answered.promise;
    const generated = await mutate<{ captionJobs: { id: string; track: { muxId: string } | null }[] }>(
      stack,
      'captionsGenerate',
      'captionJobs { id track { muxId } }',
      {
        assetId,
        languages: [{ languageCode: 'en' }],
      },
    );
    mux.retrieveAsset = retrieveAsset;
    released.resolve();
    await read;

    const [job] = generated.captionJobs;
    const trackId = job?.track?.muxId ?? '';
    expect((await store().tracks.byIds([trackId])).has(trackId)).toBe(true);
    expect((await jobRow(job?.id ?? ''))?.status).not.toBe('cancelled');
    await waitFor(async () => (await jobRow(job?.id ?? ''))?.status === 'completed', {
      timeoutMs: 10_000,
      description: 'the generated captions to complete',
    });
  });

  it('ends the work of an asset a read finds gone at Mux, and tells its subscribers', async () => {
    const { assetId, jobId } = await preparingCaptions(stack, 'gone-at-mux');
    const job = subscribeSse<{ captionJobUpdated: { status: string } }>(
      stack.gateway,
      'subscription($id: ID!) { captionJobUpdated(id: $id, progress: false) { status } }',
      { id: jobId },
    );
    await eventsReceived(job, 1);
    stack.simulator.context.faults.update({ webhooks: { drop: true } });
    try {
      await stack.mux.video.assets.delete(assetId);
      const { body } = await graphql<{ asset: unknown }>(stack.gateway, FRESH_ASSET, { id: assetId });
      expect(body.data?.asset).toBeNull();
    } finally {
      stack.simulator.context.faults.reset();
    }
    expect(await jobRow(jobId)).toMatchObject({
      status: 'errored',
      errors: [expect.objectContaining({ type: 'asset_deleted' })],
    });
    await job.ended;
    expect(job.events.at(-1)).toEqual({ captionJobUpdated: { status: 'ERRORED' } });
  });

  it('ends the job of a track trackDelete removes, and tells subscribers of both', async () => {
    const { assetId, jobId, trackId } = await preparingCaptions(stack, 'track-deleted');
    const job = subscribeSse<{ captionJobUpdated: { status: string } }>(
      stack.gateway,
      'subscription($id: ID!) { captionJobUpdated(id: $id, progress: false) { status } }',
      { id: jobId },
    );
    const tracks = subscribeSse<{ trackUpdated: { muxId: string; status: string } }>(
      stack.gateway,
      'subscription($assetId: ID!) { trackUpdated(assetId: $assetId) { muxId status } }',
      { assetId },
    );
    await eventsReceived(job, 1);
    await waitFor(() => tracks.events.some((event) => event.trackUpdated.muxId === trackId), {
      description: 'the track’s current state',
    });

    const deleted = await mutate<{ deletedTrackId: string }>(stack, 'trackDelete', 'deletedTrackId', { trackId });
    expect(deleted.userErrors).toEqual([]);
    expect(await jobRow(jobId)).toMatchObject({
      status: 'cancelled',
      errors: [expect.objectContaining({ type: 'track_deleted' })],
    });
    await job.ended;
    expect(job.events.at(-1)).toEqual({ captionJobUpdated: { status: 'CANCELLED' } });
    await waitFor(
      () =>
        tracks.events.some((event) => event.trackUpdated.muxId === trackId && event.trackUpdated.status === 'DELETED'),
      {
        description: 'the track’s deletion',
      },
    );
    tracks.stop();
  });

  it('tells subscribers what trackUpdate changed', async () => {
    const created = await stack.mux.video.assets.create({
      inputs: [
        {
          url: 'https://example.com/renamed.mp4?duration=20',
          generated_subtitles: [{ language_code: 'en', name: 'English' }],
        },
      ],
      playback_policies: ['public'],
    });
    const [track] = await readyTextTracksOf(stack, created.id);
    const tracks = subscribeSse<{
      trackUpdated: { muxId: string; name: string | null; closedCaptions: boolean | null };
    }>(stack.gateway, 'subscription($assetId: ID!) { trackUpdated(assetId: $assetId) { muxId name closedCaptions } }', {
      assetId: created.id,
    });
    const asset = subscribeSse<{ assetUpdated: { captionTracks: { name: string | null }[] } }>(
      stack.gateway,
      'subscription($id: ID!) { assetUpdated(id: $id) { captionTracks { name } } }',
      { id: created.id },
    );
    await waitFor(() => tracks.events.some((event) => event.trackUpdated.muxId === track?.muxId), {
      description: 'the track’s current state',
    });
    await eventsReceived(asset, 1);

    const updated = await mutate<{ track: { name: string } }>(stack, 'trackUpdate', 'track { name }', {
      trackId: track?.muxId,
      name: 'English (SDH)',
      closedCaptions: true,
    });
    expect(updated.userErrors).toEqual([]);
    await waitFor(
      () =>
        tracks.events.some(
          (event) => event.trackUpdated.name === 'English (SDH)' && event.trackUpdated.closedCaptions === true,
        ),
      {
        description: 'the renamed track',
      },
    );
    await waitFor(
      () =>
        asset.events.some((event) =>
          event.assetUpdated.captionTracks.some((caption) => caption.name === 'English (SDH)'),
        ),
      {
        description: 'the asset with its renamed track',
      },
    );
    tracks.stop();
    asset.stop();
  });

  it('keeps a job’s completion that arrives while captionJobCancel waits for Mux', async () => {
    // The job is still running when captionJobCancel checks that it may be cancelled.
    const jobId = await startPremiumCaptions(stack, await longReadyAsset(stack, 'cancel-race'));
    const mux = stack.gateway.services.mux;
    const cancelRobotsJob = mux.cancelRobotsJob.bind(mux);
    // Mux takes the cancellation only after the job's completed webhook reached the gateway.
    mux.cancelRobotsJob = async () => {
      await waitFor(async () => (await jobRow(jobId))?.status === 'completed', {
        timeoutMs: 10_000,
        description: 'the job to complete',
      });
    };
    try {
      const payload = await mutate<{ captionJob: { status: string } }>(
        stack,
        'captionJobCancel',
        'captionJob { status }',
        { id: jobId },
      );
      expect(payload.userErrors).toEqual([]);
      expect(payload.captionJob.status).toBe('COMPLETED');
    } finally {
      mux.cancelRobotsJob = cancelRobotsJob;
    }
    expect((await jobRow(jobId))?.status).toBe('completed');
  });

  it('runs again a mutation whose idempotency key was claimed by a request that never finished', async () => {
    const input = { url: 'https://example.com/abandoned.mp4?duration=30', idempotencyKey: 'abandoned-claim' };
    const first = await mutate<{ asset: { muxId: string } }>(stack, 'assetCreate', 'asset { muxId }', input);
    // As another process holding the database file would.
    const claimedAt = (at: number) => {
      const sqlite = new Database(stack.databasePath);
      try {
        sqlite
          .prepare('UPDATE idempotency_keys SET result = NULL, created_at = ? WHERE key = ?')
          .run(at, input.idempotencyKey);
      } finally {
        sqlite.close();
      }
    };

    // As a gateway that stopped while Mux was being asked leaves it: claimed, with no result.
    claimedAt(Date.now() - 10 * 60_000);
    const again = await mutate<{ asset: { muxId: string } }>(stack, 'assetCreate', 'asset { muxId }', input);
    expect(again.userErrors).toEqual([]);
    expect(again.asset.muxId).not.toBe(first.asset.muxId);
    expect(
      (await mutate<{ asset: { muxId: string } }>(stack, 'assetCreate', 'asset { muxId }', input)).asset.muxId,
    ).toBe(again.asset.muxId);

    claimedAt(Date.now());
    const underWay = await mutate<{ asset: unknown }>(stack, 'assetCreate', 'asset { muxId }', input);
    expect(underWay.userErrors).toEqual([
      expect.objectContaining({ __typename: 'ConflictError', message: expect.stringContaining('still in progress') }),
    ]);
  });
});

describe('closing the gateway', () => {
  let stack: Stack;
  const store = () => stack.gateway.services.store;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('answers requests under way first, and keeps what they wrote', async () => {
    const mux = stack.gateway.services.mux;
    const createAsset = mux.createAsset.bind(mux);
    const asked = deferred();
    mux.createAsset = async (body) => {
      asked.resolve();
      await pause(300);
      return createAsset(body);
    };
    const creating = mutate<{ asset: { muxId: string }; captionJobs: { id: string }[] }>(
      stack,
      'assetCreate',
      'asset { muxId } captionJobs { id }',
      {
        url: 'https://example.com/closing.mp4?duration=30',
        generatedSubtitles: [{ languageCode: 'en' }],
      },
    );
    await asked.promise;
    await stack.restartGateway();

    const payload = await creating;
    expect(payload.userErrors).toEqual([]);
    expect((await store().assets.byIds([payload.asset.muxId])).has(payload.asset.muxId)).toBe(true);
    const { id: jobId } = decodeGlobalID(payload.captionJobs[0]?.id ?? '');
    expect((await store().captionJobs.byIds([jobId])).has(jobId)).toBe(true);
  });

  it('finishes a transcript capture under way before the database closes', async () => {
    const mux = stack.gateway.services.mux;
    const textTrackUrl = mux.textTrackUrl.bind(mux);
    const asked = deferred();
    const captured: string[] = [];
    mux.textTrackUrl = async (...args) => {
      captured.push(args[1]);
      asked.resolve();
      await pause(300);
      return textTrackUrl(...args);
    };
    await stack.mux.video.assets.create({
      inputs: [
        {
          url: 'https://example.com/captured-while-closing.mp4?duration=20',
          generated_subtitles: [{ language_code: 'en' }],
        },
      ],
      playback_policies: ['public'],
    });
    // A track's ready webhook started its capture.
    await asked.promise;
    await stack.restartGateway();

    const kept = await store().transcripts.byIds(captured);
    expect(captured.filter((trackId) => !kept.has(trackId))).toEqual([]);
    expect(stack.logLines.filter((line) => line.includes('transcript not captured'))).toEqual([]);
  });
});
