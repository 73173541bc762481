import type { Context } from 'hono';
import { z } from 'zod';
import type { RouteRegistrar } from '../app.js';
import { faultSettingsPatchSchema } from '../faults.js';
import { invalidParameters, parseJsonBody } from '../video/validation.js';
import { webhookView } from './webhook-endpoints.js';

/**
 * `/_sim/*`: the simulator's own controls for tests and demos (faults, clock, logs, webhook targets). Not part
 * of Mux's surface, so no basic auth and no faults; it never returns the token secret or any signing secret.
 */

const clockAdvanceSchema = z
  .strictObject({ ms: z.number().min(0), seconds: z.number().min(0) })
  .partial()
  .refine((body) => (body.ms === undefined) !== (body.seconds === undefined), {
    message: 'must have either ms or seconds',
  });

const endpointSchema = z.strictObject({ url: z.url({ protocol: /^https?$/ }) });

const sinceSchema = z.coerce.number().int().min(0).default(0);

type Listing<T> = { ok: true; data: T[]; next: number } | { ok: false; response: Response };

/** `?since=<n>` pages through an append-only log: entries from index n on, and the index to ask for next. */
function listSince<T>(c: Context, log: readonly T[], keep: (entry: T) => boolean = () => true): Listing<T> {
  const since = sinceSchema.safeParse(c.req.query('since'));
  if (!since.success) return { ok: false, response: invalidParameters(c, 'since must be a non-negative integer') };
  return { ok: true, data: log.slice(since.data).filter(keep), next: log.length };
}

function listing<T>(c: Context, result: Listing<T>): Response {
  return result.ok ? c.json({ data: result.data, next: result.next }) : result.response;
}

export const registerAdminRoutes: RouteRegistrar = (api, _stream, context) => {
  const { clock, faults, state, webhooks } = context;

  api.get('/_sim/info', (c) =>
    c.json({
      data: {
        apiUrl: context.urls.api,
        streamUrl: context.urls.stream,
        environment: context.options.environment,
        tokenId: context.options.tokenId,
        speed: context.options.speed,
        now: new Date(clock.now()).toISOString(),
        webhookEndpoints: webhooks.endpoints.list().map(webhookView),
      },
    }),
  );

  api.get('/_sim/faults', (c) => c.json({ data: faults.settings }));
  api.put('/_sim/faults', async (c) => {
    const parsed = await parseJsonBody(c, faultSettingsPatchSchema);
    if (!parsed.ok) return parsed.response;
    faults.update(parsed.data);
    return c.json({ data: faults.settings });
  });
  api.delete('/_sim/faults', (c) => {
    faults.reset();
    return c.json({ data: faults.settings });
  });

  api.post('/_sim/clock/advance', async (c) => {
    const parsed = await parseJsonBody(c, clockAdvanceSchema);
    if (!parsed.ok) return parsed.response;
    clock.advance(parsed.data.ms ?? (parsed.data.seconds ?? 0) * 1000);
    // One reading: two would straddle a millisecond now and then and disagree.
    const nowMs = clock.now();
    return c.json({ data: { now: new Date(nowMs).toISOString(), nowMs } });
  });

  // The simulator's own calls are left out, so a test can count exactly the Mux calls a client made.
  api.get('/_sim/requests', (c) =>
    listing(
      c,
      listSince(c, state.requests, (entry) => !entry.path.startsWith('/_sim/')),
    ),
  );
  api.delete('/_sim/requests', (c) => {
    state.requests.length = 0;
    return c.body(null, 204);
  });

  api.get('/_sim/webhooks/events', (c) => listing(c, listSince(c, webhooks.events)));
  api.get('/_sim/webhooks/deliveries', (c) => listing(c, listSince(c, webhooks.deliveries)));
  api.post('/_sim/webhooks/endpoints', async (c) => {
    const parsed = await parseJsonBody(c, endpointSchema);
    if (!parsed.ok) return parsed.response;
    const known = webhooks.endpoints.findByAddress(parsed.data.url);
    const endpoint = known ?? webhooks.addEndpoint(parsed.data.url);
    return c.json({ data: webhookView(endpoint) }, known ? 200 : 201);
  });
};
