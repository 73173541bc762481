import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type { Context } from 'hono';
import type { RouteRegistrar } from '../app.js';
import { muxId } from '../ids.js';
import type { SigningKeyRecord } from '../state.js';
import { lookup } from '../video/lookup.js';
import { pageOf } from '../video/paging.js';
import { listQuery } from '../video/schemas.js';
import { parseInput } from '../video/validation.js';

const SIGNING_KEYS = '/system/v1/signing-keys';
const generateRsaKeyPair = promisify(generateKeyPair);

function signingKeyView(record: SigningKeyRecord): { id: string; created_at: string } {
  return { id: record.id, created_at: String(record.createdAt) };
}

/**
 * URL signing keys: Mux returns the RSA private key once, as a base64-encoded PEM, and keeps only what it
 * needs to verify playback tokens, which is all the simulator keeps too.
 */
export const registerSigningKeyRoutes: RouteRegistrar = (api, _stream, context) => {
  const { state } = context;
  const lookupKey = (c: Context) => lookup(c, c.req.param('signingKeyId') ?? '', (id) => state.signingKeys.get(id));

  api.post(SIGNING_KEYS, async (c) => {
    const { publicKey, privateKey } = await generateRsaKeyPair('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    const record: SigningKeyRecord = { id: muxId(), createdAt: context.clock.nowSeconds(), publicKeyPem: publicKey };
    state.signingKeys.set(record.id, record);
    return c.json(
      { data: { ...signingKeyView(record), private_key: Buffer.from(privateKey).toString('base64') } },
      201,
    );
  });

  api.get(SIGNING_KEYS, (c) => {
    const query = parseInput(c, listQuery, c.req.query());
    if (!query.ok) return query.response;
    const newestFirst = [...state.signingKeys.values()].reverse().map(signingKeyView);
    return c.json({ data: pageOf(newestFirst, query.data) });
  });

  api.get(`${SIGNING_KEYS}/:signingKeyId`, (c) => {
    const found = lookupKey(c);
    return found.ok ? c.json({ data: signingKeyView(found.value) }) : found.response;
  });

  api.delete(`${SIGNING_KEYS}/:signingKeyId`, (c) => {
    const found = lookupKey(c);
    if (!found.ok) return found.response;
    state.signingKeys.delete(found.value.id);
    return c.body(null, 204);
  });
};
