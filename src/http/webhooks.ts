import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isEmptyFetchList } from '../domain/news.js';
import { WebhookRejected } from '../mux/errors.js';
import type { WebhookOutcome } from '../observability/metrics.js';
import { inSpan } from '../observability/tracing.js';
import type { GatewayServices } from '../services.js';

/** Mux's largest payloads (an asset with many tracks) are a few kilobytes; this leaves ample room. */
const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/**
 * POST /webhooks/mux: verifies the signature on the raw bytes, stores the event once (by Mux's event id) and
 * applies it in the same transaction, and only then answers 2xx, so an acknowledged event is never lost. If
 * applying fails, nothing is stored and the 5xx makes Mux deliver it again.
 */
export function webhookRoutes(services: GatewayServices): Hono {
  const routes = new Hono();
  routes.post(
    '/mux',
    bodyLimit({
      maxSize: WEBHOOK_BODY_LIMIT,
      onError: (c) => {
        services.metrics.webhooksReceived.inc();
        services.metrics.webhooks.inc({ outcome: 'rejected' });
        services.logger.warn('webhook refused', { reason: 'body too large' });
        // Not read to its end, so the connection closes with the answer (see the GraphQL route).
        return c.json({ error: 'payload_too_large', message: `body is larger than ${WEBHOOK_BODY_LIMIT} bytes` }, 413, {
          connection: 'close',
        });
      },
    }),
    (c) =>
      inSpan('webhook intake', {}, async (span) => {
        services.metrics.webhooksReceived.inc();
        const counted = (outcome: WebhookOutcome) => {
          services.metrics.webhooks.inc({ outcome });
          span.setAttribute('webhook.outcome', outcome);
        };
        const refuse = (reason: string) => {
          counted('rejected');
          services.logger.info('webhook refused', { reason });
          return c.json({ error: 'invalid_webhook', message: reason }, 400);
        };
        let rawBody: string;
        try {
          rawBody = new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer());
        } catch {
          return refuse('the body is not UTF-8 text');
        }
        let payload: unknown;
        try {
          payload = await services.mux.verifyWebhook(rawBody, c.req.raw.headers);
        } catch (error) {
          if (error instanceof WebhookRejected) return refuse(error.message);
          throw error;
        }
        const event = payload as { id?: unknown; type?: unknown };
        const eventAttributes = { 'mux.event.id': String(event.id), 'mux.event.type': String(event.type) };
        span.setAttributes(eventAttributes);
        const ingested = await inSpan('webhook apply', eventAttributes, () => services.core.ingest(payload));
        const about = { eventId: event.id, type: event.type, duplicate: ingested.duplicate };
        const awaitingMux = !isEmptyFetchList(ingested.needs);
        // Signed by Mux but unreadable: kept as it came and acknowledged, so Mux does not send it for a day.
        if (ingested.rejected && !ingested.duplicate) {
          counted('kept_unread');
          services.logger.warn('webhook kept unread', { ...about, reason: ingested.rejected });
        } else {
          counted(ingested.duplicate ? 'duplicate' : awaitingMux ? 'awaiting_mux' : 'applied');
          services.logger.info('webhook received', { ...about, awaitingMux });
        }
        return c.json({ received: true, duplicate: ingested.duplicate });
      }),
  );
  routes.all('/mux', (c) => c.json({ error: 'method_not_allowed', message: 'Use POST.' }, 405, { allow: 'POST' }));
  return routes;
}
