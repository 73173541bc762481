import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRoute } from '../../src/http/router.js';
import { createStudioRoute, type StudioOptions, studioConfig } from '../../src/http/studio.js';

const SCRIPT = `console.log(${JSON.stringify('studio '.repeat(200))});\n`;

/** The studio route alone on a real HTTP server, over a dist folder made for the test. */
async function serveStudio(options: StudioOptions): Promise<{ url: string; server: Server }> {
  const route = createStudioRoute(options);
  const server = createServer((request, response) => {
    const found = findRoute([route], new URL(request.url ?? '/', 'http://studio').pathname);
    if (found) void found.route.handle(request, response, found.match);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('the studio route', () => {
  let dist: string;
  let built: { url: string; server: Server };
  let unbuilt: { url: string; server: Server };

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'studio-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Caption studio</title>');
    writeFileSync(join(dist, 'assets', 'index-Abc123.js'), SCRIPT);
    writeFileSync(join(dist, 'assets', 'index-Abc123.css'), 'body{margin:0}');
    built = await serveStudio({ distDir: dist, simulated: true, host: '127.0.0.1', developmentKey: 'dev_key' });
    unbuilt = await serveStudio({ distDir: join(dist, 'missing'), simulated: false, host: '127.0.0.1' });
  });
  afterAll(() => {
    built?.server.close();
    unbuilt?.server.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the page at / without caching it, and hashed files for a year', async () => {
    const page = await fetch(`${built.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('Caption studio');

    const script = await fetch(`${built.url}/studio/assets/index-Abc123.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await script.text()).toBe(SCRIPT);
    const style = await fetch(`${built.url}/studio/assets/index-Abc123.css`);
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('gzips when the client asks for it', async () => {
    // fetch would decompress on its own; a raw request shows what is sent.
    const response = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      const headers = { 'accept-encoding': 'gzip' };
      get(`${built.url}/studio/assets/index-Abc123.js`, { headers }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => resolve({ encoding: answer.headers['content-encoding'], body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    expect(response.encoding).toBe('gzip');
    expect(response.body.byteLength).toBeLessThan(SCRIPT.length);
    expect(gunzipSync(response.body).toString()).toBe(SCRIPT);
  });

  it('answers 404 for files it does not have, including paths that try to leave the folder', async () => {
    expect((await fetch(`${built.url}/studio/assets/nothing.js`)).status).toBe(404);
    expect((await fetch(`${built.url}/studio/assets/..%2Findex.html`)).status).toBe(404);
    expect((await fetch(`${built.url}/studio/assets/.hidden`)).status).toBe(404);
  });

  it('says how to build the page when web/dist is missing', async () => {
    const response = await fetch(`${unbuilt.url}/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build:web');
  });

  it('hands the page the development key only on the simulator and on a loopback host', async () => {
    const response = await fetch(`${built.url}/studio/config.json`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ simulated: true, apiKey: 'dev_key' });
    expect(await (await fetch(`${unbuilt.url}/studio/config.json`)).json()).toEqual({ simulated: false });

    const options = { distDir: dist, developmentKey: 'dev_key' };
    expect(studioConfig({ ...options, simulated: true, host: 'localhost' }).apiKey).toBe('dev_key');
    expect(studioConfig({ ...options, simulated: true, host: '::1' }).apiKey).toBe('dev_key');
    expect(studioConfig({ ...options, simulated: true, host: '0.0.0.0' })).toEqual({ simulated: true });
    expect(studioConfig({ ...options, simulated: true, host: '192.168.1.20' })).toEqual({ simulated: true });
    expect(studioConfig({ ...options, simulated: false, host: '127.0.0.1' })).toEqual({ simulated: false });
  });

  it('only reads', async () => {
    const response = await fetch(`${built.url}/`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
