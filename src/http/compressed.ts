import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Context } from 'hono';

type Encoding = 'br' | 'gzip' | 'identity';

const COMPRESS: Record<Encoding, (raw: Buffer) => Buffer> = {
  br: (raw) => brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
  gzip: (raw) => gzipSync(raw, { level: 6 }),
  identity: (raw) => raw,
};

/** brotli, else gzip, else none: what the browser accepts (a `q=0` refuses), in that order of preference. */
function preferredEncoding(acceptEncoding: string | undefined): Encoding {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, ...params]) => !params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param)))
      .map(([name]) => name?.trim().toLowerCase()),
  );
  if (accepted.has('br')) return 'br';
  return accepted.has('gzip') ? 'gzip' : 'identity';
}

/** `If-None-Match` lists validators (weak ones compare by their opaque part) or is `*`. */
function matchesETag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/**
 * A body the gateway sends to browsers as they accept it: brotli or gzip, each made on first ask and then kept
 * (so making one costs nothing until a browser wants it), with a strong ETag per encoding, so a reload that
 * revalidates costs a 304. Bodies that compression would not shrink (images, fonts) are sent as they are.
 */
export class CompressedBody {
  readonly #raw: Buffer;
  readonly #compressible: boolean;
  readonly #hash: string;
  readonly #bodies = new Map<Encoding, Buffer>();

  constructor(raw: Buffer, compressible = true) {
    this.#raw = raw;
    this.#compressible = compressible;
    this.#hash = createHash('sha256').update(raw).digest('base64url').slice(0, 27);
  }

  #body(encoding: Encoding): Buffer {
    let body = this.#bodies.get(encoding);
    if (!body) {
      body = COMPRESS[encoding](this.#raw);
      this.#bodies.set(encoding, body);
    }
    return body;
  }

  /** The answer to `c`'s request, with `headers` (content type, caching) and the encoding's own validator. */
  respond(c: Context, headers: Record<string, string>): Response {
    const encoding = this.#compressible ? preferredEncoding(c.req.header('accept-encoding')) : 'identity';
    // Each encoding is its own representation, so each has its own strong validator.
    const etag = `"${this.#hash}-${encoding}"`;
    const sent: Record<string, string> = { ...headers, etag, vary: 'accept-encoding' };
    if (matchesETag(c.req.header('if-none-match'), etag)) return c.body(null, 304, sent);
    if (encoding !== 'identity') sent['content-encoding'] = encoding;
    return c.body(new Uint8Array(this.#body(encoding)), 200, sent);
  }
}
