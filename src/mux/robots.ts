import type Mux from '@mux/mux-node';

export const CAPTION_WORKFLOWS = ['generate-premium-captions', 'edit-captions', 'translate-captions'] as const;
export type CaptionWorkflow = (typeof CAPTION_WORKFLOWS)[number];

/** The fields every Robots job shares, whatever its workflow. */
export interface RobotsJob {
  id: string;
  workflow: string;
  status: 'pending' | 'processing' | 'completed' | 'errored' | 'cancelled';
  units_consumed: number;
  created_at: number;
  updated_at: number;
  parameters: { asset_id: string; language_code?: string; to_language_code?: string; track_id?: string };
  outputs?: { language_code?: string; track_id?: string; uploaded_track_id?: string } & Record<string, unknown>;
  errors?: { type: string; message: string; retryable?: boolean }[];
}

export function isCaptionWorkflow(value: string): value is CaptionWorkflow {
  return (CAPTION_WORKFLOWS as readonly string[]).includes(value);
}

/** The SDK has one resource per workflow; retrieval is routed by the workflow the job was made with. */
export function retrieveRobotsJob(mux: Mux, workflow: CaptionWorkflow, id: string): Promise<RobotsJob> {
  const jobs = mux.robots.jobs;
  const resource = {
    'generate-premium-captions': jobs.generatePremiumCaptions,
    'edit-captions': jobs.editCaptions,
    'translate-captions': jobs.translateCaptions,
  }[workflow];
  return resource.retrieve(id) as Promise<RobotsJob>;
}
