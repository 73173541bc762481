import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyAssetWithCaptions } from '../support/assets.js';
import { authorization, graphql, type Stack, startStack } from '../support/stack.js';

const SECRET = 'a-file-url-secret-of-at-least-32-characters';
const PAGE_ON_ANOTHER_SITE = 'https://captions.example.com';

interface FileLinkAnswer {
  asset: { transcript: { vtt: string; srt: string; vttLink: string; srtLink: string } | null } | null;
}

/** A transcript's VTT and SRT, and signed links to both, as a viewer asks for them. */
async function linksOf(stack: Stack, assetId: string, expiresInSeconds = 600) {
  const { body } = await graphql<FileLinkAnswer>(
    stack.gateway,
    `query($id: String!, $expires: Int!) { asset(muxId: $id) { transcript(languageCode: "en") { vtt srt ` +
      `vttLink: fileUrl(expiresInSeconds: $expires) srtLink: fileUrl(format: SRT, download: true) } } }`,
    { id: assetId, expires: expiresInSeconds },
  );
  const transcript = body.data?.asset?.transcript;
  if (!transcript) throw new Error(`no transcript: ${JSON.stringify(body)}`);
  return transcript;
}

describe('signed links to transcript files', () => {
  let stack: Stack;
  let assetId: string;
  let trackId: string;

  beforeAll(async () => {
    stack = await startStack({ fileUrlSecret: SECRET, corsOrigins: [PAGE_ON_ANOTHER_SITE] });
    ({ assetId, trackId } = await readyAssetWithCaptions(stack));
  });
  afterAll(() => stack.close());

  it('opens the file without a header, on the gateway’s own address, for the format asked', async () => {
    const links = await linksOf(stack, assetId);
    expect(links.vttLink.startsWith(`${stack.gateway.url}/transcripts/${trackId}.vtt?token=`)).toBe(true);
    const vtt = await fetch(links.vttLink);
    expect(vtt.status).toBe(200);
    expect(vtt.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(vtt.headers.get('cache-control')).toBe('private, no-store');
    expect(await vtt.text()).toBe(links.vtt);

    const srt = await fetch(links.srtLink);
    expect(srt.status).toBe(200);
    expect(srt.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.en\.srt"$/);
    expect(await srt.text()).toBe(links.srt);
  });

  it('refuses a link whose token was changed, or used for another file', async () => {
    const { vttLink } = await linksOf(stack, assetId);
    const token = new URL(vttLink).searchParams.get('token') ?? '';
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const refusals = await Promise.all([
      fetch(`${stack.gateway.url}/transcripts/${trackId}.vtt?token=${tampered}`),
      fetch(`${stack.gateway.url}/transcripts/${trackId}.srt?token=${token}`),
      fetch(`${stack.gateway.url}/transcripts/${trackId}.vtt?token=`),
    ]);
    for (const refused of refusals) {
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({
        error: 'link_invalid',
        message: expect.stringContaining('fileUrl'),
      });
    }
  });

  it('refuses a link once it has expired', async () => {
    const path = `/transcripts/${trackId}.vtt`;
    const anHourAgo = new Date(Date.now() - 3_600_000);
    const expired = await stack.gateway.services.fileUrls.sign(path, 60, anHourAgo);
    const answer = await fetch(`${stack.gateway.url}${path}?token=${expired}`);
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ error: 'link_expired' });

    const current = await stack.gateway.services.fileUrls.sign(path, 60);
    expect((await fetch(`${stack.gateway.url}${path}?token=${current}`)).status).toBe(200);
  });

  it('refuses a lifetime outside its bounds with a typed error naming the argument', async () => {
    for (const expires of [59, 86_401]) {
      const { body } = await graphql(
        stack.gateway,
        `query($id: String!, $expires: Int!) { asset(muxId: $id) { transcript(languageCode: "en") { ` +
          `fileUrl(expiresInSeconds: $expires) } } }`,
        { id: assetId, expires },
      );
      expect(body.errors?.[0]).toMatchObject({
        message: expect.stringContaining('expiresInSeconds must be from 60 to 86400'),
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
  });

  it('keeps opening after a restart when the secret is set, as it would on another instance', async () => {
    const { vttLink } = await linksOf(stack, assetId);
    await stack.restartGateway();
    expect((await fetch(vttLink)).status).toBe(200);
  });

  it('answers a page on a listed origin, without credentials, and no other origin', async () => {
    const { vttLink } = await linksOf(stack, assetId);
    const listed = await fetch(vttLink, { headers: { origin: PAGE_ON_ANOTHER_SITE } });
    expect(listed.headers.get('access-control-allow-origin')).toBe(PAGE_ON_ANOTHER_SITE);
    expect(listed.headers.get('access-control-allow-credentials')).toBeNull();
    const unlisted = await fetch(vttLink, { headers: { origin: 'https://elsewhere.example.net' } });
    expect(unlisted.status).toBe(200);
    expect(unlisted.headers.get('access-control-allow-origin')).toBeNull();

    const preflight = await fetch(`${stack.gateway.url}/transcripts/${trackId}.vtt`, {
      method: 'OPTIONS',
      headers: {
        origin: PAGE_ON_ANOTHER_SITE,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(PAGE_ON_ANOTHER_SITE);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const withKey = await fetch(`${stack.gateway.url}/transcripts/${trackId}.vtt`, {
      headers: { ...authorization('viewer'), origin: PAGE_ON_ANOTHER_SITE },
    });
    expect(withKey.status).toBe(200);
  });
});

describe('signed links without FILE_URL_SECRET', () => {
  let stack: Stack;
  let assetId: string;

  beforeAll(async () => {
    stack = await startStack();
    ({ assetId } = await readyAssetWithCaptions(stack));
  });
  afterAll(() => stack.close());

  it('open the file until the process that signed them stops: its key was its own', async () => {
    const { vttLink } = await linksOf(stack, assetId);
    expect((await fetch(vttLink)).status).toBe(200);
    await stack.restartGateway();
    const afterRestart = await fetch(vttLink);
    expect(afterRestart.status).toBe(403);
    expect(await afterRestart.json()).toMatchObject({ error: 'link_invalid' });
  });
});

describe('CORS on the GraphQL endpoint', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ corsOrigins: [PAGE_ON_ANOTHER_SITE] });
  });
  afterAll(() => stack.close());

  const preflight = (origin: string) =>
    fetch(`${stack.gateway.graphqlUrl}`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
  const post = (origin: string) =>
    fetch(stack.gateway.graphqlUrl, {
      method: 'POST',
      headers: { ...authorization('viewer'), 'content-type': 'application/json', origin },
      body: JSON.stringify({ query: '{ health { ok } }' }),
    });

  it('allows a listed origin and, on the simulator, pages on this machine; never with credentials', async () => {
    for (const origin of [PAGE_ON_ANOTHER_SITE, 'http://localhost:5173', 'http://127.0.0.1:4000']) {
      const answer = await preflight(origin);
      expect(answer.status).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
      expect(answer.headers.get('access-control-allow-headers')).toBe('authorization, content-type, accept');
      expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
      const posted = await post(origin);
      expect(posted.headers.get('access-control-allow-origin')).toBe(origin);
      expect(posted.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('gives no other origin a CORS answer, so its browser withholds the response', async () => {
    for (const origin of ['https://evil.example', 'http://localhost.evil.example']) {
      expect((await preflight(origin)).headers.get('access-control-allow-origin')).toBeNull();
      expect((await post(origin)).headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});
