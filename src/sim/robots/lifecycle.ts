import type { JobError, JobStatus } from '@mux/mux-node/resources/robots/jobs/jobs';
import type { SimContext } from '../context.js';
import { robotsJobId } from '../ids.js';
import type { AssetRecord, RobotsJob } from '../state.js';
import {
  conflict,
  type Delivery,
  invalidParameters,
  preconditionFailed,
  Rejection,
  type WorkflowDefinition,
  type WorkOutcome,
} from './definition.js';
import { ACTIVE_STATUSES, findDuplicate } from './store.js';
import { parseJobRequest } from './validation.js';
import { slimlineAsset } from './views.js';
import { emitJobEvent } from './webhooks.js';

/** Time a job waits in Robots' queue before a worker picks it up, in simulated seconds. */
const QUEUE_SECONDS = 5;

/** The asset preconditions every caption workflow shares (SPEC: 422 for an unknown asset or no playback ID). */
function usableAsset(context: SimContext, assetId: string): AssetRecord | Rejection {
  const record = context.state.assets.get(assetId);
  if (!record) return preconditionFailed(`Asset ${assetId} not found`);
  if (!record.asset.playback_ids?.length) return preconditionFailed(`Asset ${assetId} has no playback ID`);
  if (record.asset.status !== 'ready')
    return preconditionFailed(`Asset ${assetId} is not ready (status: ${record.asset.status})`);
  return record;
}

function checkPreconditions<P extends { asset_id: string }>(
  context: SimContext,
  definition: WorkflowDefinition<P>,
  parameters: P,
): AssetRecord | Rejection {
  const record = usableAsset(context, parameters.asset_id);
  if (record instanceof Rejection) return record;
  const failure = definition.precondition(context, record, parameters);
  return failure === undefined ? record : preconditionFailed(failure);
}

function transition(context: SimContext, job: RobotsJob, status: JobStatus): void {
  job.status = status;
  job.updated_at = context.clock.nowSeconds();
  emitJobEvent(context, job);
}

function fail(context: SimContext, job: RobotsJob, error: JobError): void {
  job.errors = [error];
  transition(context, job, 'errored');
}

/** Schedules `task` unless the job has left `status` by then (a cancel stops everything still to come). */
function whileStill(
  context: SimContext,
  job: RobotsJob,
  status: JobStatus,
  simSeconds: number,
  task: () => unknown,
): void {
  context.clock.after(simSeconds, () => {
    if (job.status === status) void task();
  });
}

/** An unexpected failure inside the simulator surfaces as Robots would report its own: a retryable job error. */
const INTERNAL_ERROR: JobError = {
  type: 'internal_error',
  message: 'An internal error occurred while processing the job',
  retryable: true,
};

async function runWork(job: RobotsJob, work: () => Promise<Delivery>): Promise<Delivery> {
  const failed = (error: unknown): WorkOutcome => {
    console.error(`[sim] robots job ${job.id} failed:`, error);
    return { error: INTERNAL_ERROR };
  };
  try {
    const deliver = await work();
    return () => {
      try {
        return deliver();
      } catch (error) {
        return failed(error);
      }
    };
  } catch (error) {
    return () => failed(error);
  }
}

function startProcessing<P extends { asset_id: string }>(
  context: SimContext,
  job: RobotsJob,
  definition: WorkflowDefinition<P>,
  parameters: P,
): void {
  transition(context, job, 'processing');
  const record = checkPreconditions(context, definition, parameters);
  if (record instanceof Rejection) {
    // The asset or track changed while the job was queued.
    fail(context, job, { type: 'precondition_failed', message: record.message, retryable: false });
    return;
  }
  const seconds = definition.processingSeconds(record, parameters);
  const delivery = context.clock.within(seconds, (slices) =>
    runWork(job, () => definition.work(context, record, parameters, slices)),
  );
  void delivery.then((deliver) => {
    // A cancel while processing stops everything still to come, the delivery included.
    if (job.status !== 'processing') return;
    const outcome = deliver();
    if ('error' in outcome) return fail(context, job, outcome.error);
    const { completion } = outcome;
    whileStill(context, job, 'processing', completion.settleSeconds, () => {
      job.outputs = completion.finish();
      job.units_consumed = definition.unitsConsumed(record, parameters);
      transition(context, job, 'completed');
    });
  });
}

/** Validates a create request and, if Robots would accept it, stores the job and starts its lifecycle. */
export function createJob<P extends { asset_id: string }>(
  context: SimContext,
  definition: WorkflowDefinition<P>,
  body: unknown,
): RobotsJob | Rejection {
  const request = parseJobRequest(definition.request, body);
  if (!request.ok) return invalidParameters(request.message);
  const { parameters } = request;

  const record = checkPreconditions(context, definition, parameters);
  if (record instanceof Rejection) return record;
  const duplicate = findDuplicate(context, { workflow: definition.workflow, parameters });
  if (duplicate) {
    return conflict(`An identical ${definition.workflow} job (${duplicate.id}) is already ${duplicate.status}`);
  }

  const now = context.clock.nowSeconds();
  const job: RobotsJob = {
    id: robotsJobId(),
    workflow: definition.workflow,
    status: 'pending',
    units_consumed: 0,
    created_at: now,
    updated_at: now,
    parameters,
    ...(request.passthrough === undefined ? {} : { passthrough: request.passthrough }),
    resources: { assets: [slimlineAsset(context, record.asset)] },
  };
  context.state.jobs.set(job.id, job);
  emitJobEvent(context, job);
  whileStill(context, job, 'pending', QUEUE_SECONDS, () => startProcessing(context, job, definition, parameters));
  return job;
}

/** Cancels a pending or processing job; whatever it still had scheduled then never happens. */
export function cancelJob(context: SimContext, job: RobotsJob): RobotsJob | Rejection {
  if (!ACTIVE_STATUSES.includes(job.status)) {
    return conflict(`Job ${job.id} is already ${job.status} and cannot be cancelled`);
  }
  transition(context, job, 'cancelled');
  return job;
}
