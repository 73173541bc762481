import { createHmac } from 'node:crypto';

/** `mux-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, as Mux signs every delivery. */
export function muxSignature(body: string, secret: string, timestampSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${digest}`;
}
