import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedEvents } from '../support/events-table.js';
import { storedRows } from '../support/rows.js';
import { type Stack, startStack } from '../support/stack.js';
import { subscribeSse } from '../support/subscriptions.js';
import { waitFor } from '../support/wait.js';
import { envelope, postEvent } from '../support/webhooks.js';

const NOW = Math.floor(Date.now() / 1000);

function asset(id: string, status: string, tracks: Record<string, unknown>[] = []) {
  return { id, status, created_at: NOW, duration: 30, playback_ids: [{ id: `${id}-play`, policy: 'public' }], tracks };
}

const videoTrack = (id: string) => ({ id, type: 'video', duration: 30, status: 'ready' });
const generatedTrack = (id: string, status: string) => ({
  id,
  type: 'text',
  text_type: 'subtitles',
  text_source: 'generated_vod',
  language_code: 'en',
  name: 'English',
  status,
});

function robotsJob(id: string, assetId: string, status: string, outputs?: Record<string, unknown>) {
  return {
    id,
    workflow: 'generate-premium-captions',
    status,
    units_consumed: status === 'completed' ? 5 : 0,
    created_at: NOW,
    updated_at: NOW + 1,
    parameters: { asset_id: assetId, language_code: 'en' },
    ...(outputs ? { outputs } : {}),
  };
}

describe('applying webhook events to the cache', () => {
  let stack: Stack;
  let secret: string;
  const send = async (event: Record<string, unknown>) => {
    const response = await postEvent(stack.gateway.url, secret, event);
    expect(response.status).toBe(200);
    return (await response.json()) as { received: boolean; duplicate: boolean };
  };
  const stored = () => storedRows(stack);
  const applied = (id: string) => storedEvents(stack.databasePath).find((event) => event.id === id)?.appliedAt ?? null;

  beforeAll(async () => {
    stack = await startStack();
    secret = stack.simulator.context.options.webhookSecret;
  });
  afterAll(() => stack.close());

  it('ends in the right state whatever order asset and track events come in, and never moves back', async () => {
    await send(
      envelope(
        'video.asset.ready',
        asset('a-order', 'ready', [videoTrack('v-order'), generatedTrack('t-order', 'preparing')]),
      ),
    );
    await send(envelope('video.asset.created', asset('a-order', 'preparing')));
    expect((await stored().asset('a-order'))?.status).toBe('ready');
    expect((await stored().tracks('a-order')).map((track) => track.muxId)).toEqual(['v-order', 't-order']);
    expect((await stored().jobOfTrack('a-order', 't-order'))?.status).toBe('processing');

    await send(envelope('video.asset.track.ready', { ...generatedTrack('t-order', 'ready'), asset_id: 'a-order' }));
    await send(
      envelope('video.asset.track.created', { ...generatedTrack('t-order', 'preparing'), asset_id: 'a-order' }),
    );
    await send(
      envelope(
        'video.asset.ready',
        asset('a-order', 'ready', [videoTrack('v-order'), generatedTrack('t-order', 'preparing')]),
      ),
    );
    expect((await stored().tracks('a-order')).find((track) => track.muxId === 't-order')?.status).toBe('ready');
    expect((await stored().jobOfTrack('a-order', 't-order'))?.status).toBe('completed');
    expect((await stored().asset('a-order'))?.settled).toBe(true);
  });

  it('does not bring back a deleted track when its older events arrive late', async () => {
    await send(envelope('video.asset.ready', asset('a-deleted', 'ready', [videoTrack('v-deleted')])));
    await send(
      envelope('video.asset.track.deleted', { ...generatedTrack('t-deleted', 'deleted'), asset_id: 'a-deleted' }),
    );
    await send(envelope('video.asset.track.ready', { ...generatedTrack('t-deleted', 'ready'), asset_id: 'a-deleted' }));
    expect((await stored().tracks('a-deleted')).map((track) => track.muxId)).toEqual(['v-deleted']);
  });

  it('makes the CaptionJob of a Robots job it never saw, from plain and nested payloads, forward only', async () => {
    const nestedType = 'robots.job.generate_premium_captions.processing';
    await send(envelope(nestedType, { [nestedType]: robotsJob('rjob-unseen', 'a-order', 'processing') }));
    expect(await stored().jobByMuxJobId('rjob-unseen')).toMatchObject({
      id: 'robots_rjob-unseen',
      kind: 'premium',
      status: 'processing',
      assetId: 'a-order',
    });

    await send(
      envelope('robots.job.generate_premium_captions.errored', {
        ...robotsJob('rjob-unseen', 'a-order', 'errored'),
        errors: [{ type: 'x', message: 'y' }],
      }),
    );
    await send(
      envelope('robots.job.generate_premium_captions.pending', robotsJob('rjob-unseen', 'a-order', 'pending')),
    );
    expect((await stored().jobByMuxJobId('rjob-unseen'))?.status).toBe('errored');
  });

  it('answers a duplicate 2xx, applies it once and tells subscribers once', async () => {
    const updates = subscribeSse<{ captionJobsUpdated: { muxJobId: string; status: string } }>(
      stack.gateway,
      'subscription { captionJobsUpdated(progress: false) { muxJobId status } }',
    );
    expect(await updates.status).toBe(200);
    const event = envelope(
      'robots.job.generate_premium_captions.processing',
      robotsJob('rjob-twice', 'a-order', 'processing'),
    );
    expect(await send(event)).toEqual({ received: true, duplicate: false });
    expect(await send(event)).toEqual({ received: true, duplicate: true });
    const ofJob = () => updates.events.filter((update) => update.captionJobsUpdated.muxJobId === 'rjob-twice');
    await waitFor(() => ofJob().length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    updates.stop();
    expect(ofJob().map((update) => update.captionJobsUpdated.status)).toEqual(['PROCESSING']);
    expect(storedEvents(stack.databasePath).filter((stored) => stored.id === event.id)).toHaveLength(1);
  });

  it('stores and acknowledges event types it has no use for', async () => {
    const event = envelope('video.live_stream.active', { id: 'live-1', status: 'active' });
    expect(await send(event)).toEqual({ received: true, duplicate: false });
    expect(applied(String(event.id))).not.toBeNull();
  });

  it('reads from Mux what an event is about when it is not cached, after answering', async () => {
    stack.simulator.context.faults.update({ webhooks: { drop: true } });
    const created = await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/unseen.mp4?duration=20', generated_subtitles: [{ language_code: 'en' }] }],
      playback_policies: ['public'],
    });
    const track = await waitFor(async () =>
      (await stack.mux.video.assets.retrieve(created.id)).tracks?.find(
        (item) => item.type === 'text' && item.status === 'ready',
      ),
    );
    stack.simulator.context.faults.reset();
    expect(await stored().asset(created.id)).toBeUndefined();

    const event = envelope('video.asset.track.ready', { ...track, asset_id: created.id });
    await send(event);
    await waitFor(() => applied(String(event.id)) !== null, { description: 'the event to be applied after the fetch' });
    expect((await stored().asset(created.id))?.status).toBe('ready');
    expect(await stored().jobOfTrack(created.id, track.id ?? '')).toMatchObject({
      kind: 'auto_generated',
      status: 'completed',
    });
  });

  it('holds back a completed job whose track it does not know until the asset is read', async () => {
    stack.simulator.context.faults.update({ webhooks: { drop: true } });
    const created = await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/premium.mp4?duration=20' }],
      playback_policies: ['public'],
    });
    await waitFor(async () => (await stack.mux.video.assets.retrieve(created.id)).status === 'ready');
    const job = await stack.mux.robots.jobs.generatePremiumCaptions.create({
      parameters: { asset_id: created.id, language_code: 'en' },
    });
    const done = await waitFor(async () => {
      const current = await stack.mux.robots.jobs.generatePremiumCaptions.retrieve(job.id);
      return current.status === 'completed' && current;
    });
    stack.simulator.context.faults.reset();

    const updates = subscribeSse<{ captionJobsUpdated: { status: string; track: { status: string } | null } }>(
      stack.gateway,
      `subscription { captionJobsUpdated(assetId: "${created.id}", progress: false) { status track { status } } }`,
    );
    expect(await updates.status).toBe(200);
    await send(envelope('robots.job.generate_premium_captions.completed', done as unknown as Record<string, unknown>));
    await waitFor(() => updates.events.length > 0, { description: 'the completed job' });
    updates.stop();
    expect(updates.events[0]?.captionJobsUpdated).toEqual({ status: 'COMPLETED', track: { status: 'READY' } });
  });
});
