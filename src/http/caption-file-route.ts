import type { ServerResponse } from 'node:http';
import type { GatewayServices } from '../context.js';
import { captionFileById } from '../db/caption-files.js';
import { sendJson } from './respond.js';

export const CAPTION_FILE_PATH = /^\/caption-files\/([A-Za-z0-9_-]{20,64})\.vtt$/;

/**
 * Edited captions, served for Mux to fetch when it creates the replacement track. No API key: Mux cannot
 * send one; the id is 144 random bits, so only whoever was given the URL can read the file.
 */
export function serveCaptionFile(services: GatewayServices, id: string, response: ServerResponse): void {
  const file = captionFileById(services.db, id);
  if (!file) {
    sendJson(response, 404, { error: 'not_found', message: 'No such caption file.' });
    return;
  }
  response.writeHead(200, {
    'content-type': 'text/vtt; charset=utf-8',
    'content-length': Buffer.byteLength(file.vtt),
    'cache-control': 'private, max-age=3600',
  });
  response.end(file.vtt);
}
