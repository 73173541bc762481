import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { getRequestListener } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StudioSetup, studioConfig, studioRoutes } from '../../src/http/studio.js';
import { startChildGateway, stopChildGateways } from '../support/child-gateway.js';

const SCRIPT = `console.log(${JSON.stringify('studio '.repeat(200))});\n`;

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A GET with node:http, not fetch: fetch decodes gzip and brotli itself and sets its own Host. */
function get(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/** The studio's routes alone on a real HTTP server, over a dist folder made for the test. */
async function serveStudio(setup: StudioSetup): Promise<{ url: string; server: Server }> {
  const server = createServer(getRequestListener(studioRoutes(setup).fetch));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('the studio routes', () => {
  let dist: string;
  let built: { url: string; server: Server };
  let unbuilt: { url: string; server: Server };

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'studio-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Caption studio</title>');
    writeFileSync(join(dist, 'assets', 'index-Abc123.js'), SCRIPT);
    writeFileSync(join(dist, 'assets', 'index-Abc123.css'), 'body{margin:0}');
    writeFileSync(join(dist, 'assets', 'logo-Abc123.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    built = await serveStudio({ distDir: dist, simulated: true, host: '127.0.0.1', developmentKey: 'dev_key' });
    unbuilt = await serveStudio({ distDir: join(dist, 'missing'), simulated: false, host: '127.0.0.1' });
  });
  afterAll(() => {
    built?.server.close();
    unbuilt?.server.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the page at / without caching it, and hashed files for a year', async () => {
    const page = await get(`${built.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body.toString()).toContain('Caption studio');

    const script = await get(`${built.url}/studio/assets/index-Abc123.js`);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.headers['x-content-type-options']).toBe('nosniff');
    expect(script.body.toString()).toBe(SCRIPT);
    const style = await get(`${built.url}/studio/assets/index-Abc123.css`);
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('compresses text with brotli or gzip as the browser asks, and leaves images as they are', async () => {
    const url = `${built.url}/studio/assets/index-Abc123.js`;
    const brotli = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.body.byteLength).toBeLessThan(SCRIPT.length);
    expect(brotliDecompressSync(brotli.body).toString()).toBe(SCRIPT);
    const gzip = await get(url, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(SCRIPT);
    expect(gzip.headers.vary).toBe('accept-encoding');

    const image = await get(`${built.url}/studio/assets/logo-Abc123.png`, { 'accept-encoding': 'br' });
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['content-encoding']).toBeUndefined();
  });

  it('answers a revalidation of the same file with a 304', async () => {
    const page = await get(`${built.url}/`, { 'accept-encoding': 'gzip' });
    const again = await get(`${built.url}/`, { 'accept-encoding': 'gzip', 'if-none-match': String(page.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.byteLength).toBe(0);
  });

  it('answers 404 for files it does not have, including paths that try to leave the folder', async () => {
    expect((await get(`${built.url}/studio/assets/nothing.js`)).status).toBe(404);
    expect((await get(`${built.url}/studio/assets/..%2Findex.html`)).status).toBe(404);
    expect((await get(`${built.url}/studio/assets/.hidden`)).status).toBe(404);
    expect((await get(`${built.url}/studio/assets/../index.html`)).body.toString()).not.toContain('Caption studio');
  });

  it('says how to build the page when web/dist is missing', async () => {
    const response = await get(`${unbuilt.url}/`);
    expect(response.status).toBe(503);
    expect(response.body.toString()).toContain('npm run build:web');
  });

  it('hands the page the development key only on the simulator on loopback, asked for by a loopback name', async () => {
    const config = await get(`${built.url}/studio/config.json`);
    expect(config.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(config.body.toString())).toEqual({ simulated: true, apiKey: 'dev_key' });
    expect(JSON.parse((await get(`${unbuilt.url}/studio/config.json`)).body.toString())).toEqual({
      simulated: false,
    });
    // A page on another name that rebinds it to 127.0.0.1 reaches this server, but names itself in Host.
    const rebound = await get(`${built.url}/studio/config.json`, { host: 'attacker.example:80' });
    expect(JSON.parse(rebound.body.toString())).toEqual({ simulated: true });

    const setup = { distDir: dist, developmentKey: 'dev_key' };
    expect(studioConfig({ ...setup, simulated: true, host: 'localhost' }, '[::1]').apiKey).toBe('dev_key');
    expect(studioConfig({ ...setup, simulated: true, host: '::1' }, 'localhost').apiKey).toBe('dev_key');
    expect(studioConfig({ ...setup, simulated: true, host: '0.0.0.0' }, '127.0.0.1')).toEqual({ simulated: true });
    expect(studioConfig({ ...setup, simulated: true, host: '192.168.1.20' }, '192.168.1.20')).toEqual({
      simulated: true,
    });
    expect(studioConfig({ ...setup, simulated: false, host: '127.0.0.1' }, '127.0.0.1')).toEqual({
      simulated: false,
    });
    expect(studioConfig({ ...setup, simulated: true, host: '127.0.0.1' }, undefined)).toEqual({ simulated: true });
  });

  it('only reads', async () => {
    for (const path of ['/', '/studio/config.json', '/studio/assets/index-Abc123.js']) {
      const response = await fetch(`${built.url}${path}`, { method: 'POST' });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    }
  });
});

describe('npm start from a clean install', () => {
  afterAll(() => stopChildGateways());

  it('serves the studio npm ci built, from the compiled gateway, signed in on the simulator', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'caption-gateway-studio-'));
    try {
      const env = { PORT: '0', SIM_API_PORT: '0', SIM_STREAM_PORT: '0', LOG_LEVEL: 'warn', SIM_SEED_DEMO: 'false' };
      const gateway = await startChildGateway(env, { cwd, compiled: true });
      const page = await get(`${gateway.url}/`);
      expect(page.status).toBe(200);
      const builtPage = readFileSync(fileURLToPath(new URL('../../web/dist/index.html', import.meta.url)), 'utf8');
      expect(page.body.toString()).toBe(builtPage);
      const script = builtPage.match(/src="(\/studio\/assets\/[^"]+\.js)"/)?.[1];
      expect((await get(`${gateway.url}${script}`)).status).toBe(200);
      const config = JSON.parse((await get(`${gateway.url}/studio/config.json`)).body.toString());
      expect(config).toEqual({ simulated: true, apiKey: gateway.devKey });
    } finally {
      await stopChildGateways();
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
