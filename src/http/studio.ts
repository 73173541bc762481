import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { getMimeType } from 'hono/utils/mime';
import { isLoopbackHost } from '../loopback.js';
import { CompressedBody } from './compressed.js';

export interface StudioSetup {
  /** The Vite build of `web/`: `index.html` and its hashed files under `assets/`. */
  distDir: string;
  /** True when the gateway talks to the built-in simulator. */
  simulated: boolean;
  /** The interface the gateway listens on. */
  host: string;
  /** The simulator's development key, handed to the page so it opens signed in. */
  developmentKey?: string | undefined;
}

/** What the page reads before anything else. */
export interface StudioConfig {
  simulated: boolean;
  apiKey?: string;
}

/** Vite's hashed file names (`index-0NZfct4d.js`): no folders, nothing hidden. */
const ASSET_PATH = '/studio/assets/:name{[\\w-][\\w.-]*}';
const CONFIG_PATH = '/studio/config.json';
const HASHED_FILE_CACHE = 'public, max-age=31536000, immutable';

/** The host a request was sent to, without its port; undefined when the header is not a host. */
function requestHostName(hostHeader: string | undefined): string | undefined {
  const url = `http://${hostHeader ?? ''}`;
  return hostHeader && URL.canParse(url) ? new URL(url).hostname : undefined;
}

/**
 * The development key goes to the page only on the simulator, only when the gateway listens where this machine
 * alone can reach it (anyone who opens the page is handed an admin key), and only to a request addressed to a
 * loopback name, so that a page elsewhere that rebinds its own name to 127.0.0.1 is not handed it either.
 */
export function studioConfig(setup: StudioSetup, requestHost: string | undefined): StudioConfig {
  const handOver =
    setup.simulated &&
    setup.developmentKey !== undefined &&
    isLoopbackHost(setup.host) &&
    requestHost !== undefined &&
    isLoopbackHost(requestHost);
  return handOver ? { simulated: true, apiKey: setup.developmentKey } : { simulated: setup.simulated };
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

const isText = (contentType: string) => /^text\/|json|svg/.test(contentType);

/**
 * The caption studio: the page at `/`, its hashed files at `/studio/assets/*` and what it reads first at
 * `/studio/config.json`. Hashed files never change under their name, so each is read and compressed once and
 * kept; the page itself is read at each request, so a new build shows at the next reload.
 */
export function studioRoutes(setup: StudioSetup): Hono {
  const routes = new Hono();
  const assets = new Map<string, { body: CompressedBody; contentType: string }>();
  const notAllowed = () => new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });

  // HEAD is answered by these routes too, without the body.
  routes.get('/', async (c) => {
    const page = await readIfPresent(join(setup.distDir, 'index.html'));
    if (!page) {
      return c.text('The caption studio is not built yet: run `npm run build:web`, then reload.\n', 503, {
        'cache-control': 'no-store',
      });
    }
    return new CompressedBody(page).respond(c, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
  });
  routes.get(ASSET_PATH, async (c) => {
    const name = c.req.param('name');
    let asset = assets.get(name);
    if (!asset) {
      const raw = await readIfPresent(join(setup.distDir, 'assets', name));
      if (!raw) return c.json({ error: 'not_found', message: `No studio file ${name}.` }, 404);
      const contentType = getMimeType(name) ?? 'application/octet-stream';
      asset = { body: new CompressedBody(raw, isText(contentType)), contentType };
      assets.set(name, asset);
    }
    return asset.body.respond(c, {
      'content-type': asset.contentType,
      'cache-control': HASHED_FILE_CACHE,
      'x-content-type-options': 'nosniff',
    });
  });
  routes.get(CONFIG_PATH, (c) =>
    c.json(studioConfig(setup, requestHostName(c.req.header('host'))), 200, { 'cache-control': 'no-store' }),
  );
  for (const path of ['/', ASSET_PATH, CONFIG_PATH]) routes.all(path, notAllowed);
  return routes;
}
