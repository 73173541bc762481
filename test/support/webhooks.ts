import { createHmac, randomUUID } from 'node:crypto';

/** `mux-signature` exactly as Mux (and the simulator) signs a delivery. */
export function muxSignature(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Mux's event envelope around `data`. */
export function envelope(
  type: string,
  data: Record<string, unknown>,
  id: string = randomUUID(),
): Record<string, unknown> {
  return {
    type,
    id,
    created_at: new Date().toISOString(),
    object: { type: type.split('.')[type.startsWith('robots.') ? 1 : 2] ?? 'unknown', id: data.id },
    environment: { id: 'env', name: 'Test' },
    attempts: [],
    data,
  };
}

/** POSTs an event to a gateway's webhook endpoint, signed with `secret`. */
export function postEvent(
  gatewayUrl: string,
  secret: string,
  event: Record<string, unknown>,
  init: { signal?: AbortSignal } = {},
): Promise<Response> {
  const body = JSON.stringify(event);
  return fetch(`${gatewayUrl}/webhooks/mux`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'mux-signature': muxSignature(body, secret) },
    body,
    ...init,
  });
}
