import type { JobSummary } from '@mux/mux-node/resources/robots/jobs/jobs';
import type { RobotsWorkflow } from '../state.js';

/** Every workflow Mux Robots offers (the SDK's `JobSummary['workflow']`). */
export const MUX_WORKFLOWS = [
  'summarize',
  'moderate',
  'generate-chapters',
  'find-scenes',
  'edit-captions',
  'translate-captions',
  'translate-audio',
  'ask-questions',
  'find-key-moments',
  'generate-engagement-insights',
  'generate-premium-captions',
  'find-best-thumbnails',
] as const satisfies readonly JobSummary['workflow'][];

/** The caption workflows the simulator runs; the rest of Robots is outside the gateway's scope. */
export const SIMULATED_WORKFLOWS = [
  'generate-premium-captions',
  'edit-captions',
  'translate-captions',
] as const satisfies readonly RobotsWorkflow[];

export function isSimulatedWorkflow(name: string): name is RobotsWorkflow {
  return (SIMULATED_WORKFLOWS as readonly string[]).includes(name);
}

export function isMuxWorkflow(name: string): boolean {
  return (MUX_WORKFLOWS as readonly string[]).includes(name);
}

/** Paths and `workflow` values are hyphenated; event names use underscores (`robots.job.edit_captions.completed`). */
export function jobEventType(workflow: RobotsWorkflow, status: string): string {
  return `robots.job.${workflow.replaceAll('-', '_')}.${status}`;
}
