import type { MuxApi } from './api.js';

export interface VerifiedEvent {
  id: string;
  type: string;
  createdAt: string;
  object: { type: string | null; id: string | null };
  data: unknown;
  payload: unknown;
}

export class WebhookRejected extends Error {
  override readonly name = 'WebhookRejected';
}

/**
 * Robots job events are documented as carrying the job under `data["robots.job.<wf>.<status>"]`, while
 * deliveries seen in practice carry it as `data` itself; both are accepted and normalised to the latter.
 */
function unnestRobotsData(type: string, data: unknown): unknown {
  if (type.startsWith('robots.job.') && data && typeof data === 'object' && type in data) {
    return (data as Record<string, unknown>)[type];
  }
  return data;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** Reads Mux's envelope: the event id, type and subject, with Robots job data un-nested. */
export function normaliseEvent(payload: unknown): VerifiedEvent {
  if (!payload || typeof payload !== 'object') throw new WebhookRejected('body is not a JSON object');
  const event = payload as Record<string, unknown>;
  const id = text(event.id);
  const type = text(event.type);
  if (!id || !type) throw new WebhookRejected('event has no id or type');
  const object = (event.object ?? {}) as Record<string, unknown>;
  return {
    id,
    type,
    createdAt: text(event.created_at) ?? new Date().toISOString(),
    object: { type: text(object.type), id: text(object.id) },
    data: unnestRobotsData(type, event.data),
    payload,
  };
}

/** Verifies `mux-signature` on the raw body with the official SDK (300 s tolerance) and normalises the event. */
export async function verifyWebhook(mux: MuxApi, rawBody: string, headers: Headers): Promise<VerifiedEvent> {
  if (!mux.canVerifyWebhooks) throw new WebhookRejected('no webhook secret is configured');
  try {
    await mux.verifyWebhookSignature(rawBody, headers);
  } catch (error) {
    throw new WebhookRejected(error instanceof Error ? error.message : 'signature verification failed');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody);
  } catch {
    throw new WebhookRejected('body is not valid JSON');
  }
  return normaliseEvent(payload);
}
