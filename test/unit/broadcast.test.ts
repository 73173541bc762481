import { describe, expect, it } from 'vitest';
import { Broadcast } from '../../src/events/broadcast.js';
import { captionJob } from '../support/rows.js';

describe('the broadcast', () => {
  it('holds thousands of listeners on one topic without a warning, and tells each of them', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const broadcast = new Broadcast();
    const heard: string[][] = Array.from({ length: 2_000 }, () => []);
    const stops = heard.map((items) => broadcast.listen('captionJob', 'job-1', (job) => items.push(job.id)));
    const elsewhere: string[] = [];
    stops.push(broadcast.listen('captionJob', 'job-2', (job) => elsewhere.push(job.id)));
    broadcast.publish({ assets: [], tracks: [], jobs: [captionJob('job-1', 'asset-1')], uploads: [] });
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    expect(heard.every((items) => items.length === 1 && items[0] === 'job-1')).toBe(true);
    expect(elsewhere).toEqual([]);
    expect(warnings.map((warning) => warning.name)).toEqual([]);
    expect(broadcast.listenerCount()).toBe(2_001);
    for (const stop of stops) stop();
    expect(broadcast.listenerCount()).toBe(0);
  });
});
