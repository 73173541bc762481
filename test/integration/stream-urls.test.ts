import type { Asset } from '@mux/mux-node/resources/video/assets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

async function assetWithReadyCaptions(
  stack: Stack,
  policy: 'public' | 'signed',
): Promise<{ asset: Asset; trackId: string }> {
  const created = await stack.mux.video.assets.create({
    inputs: [
      {
        url: 'https://example.com/keynote.mp4?duration=60',
        generated_subtitles: [{ language_code: 'en', name: 'English CC' }],
      },
    ],
    playback_policies: [policy],
  });
  const asset = await waitFor(async () => {
    const current = await stack.mux.video.assets.retrieve(created.id);
    return current.tracks?.some((track) => track.type === 'text' && track.status === 'ready') ? current : undefined;
  });
  const track = asset.tracks?.find((candidate) => candidate.type === 'text');
  return { asset, trackId: track?.id ?? '' };
}

describe('text-track URLs from the gateway’s stream host', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('opens a public asset’s captions and transcript with no token', async () => {
    const { asset, trackId } = await assetWithReadyCaptions(stack, 'public');
    const vttUrl = await stack.gateway.services.mux.textTrackUrl(asset.playback_ids ?? [], trackId, 'vtt');
    const txtUrl = await stack.gateway.services.mux.textTrackUrl(asset.playback_ids ?? [], trackId, 'txt');
    expect(vttUrl).toBe(`${stack.simulator.streamUrl}/${asset.playback_ids?.[0]?.id}/text/${trackId}.vtt`);
    const vtt = await fetch(vttUrl ?? '');
    expect(vtt.status).toBe(200);
    expect(vtt.headers.get('content-type')).toMatch(/^text\/vtt/);
    expect(await vtt.text()).toMatch(/^WEBVTT/);
    const txt = await fetch(txtUrl ?? '');
    expect(txt.status).toBe(200);
    expect(await txt.text()).not.toMatch(/-->/);
  });

  it('signs the URL of a signed-only asset with the configured key, and the host refuses it unsigned', async () => {
    const { asset, trackId } = await assetWithReadyCaptions(stack, 'signed');
    const signedUrl = await stack.gateway.services.mux.textTrackUrl(asset.playback_ids ?? [], trackId, 'vtt');
    expect(signedUrl).toMatch(/\?token=[\w-]+\.[\w-]+\.[\w-]+$/);
    const opened = await fetch(signedUrl ?? '');
    expect(opened.status).toBe(200);
    expect(await opened.text()).toMatch(/^WEBVTT/);
    const unsigned = await fetch((signedUrl ?? '').replace(/\?token=.*$/, ''));
    expect(unsigned.status).toBe(403);
  });
});
