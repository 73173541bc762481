import type { JobError } from '@mux/mux-node/resources/robots/jobs/jobs';
import type { z } from 'zod';
import type { SimContext } from '../context.js';
import type { Slices } from '../slices.js';
import type { AssetRecord, RobotsWorkflow } from '../state.js';

/** A request Robots turns down, rendered as `{"error":{"type","message"}}` with this status. */
export class Rejection {
  constructor(
    readonly status: 400 | 404 | 409 | 422,
    readonly type: string,
    readonly message: string,
  ) {}
}

export function invalidParameters(message: string): Rejection {
  return new Rejection(400, 'invalid_parameters', message);
}

export function preconditionFailed(message: string): Rejection {
  return new Rejection(422, 'unprocessable_entity', message);
}

export function conflict(message: string): Rejection {
  return new Rejection(409, 'conflict', message);
}

/** What a workflow left to do once its processing time is over. */
export interface Completion {
  /** Simulated seconds until what the job uploaded is ready; the job completes then, not before. */
  settleSeconds: number;
  /** Runs at completion: publishes the temporary files, tidies up tracks, and returns the job's `outputs`. */
  finish(): Record<string, unknown>;
}

export type WorkOutcome = { completion: Completion } | { error: JobError };

/**
 * What a workflow does once its processing time is over, with what it made meanwhile: upload and tidy up, or fail
 * the job when the asset changed in a way that stops it.
 */
export type Delivery = () => WorkOutcome;

/** One caption workflow: its parameters, its preconditions, how long it takes and what it produces. */
export interface WorkflowDefinition<P extends { asset_id: string }> {
  workflow: RobotsWorkflow;
  /** The create body; parsing fills in the defaults Robots echoes back in `parameters`. */
  request: z.ZodType<{ parameters: P; passthrough?: string | undefined }>;
  /**
   * Workflow-specific 422 preconditions, checked at create and again when processing starts (by then a
   * failure errors the job instead). The asset is known to exist, be ready and have a playback ID.
   */
  precondition(context: SimContext, record: AssetRecord, parameters: P): string | undefined;
  /** Simulated seconds between `processing` and the result. */
  processingSeconds(record: AssetRecord, parameters: P): number;
  unitsConsumed(record: AssetRecord, parameters: P): number;
  /**
   * Runs when processing starts and makes the captions in `slices`, due when the processing time is over, so the
   * simulator keeps answering meanwhile and the job keeps Robots' timing. It changes no state: the delivery it
   * resolves to does, at the end of the processing time, after checking what may have changed meanwhile.
   */
  work(context: SimContext, record: AssetRecord, parameters: P, slices: Slices): Promise<Delivery>;
}
