import { createHash, type Hash } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { SimContext } from '../context.js';
import { videoError } from '../errors.js';
import type { UploadRecord } from '../state.js';
import { requestedPlaybackIds } from './asset-settings.js';
import { lookup } from './lookup.js';
import { pageOf } from './paging.js';
import { createUpload as createUploadBody, listQuery } from './schemas.js';
import { cancelUpload, completeUpload, createUpload, isUploadToken, UPLOAD_PATH } from './uploads.js';
import { invalidParameters, parseInput, parseJsonBody } from './validation.js';

const UPLOADS = '/video/v1/uploads';

/** `Content-Range: bytes <first>-<last>/<total>` of one chunk of a resumable (UpChunk-style) upload. */
function chunkRange(header: string | undefined): { last: number; total: number } | undefined {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header ?? '');
  return match ? { last: Number(match[2]), total: Number(match[3]) } : undefined;
}

/** What the upload URL's storage answers a browser: only the upload's `cors_origin` may send the file. */
function setCorsHeaders(c: Context, record: UploadRecord): void {
  c.header('Access-Control-Allow-Origin', record.upload.cors_origin || '*');
  c.header('Access-Control-Allow-Methods', 'PUT, OPTIONS');
  c.header(
    'Access-Control-Allow-Headers',
    c.req.header('access-control-request-headers') ?? 'Content-Type, Content-Range',
  );
  c.header('Access-Control-Expose-Headers', 'Range');
}

interface ReceivedFile {
  sha256: Hash;
  byteLength: number;
}

/** Feeds the request body into the running hash of the file, without keeping the bytes. */
async function receiveInto(c: Context, file: ReceivedFile): Promise<void> {
  const reader = c.req.raw.body?.getReader();
  if (!reader) return;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    file.sha256.update(chunk.value);
    file.byteLength += chunk.value.byteLength;
  }
}

/**
 * The upload URL: a stand-in for the signed storage URL Mux hands out. The token in the URL authorises the PUT
 * (no API credentials); a single PUT carries the whole file, or chunks with `Content-Range` answered 308 until
 * the last one, as resumable storage uploads work.
 */
function registerUploadTarget(api: Hono, context: SimContext): void {
  const filesInProgress = new Map<string, ReceivedFile>();
  const target = (c: Context): UploadRecord | undefined => {
    const record = context.state.uploads.get(c.req.param('uploadId') ?? '');
    return record && isUploadToken(record, c.req.query('token') ?? '') ? record : undefined;
  };

  api.options(`${UPLOAD_PATH}/:uploadId`, (c) => {
    const record = target(c);
    if (!record) return c.text('Forbidden', 403);
    setCorsHeaders(c, record);
    return c.body(null, 204);
  });

  api.put(`${UPLOAD_PATH}/:uploadId`, async (c) => {
    const record = target(c);
    if (!record) return c.text('The upload URL is not valid.', 403);
    setCorsHeaders(c, record);
    const { upload } = record;
    if (upload.status !== 'waiting') return c.text(`The upload is ${upload.status} and no longer accepts data.`, 403);
    const file = filesInProgress.get(upload.id) ?? { sha256: createHash('sha256'), byteLength: 0 };
    filesInProgress.set(upload.id, file);
    await receiveInto(c, file);
    const range = chunkRange(c.req.header('content-range'));
    if (range && range.last + 1 < range.total) {
      c.header('Range', `bytes=0-${range.last}`);
      return c.body(null, 308);
    }
    filesInProgress.delete(upload.id);
    completeUpload(context, record, { sha256: file.sha256.digest(), byteLength: file.byteLength }, c.req.url);
    return c.body(null, 200);
  });
}

export function registerUploadRoutes(api: Hono, context: SimContext): void {
  const { state } = context;
  const lookupUpload = (c: Context) => lookup(c, c.req.param('uploadId') ?? '', (id) => state.uploads.get(id));

  api.post(UPLOADS, async (c) => {
    const parsed = await parseJsonBody(c, createUploadBody);
    if (!parsed.ok) return parsed.response;
    const playbackIds = requestedPlaybackIds(parsed.data.new_asset_settings ?? {});
    if (typeof playbackIds === 'string') return invalidParameters(c, playbackIds);
    return c.json({ data: createUpload(context, parsed.data) }, 201);
  });

  api.get(UPLOADS, (c) => {
    const query = parseInput(c, listQuery, c.req.query());
    if (!query.ok) return query.response;
    const newestFirst = [...state.uploads.values()].reverse().map((record) => record.upload);
    return c.json({ data: pageOf(newestFirst, query.data) });
  });

  api.get(`${UPLOADS}/:uploadId`, (c) => {
    const found = lookupUpload(c);
    return found.ok ? c.json({ data: found.value.upload }) : found.response;
  });

  api.put(`${UPLOADS}/:uploadId/cancel`, (c) => {
    const found = lookupUpload(c);
    if (!found.ok) return found.response;
    const { upload } = found.value;
    if (!cancelUpload(context, upload)) {
      return videoError(c, 403, 'forbidden', `Cancellation no longer possible: the upload is ${upload.status}`);
    }
    return c.json({ data: upload });
  });

  registerUploadTarget(api, context);
}
