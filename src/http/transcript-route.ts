import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken } from '../auth/api-keys.js';
import { GatewayError, NotFoundError } from '../errors.js';
import { loadTranscripts, type TranscriptFormat, type TranscriptView } from '../resolvers/transcripts.js';
import type { GatewayServices } from '../services.js';
import { sendJson } from './respond.js';

/** Mux ids and Robots job ids are letters, digits, '_' and '-'. */
export const TRANSCRIPT_FILE_PATH = /^\/transcripts\/([\w-]+)\.(vtt|srt|txt)$/;

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
async function fileName(
  services: GatewayServices,
  transcript: TranscriptView,
  format: TranscriptFormat,
): Promise<string> {
  const title = (await services.store.assets.byIds([transcript.row.assetId])).get(transcript.row.assetId)?.title ?? '';
  const slug = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/[^\w-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80);
  return `${slug(title) || slug(transcript.row.assetId)}.${slug(transcript.row.languageCode ?? '') || 'und'}.${format}`;
}

const FAILURE_MESSAGES: Partial<Record<GatewayError['code'], string>> = {
  NOT_FOUND: 'No transcript for this id: give a ready text track’s Mux id.',
  UPSTREAM_ERROR: 'Mux could not give this transcript; try again shortly.',
  RATE_LIMITED: 'Mux could not give this transcript; try again shortly.',
};

function failure(response: ServerResponse, error: GatewayError): void {
  sendJson(
    response,
    error.httpStatus(),
    { error: error.code.toLowerCase(), message: FAILURE_MESSAGES[error.code] ?? error.message },
    CORS,
  );
}

/**
 * GET /transcripts/{id}.vtt|.srt|.txt with `Authorization: Bearer <API key>` (any role): a stored transcript,
 * read from Mux first if this is its first read. `{id}` is a text track's Mux id, or the Robots job id of
 * premium captions kept without a track. `?download` asks browsers to save the file rather than show it.
 */
export async function serveTranscriptFile(
  services: GatewayServices,
  request: IncomingMessage,
  response: ServerResponse,
  match: RegExpExecArray,
): Promise<void> {
  if (request.method === 'OPTIONS') {
    response.writeHead(204, { ...CORS, 'access-control-max-age': '600' }).end();
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendJson(
      response,
      405,
      { error: 'method_not_allowed', message: 'Use GET.' },
      { allow: 'GET, HEAD, OPTIONS', ...CORS },
    );
    return;
  }
  const token = bearerToken(request.headers.authorization);
  if (!token || !services.apiKeys.identify(token)) {
    const message = token ? 'The API key is not valid.' : 'An API key is required: send Authorization: Bearer <key>.';
    sendJson(response, 401, { error: 'unauthenticated', message }, { 'www-authenticate': 'Bearer', ...CORS });
    return;
  }
  const id = match[1] ?? '';
  const format = match[2] as TranscriptFormat;
  const [transcript = new NotFoundError('transcript', id)] = await loadTranscripts(services, [id]);
  if (transcript instanceof GatewayError) {
    failure(response, transcript);
    return;
  }
  const body = await transcript.as(format);
  const disposition = new URL(request.url ?? '/', 'http://gateway').searchParams.has('download')
    ? 'attachment'
    : 'inline';
  response.writeHead(200, {
    ...CORS,
    'content-type': CONTENT_TYPES[format],
    'content-length': Buffer.byteLength(body),
    'content-disposition': `${disposition}; filename="${await fileName(services, transcript, format)}"`,
    'cache-control': 'private, max-age=60',
    'x-content-type-options': 'nosniff',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}
