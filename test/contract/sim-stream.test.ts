import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotFoundError } from '@mux/mux-node';
import type { Asset, Track } from '@mux/mux-node/resources/video/assets';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { useVideoSim, type VideoSim } from '../support/video-sim.js';
import { waitFor } from '../support/wait.js';
import { validateResponse } from './openapi.js';

const EIGHT_DAYS_MS = 8 * 24 * 60 * 60 * 1000;

interface Captioned {
  asset: Asset;
  playbackId: string;
  track: Track;
}

let v: VideoSim;
useVideoSim((sim) => (v = sim));

/** A ready asset with one playback ID of `policy` and a ready generated English caption track. */
async function captionedAsset(sim: VideoSim, policy: 'public' | 'signed'): Promise<Captioned> {
  const created = await sim.mux.video.assets.create({
    inputs: [{ url: 'https://media.example.com/talk.mp4?duration=40', generated_subtitles: [{ language_code: 'en' }] }],
    playback_policies: [policy],
  });
  const asset = await waitFor(
    async () => {
      const current = await sim.mux.video.assets.retrieve(created.id);
      return current.tracks?.some((track) => track.type === 'text' && track.status === 'ready') && current;
    },
    { description: 'generated captions to be ready' },
  );
  const track = asset.tracks?.find((candidate) => candidate.type === 'text');
  if (!track) throw new Error('no text track');
  return { asset, playbackId: asset.playback_ids?.[0]?.id ?? '', track };
}

function textUrl(sim: VideoSim, playbackId: string, trackId: string, extension: 'vtt' | 'txt', token?: string): string {
  return `${sim.sim.streamUrl}/${playbackId}/text/${trackId}.${extension}${token ? `?token=${token}` : ''}`;
}

async function signingKey(sim: VideoSim): Promise<{ keyId: string; keySecret: string }> {
  const key = await sim.mux.system.signingKeys.create();
  return { keyId: key.id, keySecret: key.private_key ?? '' };
}

describe('public text tracks', () => {
  let captioned: Captioned;

  beforeAll(async () => {
    captioned = await captionedAsset(v, 'public');
  });

  it('serves the WebVTT file as text/vtt', async () => {
    const response = await v.checkedFetch(textUrl(v, captioned.playbackId, captioned.track.id ?? '', 'vtt'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/vtt');
    const vtt = await response.text();
    expect(vtt).toMatch(/^WEBVTT\n\n\d{2}:\d{2}:\d{2}\.\d{3} --> /);
  });

  it('serves the transcript of generated captions as plain text without timings', async () => {
    const response = await v.checkedFetch(textUrl(v, captioned.playbackId, captioned.track.id ?? '', 'txt'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const transcript = await response.text();
    expect(transcript.length).toBeGreaterThan(100);
    expect(transcript).not.toContain('-->');
    expect(transcript).not.toContain('WEBVTT');
  });

  it('answers 404 in the PlaybackErrorResponse shape for unknown playback IDs and tracks', async () => {
    for (const url of [
      textUrl(v, 'UnknownPlaybackId000000000000000', captioned.track.id ?? '', 'vtt'),
      textUrl(v, captioned.playbackId, 'UnknownTrack0000000000000000000000', 'vtt'),
      textUrl(
        v,
        captioned.playbackId,
        captioned.asset.tracks?.find((track) => track.type === 'audio')?.id ?? '',
        'vtt',
      ),
    ]) {
      const response = await fetch(url);
      expect(response.status).toBe(404);
      const body = (await response.json()) as unknown;
      expect(body).toEqual({ code: 5, message: 'Not Found' });
      expect(validateResponse('GET', url, 404, body)).toEqual([]);
    }
  });

  it('has no transcript for an uploaded track, and nothing while a track is still preparing', async () => {
    const files = createServer((_request, response) =>
      response.writeHead(200).end('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi.\n'),
    );
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    const fileUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}/hi.vtt`;
    try {
      const uploaded = await v.mux.video.assets.createTrack(captioned.asset.id, {
        url: fileUrl,
        type: 'text',
        language_code: 'de',
      });
      const preparing = await fetch(textUrl(v, captioned.playbackId, uploaded.id ?? '', 'vtt'));
      expect(preparing.status).toBe(404);
      await waitFor(
        async () => (await fetch(textUrl(v, captioned.playbackId, uploaded.id ?? '', 'vtt'))).status === 200,
      );
      const transcript = await fetch(textUrl(v, captioned.playbackId, uploaded.id ?? '', 'txt'));
      expect(transcript.status).toBe(404);
    } finally {
      await new Promise<void>((resolve) => files.close(() => resolve()));
    }
  });
});

describe('signed text tracks', () => {
  let captioned: Captioned;
  let key: { keyId: string; keySecret: string };

  beforeAll(async () => {
    captioned = await captionedAsset(v, 'signed');
    key = await signingKey(v);
  });

  async function status(token?: string, extension: 'vtt' | 'txt' = 'vtt'): Promise<number> {
    const response = await fetch(textUrl(v, captioned.playbackId, captioned.track.id ?? '', extension, token));
    await response.body?.cancel();
    return response.status;
  }

  it('opens with a token from the SDK signed with a key made by the signing-keys API', async () => {
    const token = await v.mux.jwt.signPlaybackId(captioned.playbackId, key);
    expect(await status(token)).toBe(200);
    expect(await status(token, 'txt')).toBe(200);
  });

  it('refuses with 403 a missing token, a wrong audience, another playback ID, an unknown or foreign key', async () => {
    expect(await status()).toBe(403);
    expect(await status('not.a.jwt')).toBe(403);
    expect(await status(await v.mux.jwt.signPlaybackId(captioned.playbackId, { ...key, type: 'thumbnail' }))).toBe(403);
    expect(await status(await v.mux.jwt.signPlaybackId('SomeOtherPlaybackId0000000000000', key))).toBe(403);

    const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs1', format: 'pem' })
      .toString();
    const foreignSecret = Buffer.from(foreign).toString('base64');
    expect(
      await status(
        await v.mux.jwt.signPlaybackId(captioned.playbackId, { keyId: key.keyId, keySecret: foreignSecret }),
      ),
    ).toBe(403);
    expect(
      await status(
        await v.mux.jwt.signPlaybackId(captioned.playbackId, {
          keyId: 'UnknownKey000000000000000000',
          keySecret: foreignSecret,
        }),
      ),
    ).toBe(403);
  });

  it('accepts the key id in the JOSE header, as non-Node SDKs send it', async () => {
    const privateKey = createPrivateKey(Buffer.from(key.keySecret, 'base64').toString('utf8'));
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.keyId })
      .setSubject(captioned.playbackId)
      .setAudience('v')
      .setExpirationTime('1h')
      .sign(privateKey);
    expect(await status(token)).toBe(200);
    const withoutExpiry = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: key.keyId })
      .setSubject(captioned.playbackId)
      .setAudience('v')
      .sign(privateKey);
    expect(await status(withoutExpiry)).toBe(403);
  });

  it('treats DRM playback IDs like signed ones', async () => {
    const drm = await v.mux.video.assets.createPlaybackId(captioned.asset.id, {
      policy: 'drm',
      drm_configuration_id: 'drmConfig0001',
    });
    const url = textUrl(v, drm.id, captioned.track.id ?? '', 'vtt');
    expect((await fetch(url)).status).toBe(403);
    expect((await fetch(`${url}?token=${await v.mux.jwt.signPlaybackId(drm.id, key)}`)).status).toBe(200);
  });

  it('stops accepting tokens of a deleted signing key', async () => {
    const doomed = await signingKey(v);
    const token = await v.mux.jwt.signPlaybackId(captioned.playbackId, doomed);
    expect(await status(token)).toBe(200);
    const deleted = await v.api('DELETE', `/system/v1/signing-keys/${doomed.keyId}`);
    expect(deleted.status).toBe(204);
    expect(await status(token)).toBe(403);
  });
});

describe('token expiry on the simulator clock', () => {
  let own: VideoSim;
  useVideoSim((sim) => (own = sim));

  it('refuses an SDK token once the clock has moved past its 7-day expiry', async () => {
    const captioned = await captionedAsset(own, 'signed');
    const key = await signingKey(own);
    const token = await own.mux.jwt.signPlaybackId(captioned.playbackId, key);
    const url = textUrl(own, captioned.playbackId, captioned.track.id ?? '', 'vtt', token);
    expect((await fetch(url)).status).toBe(200);
    own.sim.context.clock.advance(EIGHT_DAYS_MS);
    expect((await fetch(url)).status).toBe(403);
  });
});

describe('signing keys API', () => {
  it('creates (201) a key with a base64 PEM private key, lists and gets it without secret, deletes it', async () => {
    const created = await v.api('POST', '/system/v1/signing-keys');
    expect(created.status).toBe(201);
    const key = (created.body as { data: { id: string; created_at: string; private_key: string } }).data;
    expect(key.created_at).toMatch(/^\d+$/);
    expect(Buffer.from(key.private_key, 'base64').toString('utf8')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);

    expect(await v.mux.system.signingKeys.retrieve(key.id)).toEqual({ id: key.id, created_at: key.created_at });
    const listed: string[] = [];
    for await (const item of v.mux.system.signingKeys.list()) {
      expect(item).not.toHaveProperty('private_key');
      listed.push(item.id);
    }
    expect(listed).toContain(key.id);

    await v.mux.system.signingKeys.delete(key.id);
    const gone = await v.mux.system.signingKeys.retrieve(key.id).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(gone).toBeInstanceOf(NotFoundError);
  });
});
