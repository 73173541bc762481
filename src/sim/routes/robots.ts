import type { Context } from 'hono';
import type { RouteRegistrar } from '../app.js';
import type { SimContext } from '../context.js';
import { robotsError } from '../errors.js';
import { invalidParameters, Rejection } from '../robots/definition.js';
import { editCaptions } from '../robots/edit-captions.js';
import { generatePremiumCaptions } from '../robots/generate-premium-captions.js';
import { cancelJob, createJob } from '../robots/lifecycle.js';
import { listJobs } from '../robots/list.js';
import { findJob } from '../robots/store.js';
import { registerTemporaryFileRoute } from '../robots/temporary-files.js';
import { translateCaptions } from '../robots/translate-captions.js';
import { jobSummary } from '../robots/views.js';
import { isMuxWorkflow, isSimulatedWorkflow, SIMULATED_WORKFLOWS } from '../robots/workflows.js';
import type { RobotsJob, RobotsWorkflow } from '../state.js';

type JobStarter = (context: SimContext, body: unknown) => RobotsJob | Rejection;

const starters: Record<RobotsWorkflow, JobStarter> = {
  'generate-premium-captions': (context, body) => createJob(context, generatePremiumCaptions, body),
  'edit-captions': (context, body) => createJob(context, editCaptions, body),
  'translate-captions': (context, body) => createJob(context, translateCaptions, body),
};

function reject(c: Context, rejection: Rejection): Response {
  return robotsError(c, rejection.status, rejection.type, rejection.message);
}

/**
 * A workflow Mux has but the simulator does not run answers 404 with a message saying so: the endpoint does not
 * exist here, and pretending to accept the job (or blaming the request with a 400) would mislead.
 */
function unsupportedWorkflow(c: Context, workflow: string): Response {
  return isMuxWorkflow(workflow)
    ? robotsError(
        c,
        404,
        'not_found',
        `The Mux simulator does not run the ${workflow} workflow; it runs ${SIMULATED_WORKFLOWS.join(', ')}`,
      )
    : robotsError(c, 404, 'not_found', 'Not found');
}

async function jsonBody(c: Context): Promise<{ body: unknown } | undefined> {
  try {
    return { body: await c.req.json() };
  } catch {
    return undefined;
  }
}

/** `/robots/v0/jobs...` for the caption workflows, plus the stream-host route behind their temporary URLs. */
export const registerRobotsRoutes: RouteRegistrar = (api, stream, context) => {
  api.get('/robots/v0/jobs', (c) => c.json(listJobs(context, c.req.query())));

  api.post('/robots/v0/jobs/:jobId/cancel', (c) => {
    const job = findJob(context, c.req.param('jobId'));
    if (!job) return robotsError(c, 404, 'not_found', `Job ${c.req.param('jobId')} not found`);
    const result = cancelJob(context, job);
    return result instanceof Rejection ? reject(c, result) : c.json({ data: jobSummary(context, result) });
  });

  api.post('/robots/v0/jobs/:workflow', async (c) => {
    const workflow = c.req.param('workflow');
    if (!isSimulatedWorkflow(workflow)) return unsupportedWorkflow(c, workflow);
    const parsed = await jsonBody(c);
    if (!parsed) return reject(c, invalidParameters('Request body must be a JSON object'));
    const result = starters[workflow](context, parsed.body);
    return result instanceof Rejection ? reject(c, result) : c.json({ data: result }, 202);
  });

  api.get('/robots/v0/jobs/:workflow/:jobId', (c) => {
    const workflow = c.req.param('workflow');
    if (!isSimulatedWorkflow(workflow)) return unsupportedWorkflow(c, workflow);
    const job = findJob(context, c.req.param('jobId'));
    if (!job || job.workflow !== workflow)
      return robotsError(c, 404, 'not_found', `Job ${c.req.param('jobId')} not found`);
    return c.json({ data: job });
  });

  registerTemporaryFileRoute(stream, context);
};
