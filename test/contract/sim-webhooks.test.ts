import Mux, { BadRequestError, NotFoundError } from '@mux/mux-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createSimulator,
  defaultSimulatorOptions,
  type Simulator,
  type SimulatorOptions,
} from '../../src/sim/index.js';
import type { DeliveryLogEntry } from '../../src/sim/webhooks/endpoint-lane.js';
import type { WebhookEvent } from '../../src/sim/webhooks/envelope.js';
import { waitFor } from '../support/wait.js';
import {
  type ReceivedWebhook,
  type ReceiverOptions,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../support/webhook-receiver.js';
import { validateWebhook } from './openapi.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ENVELOPE_FIELDS = ['attempts', 'created_at', 'data', 'environment', 'id', 'object', 'type'];

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(running.splice(0).map((closable) => closable.close()));
});

interface Harness {
  sim: Simulator;
  receiver: WebhookReceiver;
  mux: Mux;
  options: SimulatorOptions;
}

async function receiver(options?: ReceiverOptions): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(options);
  running.push(started);
  return started;
}

/** A simulator whose one configured endpoint is a fresh receiver. */
async function start(receiverOptions?: ReceiverOptions, overrides: Partial<SimulatorOptions> = {}): Promise<Harness> {
  const target = await receiver(receiverOptions);
  const options = defaultSimulatorOptions({ speed: 1000, webhookUrls: [target.url], ...overrides });
  const sim = await createSimulator(options);
  running.push(sim);
  const mux = new Mux({
    tokenId: options.tokenId,
    tokenSecret: options.tokenSecret,
    baseURL: sim.apiUrl,
    webhookSecret: options.webhookSecret,
  });
  return { sim, receiver: target, mux, options };
}

/** A `video.asset.track.ready` event with a generated caption track, as the video lifecycle emits it. */
function emitTrackReady(sim: Simulator, trackId = 'trk0001'): WebhookEvent {
  return sim.context.webhooks.emit(
    'video.asset.track.ready',
    { type: 'track', id: trackId },
    {
      id: trackId,
      type: 'text',
      text_type: 'subtitles',
      text_source: 'generated_vod',
      language_code: 'en',
      name: 'English (generated)',
      closed_captions: true,
      status: 'ready',
      asset_id: 'asset0001',
    },
  );
}

async function receivedCount(target: WebhookReceiver, count: number): Promise<ReceivedWebhook[]> {
  return waitFor(() => target.received.length >= count && target.received, {
    description: `${count} webhook deliveries`,
  });
}

/**
 * The delivery log's entries matching `filter`, once there are `count` of them (the log is written after the endpoint
 * answers).
 */
async function loggedTries(
  sim: Simulator,
  count: number,
  filter: (entry: DeliveryLogEntry) => boolean,
): Promise<DeliveryLogEntry[]> {
  return waitFor(
    () => {
      const entries = sim.context.webhooks.deliveries.filter(filter);
      return entries.length === count && entries;
    },
    { description: `${count} logged deliveries` },
  );
}

function ids(target: WebhookReceiver): string[] {
  return target.received.map((delivery) => delivery.event.id);
}

describe('simulated webhook delivery', () => {
  it("sends Mux's envelope, signed so that the SDK's unwrap accepts it", async () => {
    const { sim, receiver: target, mux, options } = await start();
    const before = Date.now();
    const emitted = emitTrackReady(sim);
    const [delivery] = await receivedCount(target, 1);

    expect(delivery!.headers['content-type']).toBe('application/json');
    expect(delivery!.headers['mux-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const unwrapped = await mux.webhooks.unwrap(delivery!.body, delivery!.headers);
    const event = delivery!.event;
    expect(unwrapped).toEqual(event);
    expect(Object.keys(event).sort()).toEqual(ENVELOPE_FIELDS);
    expect(event.id).toBe(emitted.id);
    expect(event.id).toMatch(UUID);
    expect(event.type).toBe('video.asset.track.ready');
    expect(event.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(Date.parse(String(event.created_at))).toBeGreaterThanOrEqual(before - 1000);
    expect(event.object).toEqual({ type: 'track', id: 'trk0001' });
    expect(event.environment).toEqual(options.environment);
    expect(event.attempts).toEqual([]);
    expect(event.data).toMatchObject({ id: 'trk0001', asset_id: 'asset0001', status: 'ready' });
    expect(validateWebhook(event.type, event)).toEqual([]);
    expect(sim.context.webhooks.events.map((logged) => logged.id)).toEqual([emitted.id]);
  });

  it('is rejected by unwrap when the body is tampered with, the secret wrong or the signature stale', async () => {
    const { sim, receiver: target, mux } = await start();
    emitTrackReady(sim);
    const [delivery] = await receivedCount(target, 1);
    const { body, headers } = delivery!;

    await expect(mux.webhooks.unwrap(body.replace('"ready"', '"errored"'), headers)).rejects.toThrow(
      'No signatures found matching the expected signature for payload.',
    );
    await expect(mux.webhooks.unwrap(body, headers, 'not-the-secret')).rejects.toThrow(
      'No signatures found matching the expected signature for payload.',
    );
    // The receiver checks the delivery 301 s after it was signed (a replay, or a clock that ran on).
    const signedAtMs = Number(/t=(\d+)/.exec(headers['mux-signature']!)![1]) * 1000;
    vi.spyOn(Date, 'now').mockReturnValue(signedAtMs + 301_000);
    await expect(mux.webhooks.unwrap(body, headers)).rejects.toThrow('Webhook timestamp is too old');
  });

  it('retries a non-2xx answer with growing delays and lists earlier tries in attempts[]', async () => {
    const speed = 100;
    const { sim, receiver: target, mux } = await start({ status: (index) => (index < 2 ? 500 : 200) }, { speed });
    const emitted = emitTrackReady(sim);
    const deliveries = await receivedCount(target, 3);

    expect(deliveries.map((delivery) => delivery.event.id)).toEqual([emitted.id, emitted.id, emitted.id]);
    expect(deliveries.map((delivery) => delivery.event.attempts.length)).toEqual([0, 1, 2]);
    for (const delivery of deliveries) {
      await expect(mux.webhooks.unwrap(delivery.body, delivery.headers)).resolves.toMatchObject({ id: emitted.id });
      expect(validateWebhook(delivery.event.type, delivery.event)).toEqual([]);
    }
    const attempts = deliveries[2]!.event.attempts;
    expect(attempts).toEqual([
      expect.objectContaining({
        response_status_code: 500,
        response_body: 'request 0',
        address: target.url,
        max_attempts: 35,
      }),
      expect.objectContaining({
        response_status_code: 500,
        response_body: 'request 1',
        address: target.url,
        max_attempts: 35,
      }),
    ]);
    for (const attempt of attempts) {
      expect(attempt.id).toMatch(UUID);
      expect(Number.isInteger(attempt.webhook_id)).toBe(true);
      expect(attempt.response_headers).toMatchObject({ 'content-type': 'text/plain' });
    }

    const log = await loggedTries(sim, 3, (entry) => entry.eventId === emitted.id);
    expect(
      log.map(({ attempt, status, delivered, retryInSeconds }) => ({ attempt, status, delivered, retryInSeconds })),
    ).toEqual([
      { attempt: 1, status: 500, delivered: false, retryInSeconds: 1 },
      { attempt: 2, status: 500, delivered: false, retryInSeconds: 2 },
      { attempt: 3, status: 200, delivered: true, retryInSeconds: undefined },
    ]);
    // 1 s then 2 s of simulated time, at 100x: the real gaps are at least 10 ms and 20 ms.
    const [first, second, third] = deliveries.map((delivery) => delivery.receivedAtMs) as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(1000 / speed - 2);
    expect(third - second).toBeGreaterThanOrEqual(2000 / speed - 2);
  });

  it('retries an endpoint that drops the connection, recording the try without a status', async () => {
    const { sim, receiver: target } = await start({ status: (index) => (index === 0 ? 0 : 200) });
    const emitted = emitTrackReady(sim);
    const deliveries = await receivedCount(target, 2);

    expect(deliveries[1]!.event.attempts).toEqual([
      expect.objectContaining({ address: target.url, response_body: null, response_headers: {} }),
    ]);
    expect(deliveries[1]!.event.attempts[0]).not.toHaveProperty('response_status_code');
    const [failed, delivered] = await loggedTries(sim, 2, (entry) => entry.eventId === emitted.id);
    expect(failed).toMatchObject({ attempt: 1, delivered: false, retryInSeconds: 1, error: expect.any(String) });
    expect(failed).not.toHaveProperty('status');
    expect(delivered).toMatchObject({ attempt: 2, status: 200, delivered: true });
  });

  it('delivers to one endpoint one event at a time, in emission order, even when it answers slowly', async () => {
    const { sim, receiver: target } = await start({ delayMs: (index) => (index === 0 ? 60 : 5) });
    const emitted = [1, 2, 3, 4, 5].map((n) => emitTrackReady(sim, `trk000${n}`).id);
    await receivedCount(target, 5);

    expect(ids(target)).toEqual(emitted);
    expect(target.maxConcurrent).toBe(1);
  });

  it('delivers the lifecycle events of an asset created with the SDK, each valid against the schema', async () => {
    const { sim, receiver: target, mux } = await start();
    const asset = await mux.video.assets.create({
      inputs: [
        { url: 'https://example.com/talk.mp4', generated_subtitles: [{ language_code: 'en', name: 'English' }] },
      ],
      playback_policies: ['public'],
    });
    await waitFor(() => target.received.some((delivery) => delivery.event.type === 'video.asset.track.ready'), {
      description: 'the generated track to be ready',
    });

    const types = target.received.map((delivery) => delivery.event.type);
    expect(types).toEqual(
      expect.arrayContaining(['video.asset.created', 'video.asset.ready', 'video.asset.track.ready']),
    );
    expect(ids(target)).toEqual(sim.context.webhooks.events.map((event) => event.id).slice(0, target.received.length));
    for (const delivery of target.received) {
      await expect(mux.webhooks.unwrap(delivery.body, delivery.headers)).resolves.toMatchObject({
        id: delivery.event.id,
      });
      expect(validateWebhook(delivery.event.type, delivery.event)).toEqual([]);
    }
    const ready = target.received.find((delivery) => delivery.event.type === 'video.asset.ready')!;
    expect(ready.event.object).toEqual({ type: 'asset', id: asset.id });
  });

  it('stops retrying when the simulator closes', async () => {
    // At speed 10 the first retry is due 100 ms after the failure, so closing right away must cancel it.
    const { sim, receiver: target } = await start({ status: () => 500 }, { speed: 10 });
    emitTrackReady(sim);
    await receivedCount(target, 1);
    await sim.close();
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(target.received).toHaveLength(1);
  });
});

describe('webhook faults', () => {
  it('drop: the next N events (or every event while true) never reach any endpoint', async () => {
    const { sim, receiver: target } = await start();
    sim.context.faults.update({ webhooks: { drop: 1 } });
    const dropped = emitTrackReady(sim, 'trkA');
    const kept = emitTrackReady(sim, 'trkB');
    await receivedCount(target, 1);

    expect(ids(target)).toEqual([kept.id]);
    expect(sim.context.faults.settings.webhooks.drop).toBe(0);
    expect(sim.context.webhooks.deliveries.find((entry) => entry.eventId === dropped.id)).toMatchObject({
      attempt: 0,
      delivered: false,
      fault: 'dropped',
    });

    sim.context.faults.update({ webhooks: { drop: true } });
    emitTrackReady(sim, 'trkC');
    emitTrackReady(sim, 'trkD');
    sim.context.faults.reset();
    const marker = emitTrackReady(sim, 'trkE');
    await receivedCount(target, 2);
    expect(ids(target)).toEqual([kept.id, marker.id]);
  });

  it('duplicate: each affected event is delivered twice with the same id, both validly signed', async () => {
    const { sim, receiver: target, mux } = await start();
    sim.context.faults.update({ webhooks: { duplicate: 1 } });
    const twice = emitTrackReady(sim, 'trkA');
    const once = emitTrackReady(sim, 'trkB');
    const deliveries = await receivedCount(target, 3);

    expect(ids(target)).toEqual([twice.id, twice.id, once.id]);
    for (const delivery of deliveries)
      await expect(mux.webhooks.unwrap(delivery.body, delivery.headers)).resolves.toBeTruthy();
    const duplicates = await loggedTries(sim, 1, (entry) => entry.fault === 'duplicate');
    expect(duplicates.map((entry) => entry.eventId)).toEqual([twice.id]);
  });

  it('reorder: a counted window goes out newest first; true reverses what a short window collects', async () => {
    const { sim, receiver: target } = await start();
    sim.context.faults.update({ webhooks: { reorder: 3 } });
    const [a, b, c, d] = ['trkA', 'trkB', 'trkC', 'trkD'].map((id) => emitTrackReady(sim, id).id);
    await receivedCount(target, 4);
    expect(ids(target)).toEqual([c, b, a, d]);

    sim.context.faults.update({ webhooks: { reorder: true } });
    const [e, f] = ['trkE', 'trkF'].map((id) => emitTrackReady(sim, id).id);
    await receivedCount(target, 6);
    expect(ids(target).slice(4)).toEqual([f, e]);
  });

  it('delayMs: events reach the endpoint no sooner than the delay', async () => {
    const { sim, receiver: target } = await start();
    sim.context.faults.update({ webhooks: { delayMs: 300 } });
    const emittedAtMs = Date.now();
    emitTrackReady(sim);
    const [delivery] = await receivedCount(target, 1);

    expect(delivery!.receivedAtMs - emittedAtMs).toBeGreaterThanOrEqual(300);
  });

  it('nestRobotsJobData: robots job events carry the job under the event name only when asked', async () => {
    const { sim, receiver: target } = await start();
    const type = 'robots.job.generate_premium_captions.completed';
    const job = {
      id: 'rjob_1',
      workflow: 'generate-premium-captions',
      status: 'completed',
      units_consumed: 1,
      created_at: 1,
      updated_at: 2,
    };
    sim.context.webhooks.emit(type, { type: 'robots_job', id: job.id }, job);
    sim.context.faults.update({ webhooks: { nestRobotsJobData: true } });
    sim.context.webhooks.emit(type, { type: 'robots_job', id: job.id }, job);
    sim.context.webhooks.emit('video.asset.track.ready', { type: 'track', id: 'trk1' }, { id: 'trk1', type: 'text' });
    await receivedCount(target, 3);

    expect(target.received.map((delivery) => delivery.event.data)).toEqual([
      job,
      { [type]: job },
      { id: 'trk1', type: 'text' },
    ]);
    sim.context.faults.reset();
    expect(sim.context.faults.settings.webhooks.nestRobotsJobData).toBe(true);
  });

  it('reads drop, duplicate, reorder, delay and nesting from the options the simulator starts with', async () => {
    const { sim } = await start(undefined, {
      faults: {
        ...defaultSimulatorOptions().faults,
        webhooks: { drop: true, duplicate: false, reorder: 2, delayMs: 5, nestRobotsJobData: true },
      },
    });
    expect(sim.context.faults.settings.webhooks).toEqual({
      drop: true,
      duplicate: false,
      reorder: 2,
      delayMs: 5,
      nestRobotsJobData: true,
    });
  });
});

describe('webhook endpoints', () => {
  it('System API endpoints get events signed with their own secret, and only while enabled', async () => {
    const { sim, mux, options } = await start();
    const own = await receiver();
    const created = await mux.system.webhooks.create({ address: own.url });

    expect(created).toMatchObject({
      address: own.url,
      enabled: true,
      id: expect.any(String),
      signing_secret: expect.any(String),
    });
    expect(Date.parse(created.created_at)).not.toBeNaN();
    expect(created.signing_secret).not.toBe(options.webhookSecret);
    const retrieved = await mux.system.webhooks.retrieve(created.id);
    expect(retrieved).toEqual({ id: created.id, address: own.url, created_at: created.created_at, enabled: true });
    const listed = await mux.system.webhooks.list();
    expect(listed.data.map((webhook) => webhook.address)).toEqual([own.url, options.webhookUrls[0]]);
    expect(listed.data.every((webhook) => webhook.signing_secret === undefined)).toBe(true);

    const first = emitTrackReady(sim, 'trkA');
    const [delivery] = await receivedCount(own, 1);
    expect(delivery!.event.id).toBe(first.id);
    await expect(mux.webhooks.unwrap(delivery!.body, delivery!.headers, created.signing_secret)).resolves.toMatchObject(
      { id: first.id },
    );
    await expect(mux.webhooks.unwrap(delivery!.body, delivery!.headers)).rejects.toThrow();

    await expect(mux.system.webhooks.update(created.id, { enabled: false })).resolves.toMatchObject({ enabled: false });
    emitTrackReady(sim, 'trkB');
    await mux.system.webhooks.update(created.id, { enabled: true });
    const marker = emitTrackReady(sim, 'trkC');
    await receivedCount(own, 2);
    expect(ids(own)).toEqual([first.id, marker.id]);
  });

  it('System API refuses duplicate addresses and empty updates, and deletes with 204', async () => {
    const { mux, options } = await start();
    const taken = mux.system.webhooks.create({ address: options.webhookUrls[0]! });
    await expect(taken).rejects.toBeInstanceOf(BadRequestError);
    await expect(taken).rejects.toMatchObject({ status: 400, error: { error: { type: 'invalid_parameters' } } });
    const created = await mux.system.webhooks.create({ address: 'http://127.0.0.1:9/hooks' });
    await expect(mux.system.webhooks.update(created.id, {})).rejects.toMatchObject({ status: 400 });
    await expect(mux.system.webhooks.create({ address: 'not a url' })).rejects.toMatchObject({ status: 400 });

    const response = await mux.system.webhooks.delete(created.id).asResponse();
    expect(response.status).toBe(204);
    await expect(mux.system.webhooks.retrieve(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('POST /_sim/webhooks/endpoints adds a target signed with the environment secret, once', async () => {
    const { sim, mux } = await start();
    const extra = await receiver();
    const add = () =>
      fetch(`${sim.apiUrl}/_sim/webhooks/endpoints`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: extra.url }),
      });
    const added = await add();
    expect(added.status).toBe(201);
    const body = (await added.json()) as { data: Record<string, unknown> };
    expect(body.data).toMatchObject({ address: extra.url, enabled: true });
    expect(body.data).not.toHaveProperty('signing_secret');
    expect((await add()).status).toBe(200);

    const emitted = emitTrackReady(sim);
    const [delivery] = await receivedCount(extra, 1);
    await expect(mux.webhooks.unwrap(delivery!.body, delivery!.headers)).resolves.toMatchObject({ id: emitted.id });

    const invalid = await fetch(`${sim.apiUrl}/_sim/webhooks/endpoints`, {
      method: 'POST',
      body: JSON.stringify({ url: 'nope' }),
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({
      error: { type: 'invalid_parameters', messages: [expect.stringContaining('url')] },
    });
  });

  it('GET /_sim/webhooks/deliveries and /events list what happened, from ?since= on', async () => {
    const { sim, receiver: target } = await start();
    const first = emitTrackReady(sim, 'trkA');
    await loggedTries(sim, 1, () => true);
    const all = (await (await fetch(`${sim.apiUrl}/_sim/webhooks/deliveries`)).json()) as {
      data: { eventId: string }[];
      next: number;
    };
    expect(all.data).toEqual([
      expect.objectContaining({
        eventId: first.id,
        type: 'video.asset.track.ready',
        url: target.url,
        attempt: 1,
        status: 200,
        delivered: true,
      }),
    ]);

    const second = emitTrackReady(sim, 'trkB');
    await loggedTries(sim, 2, () => true);
    const later = (await (
      await fetch(`${sim.apiUrl}/_sim/webhooks/deliveries?since=${all.next}`)
    ).json()) as typeof all;
    expect(later.data.map((entry) => entry.eventId)).toEqual([second.id]);
    const events = (await (await fetch(`${sim.apiUrl}/_sim/webhooks/events?since=1`)).json()) as {
      data: { id: string }[];
    };
    expect(events.data.map((event) => event.id)).toEqual([second.id]);
    expect((await fetch(`${sim.apiUrl}/_sim/webhooks/deliveries?since=-1`)).status).toBe(400);
  });
});
