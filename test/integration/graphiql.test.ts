import { mkdtempSync, rmSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildGateway, startChildGateway, stopChildGateways } from '../support/child-gateway.js';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A GET with node:http, not fetch: fetch decodes gzip and brotli itself, hiding what went over the wire. */
function get(url: string, headers: Record<string, string>): Promise<RawResponse> {
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

/** What a browser sends when it opens the GraphQL address. */
const BROWSER = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

const SIMULATOR_ENV = { PORT: '0', SIM_API_PORT: '0', SIM_STREAM_PORT: '0', LOG_LEVEL: 'warn' };

/** The Authorization headers the page's tabs open with: a compact answer to compare, where the page is 9 MB. */
const bearers = (page: string) => [
  ...new Set([...page.matchAll(/Authorization[\\"]+: [\\"]+(Bearer [^"\\]+)/g)].map((match) => match[1])),
];

/** The page address over loopback, whatever interface the gateway listens on. */
const pageUrl = (gateway: ChildGateway) => `http://127.0.0.1:${new URL(gateway.url).port}/graphql`;

describe('GraphiQL, served by the gateway started on the simulator', () => {
  const folders: string[] = [];
  let loopback: ChildGateway;
  let allInterfaces: ChildGateway;

  // Each gateway runs in a folder of its own, so their ./data/simulator never meet, nor the repository's.
  const start = (host: string) => {
    const cwd = mkdtempSync(join(tmpdir(), 'caption-gateway-graphiql-'));
    folders.push(cwd);
    return startChildGateway({ ...SIMULATOR_ENV, HOST: host }, { cwd });
  };

  beforeAll(async () => {
    [loopback, allInterfaces] = await Promise.all([start('127.0.0.1'), start('0.0.0.0')]);
  });

  afterAll(async () => {
    await stopChildGateways();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  describe('on loopback', () => {
    let identity: RawResponse;

    beforeAll(async () => {
      identity = await get(pageUrl(loopback), { ...BROWSER, 'accept-encoding': 'identity' });
    });

    it('serves the page at /graphql to a browser, uncompressed when no encoding is asked for', () => {
      expect(loopback.graphqlUrl).toBe(pageUrl(loopback));
      expect(identity.status).toBe(200);
      expect(identity.headers['content-type']).toMatch(/^text\/html/);
      expect(identity.headers['content-encoding']).toBeUndefined();
      expect(identity.body.toString().includes('renderYogaGraphiQL')).toBe(true);
    });

    it('puts the development key the banner printed into the page, ready to run', () => {
      expect(loopback.devKey).toMatch(/^dev_/);
      expect(bearers(identity.body.toString())).toEqual([`Bearer ${loopback.devKey}`]);
    });

    it.each([
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ])('sends a %s body that decodes to the same page, at a fraction of its size', async (encoding, decode) => {
      const compressed = await get(pageUrl(loopback), { ...BROWSER, 'accept-encoding': encoding });
      expect(compressed.status).toBe(200);
      expect(compressed.headers['content-encoding']).toBe(encoding);
      expect(compressed.headers.vary).toMatch(/accept-encoding/i);
      expect(decode(compressed.body).equals(identity.body)).toBe(true);
      // About 9 MB of inline scripts: gzip takes it to about 27 %, brotli to about 22 %; a third leaves room.
      expect(compressed.body.length).toBeLessThan(identity.body.length / 3);
    });

    it('prefers brotli when a browser offers both', async () => {
      const response = await get(pageUrl(loopback), { ...BROWSER, 'accept-encoding': 'gzip, deflate, br, zstd' });
      expect(response.headers['content-encoding']).toBe('br');
    });

    it('answers a reload carrying its ETag with a 304 and no body, each encoding with its own ETag', async () => {
      const etags = new Set<string>();
      for (const encoding of ['identity', 'gzip', 'br']) {
        const first = await get(pageUrl(loopback), { ...BROWSER, 'accept-encoding': encoding });
        const etag = first.headers.etag ?? '';
        expect(etag).toMatch(/^"[^"]+"$/);
        expect(first.headers.vary).toMatch(/accept-encoding/i);
        etags.add(etag);
        // As browsers and caches send it: one of several validators, or marked weak.
        for (const ifNoneMatch of [etag, `"an-earlier-page", ${etag}`, `W/${etag}`]) {
          const reload = await get(pageUrl(loopback), {
            ...BROWSER,
            'accept-encoding': encoding,
            'if-none-match': ifNoneMatch,
          });
          expect(reload.status).toBe(304);
          expect(reload.body.length).toBe(0);
          expect(reload.headers.etag).toBe(etag);
        }
      }
      expect(etags.size).toBe(3);
    });

    it('sends the gzip page to a browser that refuses brotli with q=0', async () => {
      const response = await get(pageUrl(loopback), { ...BROWSER, 'accept-encoding': 'br;q=0, gzip' });
      expect(response.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(response.body).equals(identity.body)).toBe(true);
    });

    it('sends the whole page again for an ETag that is not the current one', async () => {
      const response = await get(pageUrl(loopback), {
        ...BROWSER,
        'accept-encoding': 'identity',
        'if-none-match': '"an-earlier-page"',
      });
      expect(response.status).toBe(200);
      expect(response.body.equals(identity.body)).toBe(true);
    });
  });

  describe('listening on every interface (HOST=0.0.0.0)', () => {
    let page: string;

    beforeAll(async () => {
      page = (await get(pageUrl(allInterfaces), { ...BROWSER, 'accept-encoding': 'identity' })).body.toString();
    });

    it('serves a page without the development key, asking the visitor for one', () => {
      expect(page.includes('renderYogaGraphiQL')).toBe(true);
      expect(allInterfaces.devKey).toMatch(/^dev_/);
      expect(bearers(page)).toEqual(['Bearer <your API key>']);
      expect(page.includes(allInterfaces.devKey ?? 'no key printed')).toBe(false);
      expect(page.match(/dev_[A-Za-z0-9_-]{16,}/)?.[0]).toBeUndefined();
    });

    it('prints the key on the console only, where the operator can copy it, and the key works', async () => {
      expect(allInterfaces.stdout()).toContain(`API key    ${allInterfaces.devKey}`);
      expect(allInterfaces.stdout()).toContain(
        'paste it into GraphiQL or the studio: the pages carry it only on loopback',
      );
      expect(allInterfaces.stdout()).toMatch(/GraphiQL {3}http:\/\/localhost:\d+\/graphql/);
      const response = await fetch(pageUrl(allInterfaces), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${allInterfaces.devKey}` },
        body: JSON.stringify({ query: '{ health { ok upstream } }' }),
      });
      expect(await response.json()).toEqual({ data: { health: { ok: true, upstream: 'SIMULATOR' } } });
    });
  });
});
