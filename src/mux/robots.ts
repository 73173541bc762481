import type { EditCaptionsJob } from '@mux/mux-node/resources/robots/jobs/edit-captions';
import type { GeneratePremiumCaptionsJob } from '@mux/mux-node/resources/robots/jobs/generate-premium-captions';
import type { TranslateCaptionsJob } from '@mux/mux-node/resources/robots/jobs/translate-captions';

/** A Robots job of a workflow that makes captions, in the SDK's own types. */
export type CaptionRobotsJob = GeneratePremiumCaptionsJob | EditCaptionsJob | TranslateCaptionsJob;
export type CaptionWorkflow = CaptionRobotsJob['workflow'];

export const CAPTION_WORKFLOWS: readonly CaptionWorkflow[] = [
  'generate-premium-captions',
  'edit-captions',
  'translate-captions',
];

export function isCaptionWorkflow(value: string | null | undefined): value is CaptionWorkflow {
  return (CAPTION_WORKFLOWS as readonly (string | null | undefined)[]).includes(value);
}

/** The track a caption job made: premium captions name it `track_id`, edits and translations `uploaded_track_id`. */
export function outputTrackId(job: CaptionRobotsJob): string | undefined {
  if (job.workflow === 'generate-premium-captions') return job.outputs?.track_id;
  return job.outputs?.uploaded_track_id;
}
