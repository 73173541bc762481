import type { Webhook } from '@mux/mux-node/resources/system/webhooks';
import type { Context } from 'hono';
import { z } from 'zod';
import type { RouteRegistrar } from '../app.js';
import { videoError } from '../errors.js';
import { pageOf } from '../video/paging.js';
import { listQuery } from '../video/schemas.js';
import { invalidParameters, parseInput, parseJsonBody } from '../video/validation.js';
import type { WebhookEndpoint, WebhookEndpoints } from '../webhooks/endpoints.js';

const address = z.url({ protocol: /^https?$/ });
const createSchema = z.object({ address });
const updateSchema = z
  .object({ address, enabled: z.boolean() })
  .partial()
  .refine((update) => update.address !== undefined || update.enabled !== undefined, {
    message: 'must include address or enabled',
  });

/** The System API's Webhook object; the signing secret only ever leaves in the create response. */
export function webhookView(endpoint: WebhookEndpoint): Webhook {
  return {
    id: endpoint.id,
    address: endpoint.address,
    created_at: new Date(endpoint.createdAtMs).toISOString(),
    enabled: endpoint.enabled,
  };
}

function notFound(c: Context): Response {
  return videoError(c, 404, 'not_found', 'The requested resource was not found');
}

/** Addresses are unique among the environment's webhooks (Mux's wording; the status it answers is unpublished). */
function addressTaken(
  c: Context,
  endpoints: WebhookEndpoints,
  wanted: string,
  self?: WebhookEndpoint,
): Response | undefined {
  const holder = endpoints.findByAddress(wanted);
  return holder && holder !== self
    ? invalidParameters(c, "address must be unique among the environment's webhooks")
    : undefined;
}

/** `/system/v1/webhooks`: the environment's webhook endpoints, each with its own signing secret (SDK 15.1+). */
export const registerWebhookEndpointRoutes: RouteRegistrar = (api, _stream, context) => {
  const { endpoints } = context.webhooks;

  api.post('/system/v1/webhooks', async (c) => {
    const parsed = await parseJsonBody(c, createSchema);
    if (!parsed.ok) return parsed.response;
    const taken = addressTaken(c, endpoints, parsed.data.address);
    if (taken) return taken;
    const endpoint = endpoints.add(parsed.data.address);
    return c.json({ data: { ...webhookView(endpoint), signing_secret: endpoint.signingSecret } }, 201);
  });

  api.get('/system/v1/webhooks', (c) => {
    const query = parseInput(c, listQuery, c.req.query());
    if (!query.ok) return query.response;
    return c.json({ data: pageOf(endpoints.list(), query.data).map(webhookView) });
  });

  api.get('/system/v1/webhooks/:webhookId', (c) => {
    const endpoint = endpoints.get(c.req.param('webhookId'));
    return endpoint ? c.json({ data: webhookView(endpoint) }) : notFound(c);
  });

  api.patch('/system/v1/webhooks/:webhookId', async (c) => {
    const endpoint = endpoints.get(c.req.param('webhookId'));
    if (!endpoint) return notFound(c);
    const parsed = await parseJsonBody(c, updateSchema);
    if (!parsed.ok) return parsed.response;
    const { address: newAddress, enabled } = parsed.data;
    if (newAddress !== undefined) {
      const taken = addressTaken(c, endpoints, newAddress, endpoint);
      if (taken) return taken;
      endpoint.address = newAddress;
    }
    if (enabled !== undefined) endpoint.enabled = enabled;
    return c.json({ data: webhookView(endpoint) });
  });

  api.delete('/system/v1/webhooks/:webhookId', (c) => {
    return endpoints.remove(c.req.param('webhookId')) ? c.body(null, 204) : notFound(c);
  });
};
