import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Mux ids are opaque base62 strings; 32 characters looks like the real ones and never collides here. */
export function muxId(length = 32): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

export function robotsJobId(): string {
  return `rjob_${muxId(24)}`;
}
