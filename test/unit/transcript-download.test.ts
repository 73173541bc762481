import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadText } from '../../src/mux/downloads.js';
import { UpstreamError } from '../../src/mux/errors.js';
import { CaptionSourceError } from '../../src/transcripts/parse.js';

const LIMIT = 64 * 1024;

describe('downloading caption files from outside', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const path = request.url?.split('?')[0];
      if (path === '/small.vtt') response.end('WEBVTT\n');
      else if (path === '/declared-large')
        response.writeHead(200, { 'content-length': String(LIMIT + 1) }).end('x'.repeat(LIMIT + 1));
      else if (path === '/streamed-large') {
        // No content-length: the size is only known by reading.
        for (let sent = 0; sent <= LIMIT; sent += 1024) response.write('x'.repeat(1024));
        response.end();
      } else if (path === '/expired')
        response.writeHead(400, { 'content-type': 'application/xml' }).end('<Error><Code>ExpiredToken</Code></Error>');
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads a file within the limit', async () => {
    expect(await downloadText(`${base}/small.vtt`, LIMIT, 'The stream host')).toBe('WEBVTT\n');
  });

  it('stops at the limit, whether the size is declared or only streamed', async () => {
    await expect(downloadText(`${base}/declared-large`, LIMIT, 'The stream host')).rejects.toThrow(CaptionSourceError);
    await expect(downloadText(`${base}/streamed-large`, LIMIT, 'The stream host')).rejects.toThrow(
      `The stream host sent more than ${LIMIT} bytes`,
    );
  });

  it('reports failures as upstream errors that never repeat the URL (it may hold a token)', async () => {
    const notFound = await downloadText(`${base}/gone.vtt?token=secret-token`, LIMIT, 'The stream host').catch(
      (error: unknown) => error,
    );
    expect(notFound).toBeInstanceOf(UpstreamError);
    expect((notFound as UpstreamError).failure).toMatchObject({ kind: 'not_found', status: 404 });
    const expired = await downloadText(
      `${base}/expired?X-Goog-Signature=secret-signature`,
      LIMIT,
      'Robots’ SRT output',
    ).catch((error: unknown) => error);
    expect((expired as UpstreamError).failure).toMatchObject({
      kind: 'rejected',
      status: 400,
      messages: ['Robots’ SRT output answered HTTP 400'],
    });
    const unreachable = await downloadText('http://127.0.0.1:1/x?token=secret-token', LIMIT, 'The stream host').catch(
      (error: unknown) => error,
    );
    expect((unreachable as UpstreamError).failure.kind).toBe('unavailable');
    expect(
      JSON.stringify(
        [notFound, expired, unreachable].map((error) => [String(error), (error as UpstreamError).failure]),
      ),
    ).not.toContain('secret');
  });
});
