import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CoreUnderTest, FakeMux, startCore, textTrack } from '../support/fake-mux.js';
import { replacementUnderWay } from '../support/replacements.js';
import { openTestStore, type TestStore } from '../support/stores.js';

describe('background work on several instances sharing PostgreSQL', () => {
  let opened: TestStore;
  let instances: CoreUnderTest[];

  beforeEach(async () => {
    opened = await openTestStore('postgres');
    const mux = new FakeMux();
    // Mux is slow enough that both instances are in the middle of the same step at once.
    mux.latencyMs = 50;
    const settings = { readyTimeoutMs: 60_000, retryDelaysMs: [1], leaseMs: 30_000 };
    instances = [
      startCore({ store: opened.store, mux, replacementSettings: settings }),
      startCore({ store: await opened.openAnother(), mux, replacementSettings: settings }),
    ];
  });
  afterEach(async () => {
    for (const instance of instances) await instance.close();
    await opened.close();
  });

  it('retires the old track of a replacement once, however many instances look at it together', async () => {
    const [first, second] = instances as [CoreUnderTest, CoreUnderTest];
    const jobId = await replacementUnderWay(first);
    // The news reaches the second instance, whose commit starts the step there; the first looks at the same
    // asset meanwhile (a poll, a read), before the second is done.
    const track = first.mux.assets.get('asset-1')?.tracks?.find((candidate) => candidate.id === 'new');
    if (track) track.status = 'ready';
    await second.core.commit([
      { about: 'track', assetId: 'asset-1', track: textTrack('new', 'ready'), deleted: false },
    ]);
    await first.replacements.checkAssets(['asset-1']);
    await Promise.all(instances.map((instance) => instance.background.idle()));
    expect(first.mux.callsOf('deleteTrack')).toEqual([['asset-1', 'old']]);
    expect((await second.store.captionJobs.byIds([jobId])).get(jobId)?.status).toBe('completed');
  });
});
