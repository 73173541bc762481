import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { graphiqlOptions } from '../../src/http/graphiql.js';
import { readyAsset, startPremiumCaptions } from '../support/caption-work.js';
import { mutate } from '../support/mutations.js';
import { API_KEYS, type Stack, startStack } from '../support/stack.js';
import { eventsReceived, type Received, subscribeSse, subscribeWs, wsClient, wsUrl } from '../support/subscriptions.js';
import { waitFor } from '../support/wait.js';

const JOB_FIELDS = 'id kind status progress estimatedFinishAt transcriptReady track { muxId status textSource }';

interface JobEvent {
  id: string;
  kind: string;
  status: string;
  progress: number;
  estimatedFinishAt: string | null;
  transcriptReady: boolean;
  track: { muxId: string; status: string; textSource: string | null } | null;
}

const JOB_SUBSCRIPTION = `subscription($id: ID!) { captionJobUpdated(id: $id, progress: false) { ${JOB_FIELDS} } }`;

const statuses = (received: Received<{ captionJobUpdated: JobEvent }>) =>
  received.events.map((event) => event.captionJobUpdated.status);

function expectFinalEvent(event: JobEvent, textSource: string): void {
  expect(event).toMatchObject({
    status: 'COMPLETED',
    progress: 1,
    transcriptReady: true,
    track: { status: 'READY', textSource },
  });
  expect(event.estimatedFinishAt).not.toBeNull();
}

describe('caption job subscriptions', () => {
  let stack: Stack;

  beforeAll(async () => {
    // Slow enough that a client subscribing after its mutation still sees every step of the work.
    stack = await startStack({ simulator: { speed: 50 } });
  });
  afterAll(() => stack.close());

  it('follows premium captions over graphql-ws from the mutation to the completed job with its track', async () => {
    const jobId = await startPremiumCaptions(stack, await readyAsset(stack, 'talk'));
    const client = wsClient(stack.gateway);
    const received = subscribeWs<{ captionJobUpdated: JobEvent }>(client, JOB_SUBSCRIPTION, { id: jobId });
    await received.ended;
    await client.dispose();

    expect(received.errors).toEqual([]);
    expect(statuses(received)).toEqual(['PENDING', 'PROCESSING', 'COMPLETED']);
    const progress = received.events.map((event) => event.captionJobUpdated.progress);
    expect(progress[0]).toBe(0);
    expect(progress.every((value, index) => value >= 0 && value <= 1 && value >= (progress[index - 1] ?? 0))).toBe(
      true,
    );
    expectFinalEvent(received.events.at(-1)?.captionJobUpdated as JobEvent, 'UPLOADED');
  });

  it('tells running work again as its estimated progress moves, at each tenth, by the simulator’s clock', async () => {
    // 1500 s of video: premium captions estimated at 150 s of work, which the simulator at 50x does in three
    // seconds. Mux dates the start to the second, so up to a third of the pushes may fall before it is heard of.
    const asset = await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/long-talk.mp4?duration=1500' }],
      playback_policies: ['public'],
    });
    await waitFor(async () => (await stack.mux.video.assets.retrieve(asset.id)).status === 'ready');
    const jobId = await startPremiumCaptions(stack, asset.id);
    const client = wsClient(stack.gateway);
    const received = subscribeWs<{ captionJobUpdated: JobEvent & { startedAt: string | null } }>(
      client,
      `subscription($id: ID!) { captionJobUpdated(id: $id) { ${JOB_FIELDS} startedAt } }`,
      { id: jobId },
    );
    await received.ended;
    await client.dispose();

    expect(received.errors).toEqual([]);
    const events = received.events.map((event) => event.captionJobUpdated);
    const running = events.filter((event) => event.status === 'PROCESSING');
    const progress = running.map((event) => event.progress);
    // Never backwards; at least five steps below the estimate's end (past it, work is told again at 0.99, and a
    // change of state may be told at the same hundredth as the push before it).
    expect(progress.every((value, index) => index === 0 || value >= (progress[index - 1] ?? 0))).toBe(true);
    expect(new Set(progress.filter((value) => value < 0.99)).size).toBeGreaterThanOrEqual(5);
    // No tenth skipped: each push is at most a tenth (and rounding) beyond the one before.
    expect(progress.every((value, index) => index === 0 || value - (progress[index - 1] ?? 0) <= 0.11)).toBe(true);
    expect(events.at(-1)?.status).toBe('COMPLETED');
    // The estimate follows the simulator's speed: three seconds after the start, where Mux's pace says 150 s.
    const last = running.at(-1);
    const estimatedMs = Date.parse(last?.estimatedFinishAt ?? '') - Date.parse(last?.startedAt ?? '');
    expect(estimatedMs).toBe(3_000);
  });

  it('follows premium captions over SSE with the Authorization header', async () => {
    const jobId = await startPremiumCaptions(stack, await readyAsset(stack, 'talk'));
    const received = subscribeSse<{ captionJobUpdated: JobEvent }>(stack.gateway, JOB_SUBSCRIPTION, { id: jobId });
    expect(await received.status).toBe(200);
    await received.ended;

    expect(received.errors).toEqual([]);
    expect(statuses(received)).toEqual(['PENDING', 'PROCESSING', 'COMPLETED']);
    expectFinalEvent(received.events.at(-1)?.captionJobUpdated as JobEvent, 'UPLOADED');
  });

  it('follows auto-generated captions asked for with assetCreate, over graphql-ws and SSE alike', async () => {
    const payload = await mutate<{ captionJobs: { id: string; kind: string; status: string }[] }>(
      stack,
      'assetCreate',
      'captionJobs { id kind status }',
      {
        url: 'https://example.com/standup.mp4?duration=30',
        generatedSubtitles: [{ languageCode: 'en' }],
      },
    );
    const [job] = payload.captionJobs;
    expect(job).toMatchObject({ kind: 'AUTO_GENERATED', status: 'PENDING' });
    const client = wsClient(stack.gateway);
    const overWs = subscribeWs<{ captionJobUpdated: JobEvent }>(client, JOB_SUBSCRIPTION, { id: job?.id });
    const overSse = subscribeSse<{ captionJobUpdated: JobEvent }>(stack.gateway, JOB_SUBSCRIPTION, { id: job?.id });
    await Promise.all([overWs.ended, overSse.ended]);
    await client.dispose();

    for (const received of [overWs, overSse]) {
      expect(received.errors).toEqual([]);
      expect(statuses(received)).toEqual(['PENDING', 'PROCESSING', 'COMPLETED']);
      expectFinalEvent(received.events.at(-1)?.captionJobUpdated as JobEvent, 'GENERATED_VOD');
    }
  });

  it('answers a subscriber who comes after the work finished with the final state, then ends', async () => {
    const jobId = await startPremiumCaptions(stack, await readyAsset(stack, 'talk'));
    const first = subscribeSse<{ captionJobUpdated: JobEvent }>(stack.gateway, JOB_SUBSCRIPTION, { id: jobId });
    await first.ended;
    const late = subscribeSse<{ captionJobUpdated: JobEvent }>(stack.gateway, JOB_SUBSCRIPTION, { id: jobId });
    await late.ended;
    expect(statuses(late)).toEqual(['COMPLETED']);
    expectFinalEvent(late.events[0]?.captionJobUpdated as JobEvent, 'UPLOADED');
  });

  it('streams all caption work of an asset, including a Robots job started outside the gateway', async () => {
    const assetId = await readyAsset(stack, 'talk');
    const received = subscribeSse<{ captionJobsUpdated: JobEvent & { muxJobId: string } }>(
      stack.gateway,
      `subscription($assetId: ID) { captionJobsUpdated(assetId: $assetId, progress: false) { ` +
        `${JOB_FIELDS} muxJobId } }`,
      { assetId },
    );
    // The stream is answered once the subscription listens.
    expect(await received.status).toBe(200);
    const job = await stack.mux.robots.jobs.generatePremiumCaptions.create({ parameters: { asset_id: assetId } });
    await waitFor(() => received.events.some((event) => event.captionJobsUpdated.status === 'COMPLETED'), {
      timeoutMs: 10_000,
    });
    received.stop();

    const events = received.events.map((event) => event.captionJobsUpdated);
    expect(events.every((event) => event.muxJobId === job.id && event.kind === 'PREMIUM')).toBe(true);
    expect(events.map((event) => event.status)).toEqual(['PENDING', 'PROCESSING', 'COMPLETED']);
    expectFinalEvent(events.at(-1) as JobEvent, 'UPLOADED');
  });

  it('runs GraphiQL’s subscription example as it is', async () => {
    const example =
      graphiqlOptions({ apiKey: API_KEYS.viewer }).defaultTabs?.find((tab) => tab.query?.includes('subscription '))
        ?.query ?? '';
    const received = subscribeSse<{ captionJobsUpdated: JobEvent }>(stack.gateway, example);
    expect(await received.status).toBe(200);
    const jobId = await startPremiumCaptions(stack, await readyAsset(stack, 'talk'));
    await waitFor(() => received.events.some((event) => event.captionJobsUpdated.status === 'COMPLETED'), {
      timeoutMs: 10_000,
    });
    received.stop();
    expect(received.errors).toEqual([]);
    expect(received.events.every((event) => event.captionJobsUpdated.id === jobId)).toBe(true);
  });

  it('streams an asset and its tracks as captions are generated on it', async () => {
    const asset = await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/cooking.mp4?duration=30', generated_subtitles: [{ language_code: 'en' }] }],
      playback_policies: ['public'],
    });
    const assetEvents = subscribeSse<{ assetUpdated: { status: string; captionTracks: { status: string }[] } }>(
      stack.gateway,
      'subscription($id: ID!) { assetUpdated(id: $id) { status captionTracks { status } } }',
      { id: asset.id },
    );
    const trackEvents = subscribeSse<{ trackUpdated: { muxId: string; type: string; status: string } }>(
      stack.gateway,
      'subscription($assetId: ID!) { trackUpdated(assetId: $assetId) { muxId type status } }',
      { assetId: asset.id },
    );
    await waitFor(
      () =>
        trackEvents.events.some((event) => event.trackUpdated.type === 'TEXT' && event.trackUpdated.status === 'READY'),
      { timeoutMs: 10_000 },
    );
    await waitFor(() =>
      assetEvents.events.some((event) => event.assetUpdated.captionTracks.some((track) => track.status === 'READY')),
    );
    assetEvents.stop();
    trackEvents.stop();

    expect(assetEvents.events[0]?.assetUpdated.status).toBe('PREPARING');
    expect(assetEvents.events.map((event) => event.assetUpdated.status)).toContain('READY');
    const textStatuses = trackEvents.events
      .filter((event) => event.trackUpdated.type === 'TEXT')
      .map((event) => event.trackUpdated.status);
    expect(textStatuses).toEqual(['PREPARING', 'READY']);
  });
});

describe('subscription access', () => {
  let stack: Stack;
  /** Listeners of a gateway nobody subscribes to (the reconciler's). */
  let idleListeners: number;

  beforeAll(async () => {
    stack = await startStack();
    idleListeners = stack.gateway.services.broadcast.listenerCount();
  });
  afterAll(() => stack.close());

  async function closeCode(connectionParams: Record<string, unknown>): Promise<number> {
    const socket = new WebSocket(wsUrl(stack.gateway), 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: connectionParams }));
    return new Promise((resolve) => socket.once('close', (code) => resolve(code)));
  }

  it('closes a graphql-ws connection without a key with 4401 and one with a wrong key with 4403', async () => {
    expect(await closeCode({})).toBe(4401);
    expect(await closeCode({ authorization: 'Bearer not-a-real-key-at-all' })).toBe(4403);
    expect(stack.logLines.join('\n')).not.toContain('not-a-real-key-at-all');
  });

  it('takes the key as { apiKey } too, and lets a viewer subscribe', async () => {
    const client = wsClient(stack.gateway, { apiKey: API_KEYS.viewer });
    const received = subscribeWs<{ captionJobsUpdated: unknown }>(client, 'subscription { captionJobsUpdated { id } }');
    await waitFor(() => stack.gateway.webSockets.clientCount() === 1);
    received.stop();
    await client.dispose();
    expect(received.errors).toEqual([]);
  });

  it('refuses SSE without a key with 401', async () => {
    const received = subscribeSse(stack.gateway, 'subscription { captionJobsUpdated { id } }', {}, '');
    expect(await received.status).toBe(401);
    await received.ended;
  });

  it('answers a subscription to an unknown job with NOT_FOUND', async () => {
    const client = wsClient(stack.gateway);
    const received = subscribeWs(client, JOB_SUBSCRIPTION, { id: 'job_does-not-exist' });
    await received.ended;
    await client.dispose();
    expect(received.events).toEqual([]);
    expect(JSON.stringify(received.errors)).toContain('NOT_FOUND');
  });

  it('leaves no listener, socket or timer behind when subscribers go away', async () => {
    const asset = await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/idle.mp4?duration=30' }],
      playback_policies: ['public'],
    });
    await waitFor(async () => (await stack.mux.video.assets.retrieve(asset.id)).status === 'ready');
    const { broadcast: pubsub } = stack.gateway.services;
    await waitFor(() => pubsub.listenerCount() === idleListeners, { description: 'earlier subscribers to be gone' });
    const listenersBefore = pubsub.listenerCount();
    const timersBefore = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

    const clients = [wsClient(stack.gateway), wsClient(stack.gateway)];
    const subscriptions = [
      subscribeWs(clients[0]!, 'subscription($id: ID!) { assetUpdated(id: $id) { id } }', { id: asset.id }),
      subscribeWs(clients[1]!, 'subscription($a: ID!) { trackUpdated(assetId: $a) { id } }', { a: asset.id }),
      subscribeWs(clients[1]!, 'subscription($a: ID!) { captionJobsUpdated(assetId: $a) { id } }', { a: asset.id }),
      subscribeSse(stack.gateway, 'subscription($a: ID!) { captionJobsUpdated(assetId: $a) { id } }', { a: asset.id }),
      subscribeSse(stack.gateway, 'subscription { captionJobsUpdated { id } }'),
    ];
    await eventsReceived(subscriptions[0]!, 1);
    await waitFor(() => pubsub.listenerCount() >= listenersBefore + 5, { description: 'every subscription listening' });

    for (const subscription of subscriptions) subscription.stop();
    await Promise.all(clients.map((client) => client.dispose()));
    await waitFor(() => pubsub.listenerCount() === listenersBefore && stack.gateway.webSockets.clientCount() === 0, {
      description: 'listeners and sockets to be released',
    });
    await waitFor(() => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length <= timersBefore, {
      description: 'keep-alive timers to be cleared',
    });
  });
});
