import { describe, expect, it } from 'vitest';
import { Broadcast } from '../../src/events/broadcast.js';
import { captionJob } from '../support/rows.js';

describe('the broadcast', () => {
  it('holds thousands of listeners on one topic without a warning, and tells each of them', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const broadcast = new Broadcast();
    const listeners = Array.from({ length: 2_000 }, () =>
      broadcast.topics.subscribe('captionJob', 'job-1')[Symbol.asyncIterator](),
    );
    const heard = Promise.all(listeners.map((listener) => listener.next()));
    broadcast.publish({ assets: [], tracks: [], jobs: [captionJob('job-1', 'asset-1')], uploads: [] });
    const results = await heard;
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    expect(results.every((result) => result.value?.id === 'job-1')).toBe(true);
    expect(warnings.map((warning) => warning.name)).toEqual([]);
    await Promise.all(listeners.map((listener) => listener.return?.()));
    expect(broadcast.listenerCount()).toBe(0);
  });
});
