import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyAsset, startPremiumCaptions } from '../support/caption-work.js';
import { mutate } from '../support/mutations.js';
import { graphql, type Stack, startStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

interface Usage {
  unitsConsumed: number;
  jobs: number;
}

const USAGE = `query($from: DateTime, $to: DateTime, $assetIds: [ID!]) {
  captionUsage(from: $from, to: $to, assetIds: $assetIds) { unitsConsumed jobs }
}`;

/** The units the simulator charged for the Robots job behind a CaptionJob, once the job is completed. */
async function chargedUnits(stack: Stack, jobId: string): Promise<number> {
  return waitFor(
    async () => {
      const { body } = await graphql<{ captionJob: { status: string; muxJobId: string } }>(
        stack.gateway,
        'query($id: ID!) { captionJob(id: $id) { status muxJobId } }',
        { id: jobId },
      );
      const job = body.data?.captionJob;
      if (job?.status !== 'COMPLETED') return undefined;
      return stack.simulator.context.state.jobs.get(job.muxJobId)?.units_consumed;
    },
    { description: `caption job ${jobId} to complete` },
  );
}

async function usage(stack: Stack, variables: Record<string, unknown>): Promise<Usage | undefined> {
  const { body } = await graphql<{ captionUsage: Usage }>(stack.gateway, USAGE, variables);
  expect(body.errors).toBeUndefined();
  return body.data?.captionUsage;
}

describe('units consumed', () => {
  let stack: Stack;
  let premiumAsset: string;
  let addedAsset: string;
  let units: number;
  let startedAt: string;

  beforeAll(async () => {
    stack = await startStack();
    // Mux dates a job's end to the second: the range starts at the second before, so the first job is inside it.
    startedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000).toISOString();
    [premiumAsset, addedAsset] = await Promise.all([
      readyAsset(stack, 'usage-premium'),
      readyAsset(stack, 'usage-own'),
    ]);
    units = await chargedUnits(stack, await startPremiumCaptions(stack, premiumAsset));
    const added = await mutate<{ captionJob: { id: string } }>(stack, 'captionsAdd', 'captionJob { id }', {
      assetId: addedAsset,
      vtt: 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nOur own words.\n',
      languageCode: 'en',
    });
    await waitFor(async () => {
      const { body } = await graphql<{ captionJob: { status: string } }>(
        stack.gateway,
        'query($id: ID!) { captionJob(id: $id) { status } }',
        { id: added.captionJob.id },
      );
      return body.data?.captionJob.status === 'COMPLETED';
    });
  });
  afterAll(() => stack.close());

  it('are summed per asset over its caption work', async () => {
    expect(units).toBeGreaterThan(0);
    const { body } = await graphql<{ premium: { unitsConsumed: number }; own: { unitsConsumed: number } }>(
      stack.gateway,
      `query($premium: String!, $own: String!) {
        premium: asset(muxId: $premium) { unitsConsumed }
        own: asset(muxId: $own) { unitsConsumed }
      }`,
      { premium: premiumAsset, own: addedAsset },
    );
    expect(body.data).toEqual({ premium: { unitsConsumed: units }, own: { unitsConsumed: 0 } });
  });

  it('are totalled for a time range and a set of assets', async () => {
    const now = new Date(Date.now() + 1000).toISOString();
    expect(await usage(stack, {})).toEqual({ unitsConsumed: units, jobs: 2 });
    expect(await usage(stack, { from: startedAt, to: now, assetIds: [premiumAsset, addedAsset] })).toEqual({
      unitsConsumed: units,
      jobs: 2,
    });
    expect(await usage(stack, { assetIds: [addedAsset] })).toEqual({ unitsConsumed: 0, jobs: 1 });
    expect(await usage(stack, { from: now })).toEqual({ unitsConsumed: 0, jobs: 0 });
    expect(await usage(stack, { to: startedAt })).toEqual({ unitsConsumed: 0, jobs: 0 });
  });
});
