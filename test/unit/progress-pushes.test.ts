import { describe, expect, it } from 'vitest';
import {
  estimatedFinishAt,
  estimatedProgress,
  newJob,
  nextProgressPushAt,
  PROGRESS_PUSH_MAX_GAP_MS,
} from '../../src/domain/model.js';

const START = 1_800_000_000_000;
const running = newJob({ kind: 'auto_generated', status: 'processing', startedAt: START, requestedAt: START });

describe('when running work is told again for its progress', () => {
  it('is at each tenth of the estimate, for work shorter than ten pushes apart', () => {
    // 100 s of video: about 10 s of work, a tenth each second.
    const pushes: number[] = [];
    for (let at = START; pushes.length < 12; ) {
      const next = nextProgressPushAt(running, 100, at);
      if (next === undefined) break;
      pushes.push(next - START);
      at = next;
    }
    expect(pushes.slice(0, 10)).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 9900]);
    // Past 0.99 the estimate has run out, but the work runs on: told every few seconds until Mux says it ended.
    expect(pushes[10]).toBe(9900 + PROGRESS_PUSH_MAX_GAP_MS);
    expect(pushes.map((ms) => estimatedProgress(running, 100, START + ms)).slice(0, 10)).toEqual([
      0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99,
    ]);
  });

  it('is at least every few seconds for long work, and from where the last push was', () => {
    // An hour of video: six minutes of work, a tenth every 36 s.
    expect(nextProgressPushAt(running, 3600, START)).toBe(START + PROGRESS_PUSH_MAX_GAP_MS);
    expect(nextProgressPushAt(running, 3600, START + 35_000)).toBe(START + 36_000);
    // Without a duration there is no estimate, only the steady pushes.
    expect(nextProgressPushAt(running, null, START + 7)).toBe(START + 7 + PROGRESS_PUSH_MAX_GAP_MS);
  });

  it('is never for work that is not running', () => {
    for (const status of ['pending', 'completed', 'errored', 'cancelled', 'skipped'] as const) {
      expect(nextProgressPushAt({ ...running, status }, 100, START)).toBeUndefined();
    }
  });

  it('follows the simulator’s speed: its clock runs that many times faster, and so does the work', () => {
    expect(estimatedFinishAt(running, 100)).toBe(START + 10_000);
    expect(estimatedFinishAt(running, 100, 10)).toBe(START + 1_000);
    expect(estimatedProgress(running, 100, START + 500, 10)).toBe(0.5);
    expect(nextProgressPushAt(running, 100, START, 10)).toBe(START + 100);
  });
});
