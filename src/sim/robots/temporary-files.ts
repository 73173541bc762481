import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import type { SimContext } from '../context.js';

/** Robots' output URLs stop working 7 days after the job completes. */
export const TEMPORARY_URL_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

const ROUTE_PREFIX = '/_temporary';

export interface TemporaryFileSpec {
  body: string;
  contentType: string;
  /** File extension the URL ends with (`srt`, `vtt`, `json`), as on a storage object. */
  extension: string;
}

/**
 * Stores a job output behind an unguessable URL on the stream host, standing in for the pre-signed storage URL
 * (storage.googleapis.com) real Robots hands out. The lifetime starts now, so publish at completion.
 */
export function publishTemporaryFile(context: SimContext, spec: TemporaryFileSpec): string {
  releaseExpiredBodies(context);
  const token = randomBytes(24).toString('base64url');
  context.state.temporaryFiles.set(token, {
    body: spec.body,
    contentType: spec.contentType,
    expiresAtMs: context.clock.now() + TEMPORARY_URL_LIFETIME_MS,
  });
  return `${context.urls.stream}${ROUTE_PREFIX}/${token}.${spec.extension}`;
}

/**
 * An expired URL must still answer "expired" rather than "unknown", so its entry stays, but the file behind
 * it can go: a long-running simulator then holds only a few bytes per expired output.
 */
function releaseExpiredBodies(context: SimContext): void {
  const now = context.clock.now();
  for (const file of context.state.temporaryFiles.values()) if (now >= file.expiresAtMs) file.body = '';
}

/** Google Cloud Storage's XML error document, which is what an expired or unknown signed URL returns. */
function storageError(code: string, message: string, details?: string): string {
  const detail = details ? `<Details>${details}</Details>` : '';
  return (
    `<?xml version='1.0' ` +
    `encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message>${detail}</Error>`
  );
}

const XML = { 'content-type': 'application/xml; charset=UTF-8' };

export function registerTemporaryFileRoute(stream: Hono, context: SimContext): void {
  stream.get(`${ROUTE_PREFIX}/:name`, (c) => {
    const token = c.req.param('name').replace(/\.[a-z]+$/, '');
    const file = context.state.temporaryFiles.get(token);
    if (!file) {
      return c.body(storageError('NoSuchKey', 'The specified key does not exist.'), 404, XML);
    }
    if (context.clock.now() >= file.expiresAtMs) {
      // GCS answers an expired V4 signature with 400 ExpiredToken; the object itself is gone from Robots too.
      const expiredAt = new Date(file.expiresAtMs).toISOString();
      return c.body(
        storageError(
          'ExpiredToken',
          'Invalid argument.',
          `The provided token has expired. Request signature expired at: ${expiredAt}`,
        ),
        400,
        XML,
      );
    }
    return c.body(file.body, 200, { 'content-type': file.contentType });
  });
}
