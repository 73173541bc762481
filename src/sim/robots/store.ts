import type { JobStatus } from '@mux/mux-node/resources/robots/jobs/jobs';
import type { SimContext } from '../context.js';
import type { RobotsJob } from '../state.js';

/** "Jobs are automatically deleted after 30 days." */
const RETENTION_SECONDS = 30 * 24 * 60 * 60;

export const ACTIVE_STATUSES: readonly JobStatus[] = ['pending', 'processing'];

/** Forgets jobs past retention, measured on the simulator clock so `clock.advance` reaches it. */
function pruneExpired(context: SimContext): void {
  const cutoff = context.clock.nowSeconds() - RETENTION_SECONDS;
  for (const [id, job] of context.state.jobs) {
    if (job.created_at <= cutoff) context.state.jobs.delete(id);
  }
}

export function findJob(context: SimContext, id: string): RobotsJob | undefined {
  pruneExpired(context);
  return context.state.jobs.get(id);
}

export interface JobFilter {
  workflow?: string | undefined;
  status?: string | undefined;
  asset_id?: string | undefined;
}

/** Newest first; jobs keep insertion order in the map, so reversing it breaks same-second ties correctly. */
export function filterJobs(context: SimContext, filter: JobFilter): RobotsJob[] {
  pruneExpired(context);
  return [...context.state.jobs.values()]
    .reverse()
    .filter(
      (job) =>
        (filter.workflow === undefined || job.workflow === filter.workflow) &&
        (filter.status === undefined || job.status === filter.status) &&
        (filter.asset_id === undefined || job.parameters.asset_id === filter.asset_id),
    );
}

/** An active job for the same workflow with identical parameters: what Robots turns away with 409. */
export function findDuplicate(
  context: SimContext,
  candidate: Pick<RobotsJob, 'workflow' | 'parameters'>,
): RobotsJob | undefined {
  const key = JSON.stringify(candidate.parameters);
  return filterJobs(context, { workflow: candidate.workflow }).find(
    (job) => ACTIVE_STATUSES.includes(job.status) && JSON.stringify(job.parameters) === key,
  );
}
