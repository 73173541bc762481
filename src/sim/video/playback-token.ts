/**
 * Signed playback: a `?token=` JWT signed (RS256) with one of the environment's signing keys. `sub` must be the
 * playback ID, `aud` the kind of access (`v` for video and text tracks), `exp` still ahead of the simulator's
 * clock (so `clock.advance` expires tokens). The key id is read from the payload (Node SDK) or the JOSE header
 * (other SDKs).
 */
import { createPublicKey } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import type { SimContext } from '../context.js';

export type TokenCheck = { ok: true } | { ok: false; reason: string };

function signingKeyIdOf(token: string): string | undefined {
  const fromHeader = decodeProtectedHeader(token).kid;
  const fromPayload = decodeJwt(token).kid;
  if (typeof fromHeader === 'string') return fromHeader;
  return typeof fromPayload === 'string' ? fromPayload : undefined;
}

export async function checkPlaybackToken(
  context: SimContext,
  playbackId: string,
  token: string | undefined,
  audience = 'v',
): Promise<TokenCheck> {
  if (!token) return { ok: false, reason: 'a token is required for this playback ID' };
  let keyId: string | undefined;
  try {
    keyId = signingKeyIdOf(token);
  } catch {
    return { ok: false, reason: 'the token is not a JWT' };
  }
  if (keyId === undefined) return { ok: false, reason: 'the token names no signing key (kid)' };
  const signingKey = context.state.signingKeys.get(keyId);
  if (!signingKey) return { ok: false, reason: `signing key ${keyId} does not exist` };
  try {
    await jwtVerify(token, createPublicKey(signingKey.publicKeyPem), {
      algorithms: ['RS256'],
      audience,
      subject: playbackId,
      requiredClaims: ['exp'],
      currentDate: new Date(context.clock.now()),
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'the token is invalid' };
  }
}
