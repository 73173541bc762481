import type { JobSummary } from '@mux/mux-node/resources/robots/jobs/jobs';
import type { Asset } from '@mux/mux-node/resources/video/assets';
import type { SimContext } from '../context.js';
import type { RobotsJob } from '../state.js';

export function jobHref(context: SimContext, job: Pick<RobotsJob, 'id' | 'workflow'>): string {
  return `${context.urls.api}/robots/v0/jobs/${job.workflow}/${job.id}`;
}

/** The list and cancel endpoints answer with this six-field view, never the parameters or outputs. */
export function jobSummary(context: SimContext, job: RobotsJob): JobSummary {
  return {
    id: job.id,
    workflow: job.workflow,
    status: job.status,
    created_at: job.created_at,
    updated_at: job.updated_at,
    _links: { self: { href: jobHref(context, job) } },
  };
}

type SlimlineAsset = NonNullable<RobotsJob['resources']>['assets'][number];

/** `resources.assets[]` entry (the SDK's `SlimlineAsset`): the asset as it was when the job was created. */
export function slimlineAsset(context: SimContext, asset: Asset): SlimlineAsset {
  const meta: Record<string, unknown> | undefined =
    asset.meta && Object.keys(asset.meta).length > 0 ? { ...asset.meta } : undefined;
  return {
    id: asset.id,
    ...(asset.passthrough ? { passthrough: asset.passthrough } : {}),
    ...(meta ? { meta } : {}),
    _links: { self: { href: `${context.urls.api}/video/v1/assets/${asset.id}` } },
  };
}
