import type { ServerResponse } from 'node:http';
import { CAPTION_FILES_PATH } from '../resolvers/mutations/replace.js';
import type { GatewayServices } from '../services.js';
import { sendJson } from './respond.js';

export const CAPTION_FILE_PATH = new RegExp(`^${CAPTION_FILES_PATH}/([A-Za-z0-9_-]{20,64})\\.vtt$`);

/**
 * Edited captions, served for Mux to fetch when it creates the replacement track. No API key: Mux cannot
 * send one; the id is 144 random bits, so only whoever was given the URL can read the file.
 */
export async function serveCaptionFile(services: GatewayServices, id: string, response: ServerResponse): Promise<void> {
  const file = await services.store.captionFiles.byId(id);
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
