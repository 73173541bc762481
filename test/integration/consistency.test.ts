import { decodeGlobalID } from '@pothos/plugin-relay';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetRowsById, trackRowsById } from '../../src/db/assets.js';
import { captionJobRowsById } from '../../src/db/caption-jobs.js';
import { idempotencyKeys } from '../../src/db/schema.js';
import { transcriptRowsById } from '../../src/db/transcripts.js';
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
        'query($id: String!) { asset(muxId: $id, fresh: true) { status tracks(filter: { type: TEXT }) { muxId status } } }',
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
  const db = () => stack.gateway.services.db;
  /** By the CaptionJob's global ID, as the API hands it out. */
  const jobRow = (globalId: string) => {
    const { id } = decodeGlobalID(globalId);
    return captionJobRowsById(db(), [id]).get(id);
  };

  beforeAll(async () => {
    stack = await startStack({ cache: { ttlSeconds: 1, activeTtlSeconds: 1 } });
  });
  afterAll(() => stack.close());

  it('keeps assets made while the asset index is read from Mux, by a mutation or known only from a webhook', async () => {
    const assets = stack.gateway.services.mux.video.assets;
    const list = assets.list.bind(assets);
    const listed = deferred();
    const released = deferred();
    // Mux's last page is slow to arrive: the assets below are made after the listing was taken.
    assets.list = ((...args: Parameters<typeof list>) =>
      (async function* () {
        for await (const asset of list(...args)) yield asset;
        listed.resolve();
        await released.promise;
      })()) as unknown as typeof list;
    const listing = graphql(stack.gateway, '{ assets(first: 100) { edges { node { muxId } } } }');
    await listed.promise;
    const viaMutation = await mutate<{ asset: { muxId: string } }>(stack, 'assetCreate', 'asset { muxId }', {
      url: 'https://example.com/during-listing.mp4?duration=30',
    });
    const elsewhere = await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/made-elsewhere.mp4?duration=30' }],
      playback_policies: ['public'],
    });
    await waitFor(() => assetRowsById(db(), [elsewhere.id]).has(elsewhere.id), {
      description: 'the webhook about the asset made elsewhere',
    });
    assets.list = list;
    released.resolve();
    expect((await listing).status).toBe(200);

    const made = [viaMutation.asset.muxId, elsewhere.id];
    expect(made.map((id) => assetRowsById(db(), [id]).get(id)?.deleted)).toEqual([false, false]);
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
      const assets = stack.gateway.services.mux.video.assets;
      const list = assets.list.bind(assets);
      // Pages can skip an asset when others are deleted while they are read; the gateway then takes it for deleted.
      assets.list = ((...args: Parameters<typeof list>) =>
        (async function* () {
          for await (const asset of list(...args)) if (asset.id !== assetId) yield asset;
        })()) as unknown as typeof list;
      try {
        await graphql(stack.gateway, 'mutation { assetIndexRefresh }', {}, authorization('admin'));
      } finally {
        assets.list = list;
      }
      expect(assetRowsById(db(), [assetId]).get(assetId)?.deleted).toBe(true);

      // Once the cached deletion is as old as the cache TTL, a plain read asks Mux, which still has the asset.
      await pause(1_100);
      const { body } = await graphql<{ asset: { muxId: string; status: string } | null }>(
        stack.gateway,
        'query($id: String!) { asset(muxId: $id) { muxId status } }',
        { id: assetId },
      );
      expect(body.data?.asset).toEqual({ muxId: assetId, status: 'READY' });
      expect(assetRowsById(db(), [assetId]).get(assetId)?.deleted).toBe(false);
    } finally {
      stack.simulator.context.faults.reset();
    }
  });

  it('keeps a track made while an older read of its asset was on its way, and lets its job finish', async () => {
    // Its new captions are still preparing when the older read is written.
    const assetId = await longReadyAsset(stack, 'held-read');
    await graphql(stack.gateway, FRESH_ASSET, { id: assetId });
    const assets = stack.gateway.services.mux.video.assets;
    const retrieve = assets.retrieve.bind(assets);
    const answered = deferred();
    const released = deferred();
    let held = 1;
    // Mux answers the read before the mutation below; the answer reaches the gateway after it.
    assets.retrieve = (async (...args: Parameters<typeof retrieve>) => {
      const asset = await retrieve(...args);
      if (held-- > 0) {
        answered.resolve();
        await released.promise;
      }
      return asset;
    }) as typeof retrieve;
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
    assets.retrieve = retrieve;
    released.resolve();
    await read;

    const [job] = generated.captionJobs;
    const trackId = job?.track?.muxId ?? '';
    expect(trackRowsById(db(), [trackId]).has(trackId)).toBe(true);
    expect(jobRow(job?.id ?? '')?.status).not.toBe('cancelled');
    await waitFor(() => jobRow(job?.id ?? '')?.status === 'completed', {
      timeoutMs: 10_000,
      description: 'the generated captions to complete',
    });
  });

  it('ends the work of an asset a read finds gone at Mux, and tells its subscribers', async () => {
    const { assetId, jobId } = await preparingCaptions(stack, 'gone-at-mux');
    const job = subscribeSse<{ captionJobUpdated: { status: string } }>(
      stack.gateway,
      'subscription($id: ID!) { captionJobUpdated(id: $id) { status } }',
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
    expect(jobRow(jobId)).toMatchObject({
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
      'subscription($id: ID!) { captionJobUpdated(id: $id) { status } }',
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
    expect(jobRow(jobId)).toMatchObject({
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
    const jobs = stack.gateway.services.mux.robots.jobs;
    const cancel = jobs.cancel.bind(jobs);
    // Mux takes the cancellation only after the job's completed webhook reached the gateway.
    jobs.cancel = (async () => {
      await waitFor(() => jobRow(jobId)?.status === 'completed', {
        timeoutMs: 10_000,
        description: 'the job to complete',
      });
    }) as unknown as typeof cancel;
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
      jobs.cancel = cancel;
    }
    expect(jobRow(jobId)?.status).toBe('completed');
  });

  it('runs again a mutation whose idempotency key was claimed by a request that never finished', async () => {
    const input = { url: 'https://example.com/abandoned.mp4?duration=30', idempotencyKey: 'abandoned-claim' };
    const first = await mutate<{ asset: { muxId: string } }>(stack, 'assetCreate', 'asset { muxId }', input);
    const claimedAt = (at: number) =>
      db()
        .update(idempotencyKeys)
        .set({ result: null, createdAt: at })
        .where(eq(idempotencyKeys.key, input.idempotencyKey))
        .run();

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
  const db = () => stack.gateway.services.db;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('answers requests under way first, and keeps what they wrote', async () => {
    const assets = stack.gateway.services.mux.video.assets;
    const create = assets.create.bind(assets);
    const asked = deferred();
    assets.create = (async (...args: Parameters<typeof create>) => {
      asked.resolve();
      await pause(300);
      return create(...args);
    }) as typeof create;
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
    expect(assetRowsById(db(), [payload.asset.muxId]).has(payload.asset.muxId)).toBe(true);
    const { id: jobId } = decodeGlobalID(payload.captionJobs[0]?.id ?? '');
    expect(captionJobRowsById(db(), [jobId]).has(jobId)).toBe(true);
  });

  it('finishes a transcript capture under way before the database closes', async () => {
    const stream = stack.gateway.services.stream;
    const textTrackUrl = stream.textTrackUrl.bind(stream);
    const asked = deferred();
    const captured: string[] = [];
    stream.textTrackUrl = (async (...args: Parameters<typeof textTrackUrl>) => {
      captured.push(args[1]);
      asked.resolve();
      await pause(300);
      return textTrackUrl(...args);
    }) as typeof textTrackUrl;
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

    expect(captured.filter((trackId) => !transcriptRowsById(db(), [trackId]).has(trackId))).toEqual([]);
    expect(stack.logLines.filter((line) => line.includes('transcript not captured'))).toEqual([]);
  });
});
