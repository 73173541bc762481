import { Hono } from 'hono';
import { bearerToken } from '../auth/api-keys.js';
import { GatewayError, NotFoundError } from '../errors.js';
import { CAPTION_FILES_PATH } from '../resolvers/mutations/sent-captions.js';
import { loadTranscripts, type TranscriptFormat, type TranscriptView } from '../resolvers/transcripts.js';
import type { GatewayServices } from '../services.js';

const CONTENT_TYPES: Record<TranscriptFormat, string> = {
  vtt: 'text/vtt; charset=utf-8',
  srt: 'application/x-subrip; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

/** Players on other origins fetch captions with an Authorization header, which needs a CORS preflight. */
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, OPTIONS',
  'access-control-allow-headers': 'Authorization',
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

/**
 * Files the gateway serves besides GraphQL. `/transcripts/{id}.vtt|.srt|.txt` with `Authorization: Bearer
 * <API key>` (any role): a stored transcript, read from Mux first if this is its first read; `{id}` is a
 * text track's Mux id, or the Robots job id of premium captions kept without a track, and `?download` asks
 * browsers to save the file. `/caption-files/{id}.vtt`: captions a client sent for Mux to fetch during
 * captionsAdd and captionsReplace, with no key (Mux cannot send one; the id is 144 random bits).
 */
export function fileRoutes(services: GatewayServices): Hono {
  const routes = new Hono();
  const transcriptFile = '/transcripts/:file{[\\w-]+\\.(?:vtt|srt|txt)}';
  routes.options(transcriptFile, (c) => c.body(null, 204, { ...CORS, 'access-control-max-age': '600' }));
  // HEAD is answered by this route too, without the body.
  routes.get(transcriptFile, async (c) => {
    const token = bearerToken(c.req.header('authorization'));
    if (!token || !services.apiKeys.identify(token)) {
      const message = token ? 'The API key is not valid.' : 'An API key is required: send Authorization: Bearer <key>.';
      return c.json({ error: 'unauthenticated', message }, 401, { 'www-authenticate': 'Bearer', ...CORS });
    }
    const file = c.req.param('file');
    const id = file.slice(0, file.lastIndexOf('.'));
    const format = file.slice(file.lastIndexOf('.') + 1) as TranscriptFormat;
    const [transcript = new NotFoundError('transcript', id)] = await loadTranscripts(services, [id]);
    if (transcript instanceof GatewayError) {
      const message = FAILURE_MESSAGES[transcript.code] ?? transcript.message;
      return c.json({ error: transcript.code.toLowerCase(), message }, transcript.httpStatus() as 404, CORS);
    }
    const body = await transcript.as(format);
    const disposition = c.req.query('download') === undefined ? 'inline' : 'attachment';
    return c.body(body, 200, {
      ...CORS,
      'content-type': CONTENT_TYPES[format],
      'content-length': String(Buffer.byteLength(body)),
      'content-disposition': `${disposition}; filename="${await fileName(services, transcript, format)}"`,
      'cache-control': 'private, max-age=60',
      'x-content-type-options': 'nosniff',
    });
  });
  routes.all(transcriptFile, (c) =>
    c.json({ error: 'method_not_allowed', message: 'Use GET.' }, 405, { allow: 'GET, HEAD, OPTIONS', ...CORS }),
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
