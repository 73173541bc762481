import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyAsset, startPremiumCaptions } from '../support/caption-work.js';
import { storedEvents } from '../support/events-table.js';
import { mutate } from '../support/mutations.js';
import { storedRows } from '../support/rows.js';
import { type Stack, startStack } from '../support/stack.js';
import { type Received, subscribeSse, subscribeWs, wsClient } from '../support/subscriptions.js';
import { waitFor } from '../support/wait.js';

interface JobEvent {
  id: string;
  status: string;
  track: { muxId: string; status: string } | null;
}

const JOB_SUBSCRIPTION =
  'subscription($id: ID!) { captionJobUpdated(id: $id, progress: false) { id status track { muxId status } } }';
const ORDER = ['PENDING', 'PROCESSING', 'COMPLETED'];

/** Each status at most once, in order: what a subscriber should see whatever Mux's deliveries did. */
function expectOnceEachForward(statuses: readonly string[]): void {
  expect(new Set(statuses).size).toBe(statuses.length);
  expect([...statuses].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))).toEqual(statuses);
  expect(statuses.at(-1)).toBe('COMPLETED');
}

describe('webhooks duplicated and reordered by Mux', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ simulator: { speed: 50 } });
  });
  afterAll(() => stack.close());

  it('end in one correct state, with no repeated or backward subscription events', async () => {
    const readyId = await readyAsset(stack, 'faults');
    const eventsBefore = stack.simulator.context.webhooks.events.length;
    stack.simulator.context.faults.update({ webhooks: { duplicate: true, reorder: true } });

    const premiumId = await startPremiumCaptions(stack, readyId);
    const created = await mutate<{ asset: { muxId: string }; captionJobs: { id: string }[] }>(
      stack,
      'assetCreate',
      'asset { muxId } captionJobs { id }',
      {
        url: 'https://example.com/faults-auto.mp4?duration=30',
        generatedSubtitles: [{ languageCode: 'en' }],
      },
    );
    // An asset the gateway never heard of before its (reordered) events arrive.
    const unseen = await stack.mux.video.assets.create({
      inputs: [
        { url: 'https://example.com/faults-unseen.mp4?duration=30', generated_subtitles: [{ language_code: 'en' }] },
      ],
      playback_policies: ['public'],
    });

    const client = wsClient(stack.gateway);
    const jobIds = [premiumId, created.captionJobs[0]?.id ?? ''];
    const followers: Received<{ captionJobUpdated: JobEvent }>[] = [
      subscribeWs(client, JOB_SUBSCRIPTION, { id: jobIds[0] }),
      subscribeSse(stack.gateway, JOB_SUBSCRIPTION, { id: jobIds[1] }),
    ];
    const unseenJobs = subscribeSse<{ captionJobsUpdated: JobEvent }>(
      stack.gateway,
      `subscription { captionJobsUpdated(assetId: "${unseen.id}", progress: false) { ` +
        `id status track { muxId status } } }`,
    );
    await Promise.all(followers.map((follower) => follower.ended));
    await waitFor(() => unseenJobs.events.some((event) => event.captionJobsUpdated.status === 'COMPLETED'), {
      timeoutMs: 10_000,
    });
    // Let the held and duplicated deliveries of the last events drain before judging.
    await waitFor(() => {
      const stored = new Set(storedEvents(stack.databasePath).map((event) => event.id));
      return stack.simulator.context.webhooks.events.slice(eventsBefore).every((event) => stored.has(event.id));
    });
    unseenJobs.stop();
    await client.dispose();
    stack.simulator.context.faults.reset();

    for (const follower of followers) {
      expect(follower.errors).toEqual([]);
      expectOnceEachForward(follower.events.map((event) => event.captionJobUpdated.status));
      expect(follower.events.at(-1)?.captionJobUpdated.track?.status).toBe('READY');
    }
    expectOnceEachForward(unseenJobs.events.map((event) => event.captionJobsUpdated.status));

    const deliveries = stack.simulator.context.webhooks.deliveries.filter((delivery) => delivery.fault === 'duplicate');
    expect(deliveries.length).toBeGreaterThan(0);
    for (const assetId of [readyId, created.asset.muxId, unseen.id]) {
      const atMux = await stack.mux.video.assets.retrieve(assetId);
      const cached = await storedRows(stack).tracks(assetId);
      const textAtMux = (atMux.tracks ?? [])
        .filter((track) => track.type === 'text')
        .map((track) => `${track.id}:${track.status}`);
      expect(cached.filter((track) => track.type === 'text').map((track) => `${track.muxId}:${track.status}`)).toEqual(
        textAtMux,
      );
      expect((await storedRows(stack).jobs(assetId)).map((job) => job.status)).toEqual(['completed']);
    }
  });
});
