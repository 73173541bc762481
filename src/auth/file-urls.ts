import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

/** The shortest and longest a signed file URL may live: long enough to start playback, short enough to leak little. */
export const FILE_URL_LIFETIME = { minSeconds: 60, maxSeconds: 86_400, defaultSeconds: 3_600 } as const;

/** Why a signed file URL was refused. */
export type FileUrlRefusal = 'expired' | 'invalid';

/**
 * Signed, short-lived links to the gateway's own files, for clients that cannot send a header (a `<track src>`,
 * a download link). The token is an HS256 JWT naming the one path it opens and when it stops opening it; any
 * instance holding the same secret accepts it.
 */
export class FileUrlSigner {
  readonly #key: Uint8Array;

  /** `secret` is the FILE_URL_SECRET setting; without one, a random key that lasts as long as this process. */
  constructor(secret: string | undefined) {
    this.#key = secret ? new TextEncoder().encode(secret) : randomBytes(32);
  }

  /** A token opening `path` for `lifetimeSeconds`. */
  async sign(path: string, lifetimeSeconds: number, now = new Date()): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(path)
      .setIssuedAt(now)
      .setExpirationTime(Math.floor(now.getTime() / 1000) + lifetimeSeconds)
      .sign(this.#key);
  }

  /** Undefined when `token` opens `path` now; otherwise why not. */
  async refusal(token: string, path: string): Promise<FileUrlRefusal | undefined> {
    try {
      await jwtVerify(token, this.#key, { subject: path, algorithms: ['HS256'], requiredClaims: ['exp'] });
      return undefined;
    } catch (error) {
      return error instanceof errors.JWTExpired ? 'expired' : 'invalid';
    }
  }
}
