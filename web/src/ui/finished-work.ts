import { isFinal, type JobStatus } from '../jobs';

/**
 * A subscription reducer keeping the ids of jobs pushed in a final state, in order: events can arrive faster
 * than renders, and each finished job must be seen.
 */
export const collectFinished = (
  finished: readonly string[] | undefined,
  event: { captionJobsUpdated: { id: string; status: JobStatus } },
): readonly string[] =>
  isFinal(event.captionJobsUpdated.status) ? [...(finished ?? []), event.captionJobsUpdated.id] : (finished ?? []);
