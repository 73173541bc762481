import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyAsset, startPremiumCaptions } from '../support/caption-work.js';
import { mutate } from '../support/mutations.js';
import { type Stack, startStack } from '../support/stack.js';
import { type Received, subscribeSse, subscribeWs, wsClient } from '../support/subscriptions.js';
import { upstreamCallTimes } from '../support/upstream.js';
import { waitFor } from '../support/wait.js';

interface JobEvent {
  status: string;
  transcriptReady: boolean;
  track: { status: string } | null;
}

const JOB_SUBSCRIPTION =
  'subscription($id: ID!) { captionJobUpdated(id: $id, progress: false) { status transcriptReady track { status } } }';
const RECONCILE = { afterSeconds: 0.2, maxIntervalSeconds: 1 };

function expectEndedCompleted(received: Received<{ captionJobUpdated: JobEvent }>): void {
  expect(received.errors).toEqual([]);
  expect(received.events.at(-1)?.captionJobUpdated).toEqual({
    status: 'COMPLETED',
    transcriptReady: true,
    track: { status: 'READY' },
  });
}

describe('the reconciler, when Mux cannot reach the gateway', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ simulator: { speed: 200 }, reconcile: RECONCILE });
  });
  afterAll(() => stack.close());

  it('brings every subscription to its end when every webhook is dropped', async () => {
    const assetId = await readyAsset(stack, 'dropped');
    stack.simulator.context.faults.update({ webhooks: { drop: true } });
    // Webhooks of the asset's own making may still be on their way; none about the work below may arrive.
    const earlier = new Set(stack.simulator.context.webhooks.events.map((event) => event.id));
    const startedAt = Date.now();
    const premium = await startPremiumCaptions(stack, assetId);
    const created = await mutate<{ captionJobs: { id: string }[] }>(stack, 'assetCreate', 'captionJobs { id }', {
      url: 'https://example.com/dropped-auto.mp4?duration=30',
      generatedSubtitles: [{ languageCode: 'en' }, { languageCode: 'es' }],
    });
    const client = wsClient(stack.gateway);
    const followers = [
      subscribeWs<{ captionJobUpdated: JobEvent }>(client, JOB_SUBSCRIPTION, { id: premium }),
      ...created.captionJobs.map((job) =>
        subscribeSse<{ captionJobUpdated: JobEvent }>(stack.gateway, JOB_SUBSCRIPTION, { id: job.id }),
      ),
    ];
    await Promise.all(followers.map((follower) => follower.ended));
    const elapsedMs = Date.now() - startedAt;
    await client.dispose();
    stack.simulator.context.faults.reset();

    for (const follower of followers) expectEndedCompleted(follower);
    expect(
      stack.simulator.context.webhooks.deliveries.filter(
        (delivery) => delivery.delivered && !earlier.has(delivery.eventId),
      ),
    ).toEqual([]);
    // Mux's own work takes ~0.2 s here; polling after 0.2 s of silence, with backoff to 1 s, ends it all within a few
    // seconds.
    expect(elapsedMs).toBeLessThan(5_000);
  });

  it('asks less and less often about work that does not move, up to the longest interval', async () => {
    const payload = await mutate<{ upload: { muxId: string } }>(stack, 'directUploadCreate', 'upload { muxId }', {
      corsOrigin: 'https://app.example.com',
      generatedSubtitles: [{ languageCode: 'en' }],
    });
    const asks = upstreamCallTimes(stack.simulator, 'GET', `/video/v1/uploads/${payload.upload.muxId}`);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const times = asks();
    const gaps = times.slice(1).map((at, index) => at - (times[index] ?? at));
    // 0.2 s of silence, then waits of 0.4, 0.8 and 1 s (the longest): each no shorter than the one before.
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    expect(gaps[0]).toBeLessThan(600);
    expect(gaps.at(-1)).toBeGreaterThanOrEqual(900);
    for (const [index, gap] of gaps.entries()) expect(gap).toBeGreaterThanOrEqual((gaps[index - 1] ?? 0) - 100);
  });

  it('keeps premium captions’ SRT and word timings, which Mux keeps for 7 days, with nobody reading them', async () => {
    const assetId = await readyAsset(stack, 'polled-premium');
    stack.simulator.context.faults.update({ webhooks: { drop: true } });
    try {
      const payload = await mutate<{ captionJob: { muxJobId: string } }>(
        stack,
        'premiumCaptionsGenerate',
        'captionJob { muxJobId }',
        { assetId, languageCode: 'en', includeWords: true },
      );
      const muxJobId = payload.captionJob.muxJobId;
      const transcript = await waitFor(() => stack.gateway.services.store.transcripts.byMuxJobId(muxJobId), {
        timeoutMs: 10_000,
        description: 'the premium outputs to be kept',
      });
      expect(transcript.source).toBe('premium_captions');
      expect((await stack.gateway.services.store.transcripts.words(transcript.id))?.length).toBeGreaterThan(10);
    } finally {
      stack.simulator.context.faults.reset();
    }
  });

  it('resumes unfinished work after a restart', async () => {
    const assetId = await readyAsset(stack, 'restart');
    stack.simulator.context.faults.update({ webhooks: { drop: true } });
    const jobId = await startPremiumCaptions(stack, assetId);
    await stack.restartGateway();
    const received = subscribeSse<{ captionJobUpdated: JobEvent }>(stack.gateway, JOB_SUBSCRIPTION, { id: jobId });
    await received.ended;
    stack.simulator.context.faults.reset();
    expectEndedCompleted(received);
  });
});
