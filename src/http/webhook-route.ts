import type { IncomingMessage, ServerResponse } from 'node:http';
import { isEmptyFetchList } from '../domain/news.js';
import { type VerifiedEvent, verifyWebhook, WebhookRejected } from '../mux/webhooks.js';
import type { GatewayServices } from '../services.js';
import { BodyTooLarge, readRawBody } from './body.js';
import { sendJson } from './respond.js';

/** Mux's largest payloads (an asset with many tracks) are a few kilobytes; this leaves ample room. */
const WEBHOOK_BODY_LIMIT = 1024 * 1024;

function headersOf(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  return headers;
}

/**
 * POST /webhooks/mux: verifies the signature on the raw bytes, stores the event once (by Mux's event id) and
 * applies it in the same transaction, and only then answers 2xx, so an acknowledged event is never lost. If
 * applying fails, nothing is stored and the 5xx makes Mux deliver it again.
 */
export async function handleMuxWebhook(
  services: GatewayServices,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method !== 'POST') {
    sendJson(response, 405, { error: 'method_not_allowed', message: 'Use POST.' }, { allow: 'POST' });
    return;
  }
  let rawBody: string;
  try {
    rawBody = await readRawBody(request, WEBHOOK_BODY_LIMIT);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    services.logger.warn('webhook refused', { reason: error.message });
    sendJson(response, 413, { error: 'payload_too_large', message: error.message });
    return;
  }
  let event: VerifiedEvent;
  try {
    event = await verifyWebhook(services.mux, rawBody, headersOf(request));
  } catch (error) {
    if (!(error instanceof WebhookRejected)) throw error;
    services.logger.warn('webhook refused', { reason: error.message });
    sendJson(response, 400, { error: 'invalid_webhook', message: error.message });
    return;
  }
  const { duplicate, needs } = await services.core.ingest(event);
  const awaitingMux = !isEmptyFetchList(needs);
  services.logger.info('webhook received', { eventId: event.id, type: event.type, duplicate, awaitingMux });
  sendJson(response, 200, { received: true, duplicate });
}
