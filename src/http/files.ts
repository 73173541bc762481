import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { bearerToken } from '../auth/api-keys.js';
import type { FileUrlRefusal } from '../auth/file-urls.js';
import { GatewayError, NotFoundError } from '../errors.js';
import { CAPTION_FILES_PATH } from '../resolvers/mutations/sent-captions.js';
import {
  loadTranscripts,
  TRANSCRIPTS_PATH,
  type TranscriptFormat,
  type TranscriptView,
} from '../resolvers/transcripts.js';
import type { GatewayServices } from '../services.js';
import { CORS_ALLOWED_HEADERS, CORS_MAX_AGE_SECONDS, corsOriginPolicy } from './cors.js';

const CONTENT_TYPES: Record<TranscriptFormat, string> = {
  vtt: 'text/vtt; charset=utf-8',
  srt: 'application/x-subrip; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

const REFUSALS: Record<FileUrlRefusal, string> = {
  expired: 'This link has expired: ask the API for a new one (Transcript.fileUrl).',
  invalid: 'This link is not valid for this file: ask the API for one (Transcript.fileUrl).',
};

/** "Product launch (final)" -> "Product-launch-final": a download name safe in any header and file system. */
async function fileName(services: GatewayServices, transcript: TranscriptView, format: TranscriptFormat) {
  const { assetId, languageCode } = transcript.row;
  const title = (await services.store.assets.byIds([assetId])).get(assetId)?.title ?? '';
  const slug = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/[^\w-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80);
  return `${slug(title) || slug(assetId)}.${slug(languageCode ?? '') || 'und'}.${format}`;
}

const FAILURE_MESSAGES: Partial<Record<GatewayError['code'], string>> = {
  NOT_FOUND: 'No transcript for this id: give a ready text track’s Mux id.',
};

/** Why a request for a transcript file may not have it, or undefined when it may. */
async function refusal(services: GatewayServices, c: Context): Promise<{ error: string; message: string } | undefined> {
  const signed = c.req.query('token');
  if (signed !== undefined) {
    const refused = await services.fileUrls.refusal(signed, c.req.path);
    return refused && { error: refused === 'expired' ? 'link_expired' : 'link_invalid', message: REFUSALS[refused] };
  }
  const key = bearerToken(c.req.header('authorization'));
  if (key && services.apiKeys.identify(key)) return undefined;
  const message = key
    ? 'The API key is not valid.'
    : 'An API key is required: send Authorization: Bearer <key>, or use a signed link (Transcript.fileUrl).';
  return { error: 'unauthenticated', message };
}

/**
 * Files the gateway serves besides GraphQL. `/transcripts/{id}.vtt|.srt|.txt`, with `Authorization: Bearer
 * <API key>` (any role) or a signed link's `?token=` (for a `<track src>`, which cannot send a header): a stored
 * transcript, read from Mux first if this is its first read; `{id}` is a text track's Mux id, or the Robots job
 * id of premium captions kept without a track, and `?download` asks browsers to save the file.
 * `/caption-files/{id}.vtt`: captions a client sent for Mux to fetch during captionsAdd and captionsReplace, with
 * no key (Mux cannot send one; the id is 144 random bits).
 */
export function fileRoutes(services: GatewayServices): Hono {
  const routes = new Hono();
  const transcriptFile = `${TRANSCRIPTS_PATH}/:file{[\\w-]+\\.(?:vtt|srt|txt)}`;
  const corsOrigin = corsOriginPolicy(services.settings);
  routes.use(
    transcriptFile,
    cors({
      origin: (origin) => corsOrigin(origin),
      allowMethods: ['GET', 'HEAD', 'OPTIONS'],
      allowHeaders: CORS_ALLOWED_HEADERS,
      maxAge: CORS_MAX_AGE_SECONDS,
    }),
  );
  // HEAD is answered by this route too, without the body.
  routes.get(transcriptFile, async (c) => {
    const refused = await refusal(services, c);
    if (refused) {
      const challenge = refused.error === 'unauthenticated' ? { 'www-authenticate': 'Bearer' } : undefined;
      return c.json(refused, refused.error === 'unauthenticated' ? 401 : 403, challenge);
    }
    const file = c.req.param('file');
    const id = file.slice(0, file.lastIndexOf('.'));
    const format = file.slice(file.lastIndexOf('.') + 1) as TranscriptFormat;
    const [transcript = new NotFoundError('transcript', id)] = await loadTranscripts(services, [id]);
    if (transcript instanceof GatewayError) {
      const message = FAILURE_MESSAGES[transcript.code] ?? transcript.message;
      return c.json({ error: transcript.code.toLowerCase(), message }, transcript.httpStatus() as 404);
    }
    const body = await transcript.as(format);
    const disposition = c.req.query('download') === undefined ? 'inline' : 'attachment';
    return c.body(body, 200, {
      'content-type': CONTENT_TYPES[format],
      'content-length': String(Buffer.byteLength(body)),
      'content-disposition': `${disposition}; filename="${await fileName(services, transcript, format)}"`,
      // A signed link may be shared further than its caller meant; no cache keeps the file past the request.
      'cache-control': c.req.query('token') === undefined ? 'private, max-age=60' : 'private, no-store',
      'x-content-type-options': 'nosniff',
    });
  });
  routes.all(transcriptFile, (c) =>
    c.json({ error: 'method_not_allowed', message: 'Use GET.' }, 405, { allow: 'GET, HEAD, OPTIONS' }),
  );
  routes.get(`${CAPTION_FILES_PATH}/:file{[A-Za-z0-9_-]{20,64}\\.vtt}`, async (c) => {
    const file = await services.store.captionFiles.byId(c.req.param('file').replace(/\.vtt$/, ''));
    if (!file) return c.json({ error: 'not_found', message: 'No such caption file.' }, 404);
    return c.body(file.vtt, 200, {
      'content-type': 'text/vtt; charset=utf-8',
      'cache-control': 'private, max-age=3600',
    });
  });
  return routes;
}
