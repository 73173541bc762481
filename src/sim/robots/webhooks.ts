import type { SimContext } from '../context.js';
import type { RobotsJob } from '../state.js';
import { jobEventType } from './workflows.js';

/**
 * `robots.job.<workflow>.<status>` carrying the full job, sent on every transition (pending included). Whether the
 * job sits at `data` or nested under the event name is the dispatcher's concern (`faults.webhooks.nestRobotsJobData`).
 */
export function emitJobEvent(context: SimContext, job: RobotsJob): void {
  // Mux does not document `object.type` for Robots events; "job" mirrors "asset"/"track" on Video events.
  // A snapshot: a delayed or reordered delivery must still describe the job as it was at this transition.
  context.webhooks.emit(jobEventType(job.workflow, job.status), { type: 'job', id: job.id }, structuredClone(job));
}
