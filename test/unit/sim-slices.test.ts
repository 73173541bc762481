import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { captionSteps, generateCaptions, type Steps, toWebVtt, webVttSteps } from '../../src/sim/content/index.js';
import { SliceScheduler } from '../../src/sim/slices.js';

/** Two hours of captions: many slices' worth of steps. */
function* captionFile(seed: string): Steps<string> {
  return yield* webVttSteps(yield* captionSteps({ seed, languageCode: 'en', durationSeconds: 7_200 }));
}

describe('SliceScheduler', () => {
  let scheduler = new SliceScheduler();

  afterEach(() => {
    scheduler.close();
    scheduler = new SliceScheduler();
  });

  it('gives the same result as running the steps at once', async () => {
    const sliced = await scheduler.slices(performance.now()).run(captionFile('asset-a'));
    expect(sliced).toBe(toWebVtt(generateCaptions({ seed: 'asset-a', languageCode: 'en', durationSeconds: 7_200 })));
  });

  it('lets timers run between slices', async () => {
    const order: string[] = [];
    const work = scheduler
      .slices(performance.now())
      .run(captionFile('asset-b'))
      .then(() => order.push('captions'));
    setTimeout(() => order.push('timer'), 0);
    await work;
    expect(order).toEqual(['timer', 'captions']);
  });

  it('gives every slice to the waiting work due soonest, whatever started first', async () => {
    const order: string[] = [];
    const now = performance.now();
    const later = scheduler
      .slices(now + 60_000)
      .run(captionFile('asset-c'))
      .then(() => order.push('due in a minute'));
    const sooner = scheduler
      .slices(now + 1_000)
      .run(captionFile('asset-d'))
      .then(() => order.push('due in a second'));
    await Promise.all([later, sooner]);
    expect(order).toEqual(['due in a second', 'due in a minute']);
  });
});
