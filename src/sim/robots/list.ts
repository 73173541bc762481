import type { JobSummary } from '@mux/mux-node/resources/robots/jobs/jobs';
import type { SimContext } from '../context.js';
import { filterJobs } from './store.js';
import { jobSummary } from './views.js';

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;

/** A positive integer from the query, or the fallback when absent or not a number. */
function positiveInteger(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return value !== undefined && Number.isInteger(parsed) && parsed >= 1 ? parsed : fallback;
}

export interface ListJobsResponse {
  data: JobSummary[];
  total_row_count: number;
}

/**
 * `GET /robots/v0/jobs`: page-based, newest first. The document lists no 400 for this operation, so out-of-range
 * paging is clamped (limit to 1..100, page to >= 1) and an unknown filter value simply matches nothing.
 */
export function listJobs(context: SimContext, query: Record<string, string | undefined>): ListJobsResponse {
  const limit = Math.min(positiveInteger(query.limit, DEFAULT_LIMIT), MAX_LIMIT);
  const page = positiveInteger(query.page, 1);
  const jobs = filterJobs(context, {
    workflow: query.workflow,
    status: query.status,
    asset_id: query.asset_id,
  });
  return {
    data: jobs.slice((page - 1) * limit, page * limit).map((job) => jobSummary(context, job)),
    total_row_count: jobs.length,
  };
}
