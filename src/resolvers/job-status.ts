import type { CaptionJobStatus } from '../db/caption-jobs.js';

export const TERMINAL_JOB_STATUSES: ReadonlySet<CaptionJobStatus> = new Set([
  'completed',
  'errored',
  'cancelled',
  'skipped',
]);

export function isTerminal(status: CaptionJobStatus): boolean {
  return TERMINAL_JOB_STATUSES.has(status);
}
