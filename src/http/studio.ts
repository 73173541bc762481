import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { sendJson } from './respond.js';
import type { Route } from './router.js';

const gzip = promisify(gzipCallback);

export interface StudioOptions {
  /** The Vite build of `web/`: `index.html` and its hashed files under `assets/`. */
  distDir: string;
  /** True when the gateway talks to the built-in simulator. */
  simulated: boolean;
  /** The interface the gateway listens on. */
  host: string;
  /** The simulator's development key, handed to the page so it opens signed in. */
  developmentKey?: string | undefined;
}

export interface StudioConfig {
  simulated: boolean;
  apiKey?: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.map']);

/** The page at `/`, its hashed files (the Vite `base`), and what the page asks first. */
const STUDIO_PATH = /^\/(?:studio\/(?:(config\.json)|assets\/([\w-][\w.-]*)))?$/;

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/**
 * The development key goes to the page only on the simulator and only when the gateway is reachable from this
 * machine alone: anyone who can open the page would be handed an admin key.
 */
export function studioConfig(options: StudioOptions): StudioConfig {
  const shareKey = options.simulated && isLoopbackHost(options.host) && options.developmentKey !== undefined;
  return shareKey ? { simulated: true, apiKey: options.developmentKey } : { simulated: options.simulated };
}

async function readIfPresent(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') return undefined;
    throw error;
  }
}

async function sendFile(
  request: IncomingMessage,
  response: ServerResponse,
  body: Buffer,
  extension: string,
  cacheControl: string,
): Promise<void> {
  const compress = COMPRESSIBLE.has(extension) && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
  const sent = compress ? await gzip(body) : body;
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
    'content-length': sent.byteLength,
    'cache-control': cacheControl,
    'x-content-type-options': 'nosniff',
    vary: 'accept-encoding',
    ...(compress ? { 'content-encoding': 'gzip' } : {}),
  });
  response.end(request.method === 'HEAD' ? undefined : sent);
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(text);
}

/** The caption studio: the web page (`/`), its files (`/studio/assets/*`) and its configuration. */
export function createStudioRoute(options: StudioOptions): Route {
  const config = studioConfig(options);
  return {
    path: STUDIO_PATH,
    async handle(request, response, match) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      const [, configFile, assetName] = match;
      if (configFile) {
        sendJson(response, 200, config, { 'cache-control': 'no-store' });
        return;
      }
      if (assetName) {
        const body = await readIfPresent(join(options.distDir, 'assets', assetName));
        if (body) await sendFile(request, response, body, extname(assetName), 'public, max-age=31536000, immutable');
        else sendText(response, 404, `No studio file ${assetName}.`);
        return;
      }
      const page = await readIfPresent(join(options.distDir, 'index.html'));
      if (page) await sendFile(request, response, page, '.html', 'no-cache');
      else sendText(response, 503, 'The caption studio is not built yet: run `npm run build:web`, then reload.\n');
    },
  };
}
