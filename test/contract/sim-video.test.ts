import Mux, { AuthenticationError, BadRequestError, NotFoundError } from '@mux/mux-node';
import type { Asset, Track } from '@mux/mux-node/resources/video/assets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileHost, startFileHost } from '../support/file-host.js';
import { startVideoSim, useVideoSim, type VideoSim } from '../support/video-sim.js';
import { waitFor } from '../support/wait.js';

const VTT_FILE = `WEBVTT

00:00:01.000 --> 00:00:04.000
Welcome back to the edited captions.

00:00:05.000 --> 00:00:08.500
Every word here was fixed by hand.
`;

const SRT_FILE = `1
00:00:01,000 --> 00:00:03,000
Hola desde un archivo SRT.

2
00:00:04,000 --> 00:00:06,250
La segunda línea también llega.
`;

function errorBody(error: unknown): { type: string; messages: string[] } {
  return (error as { error: { error: { type: string; messages: string[] } } }).error.error;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

function textTrack(asset: Asset): Track | undefined {
  return asset.tracks?.find((track) => track.type === 'text');
}

let v: VideoSim;
let files: FileHost;
useVideoSim((sim) => (v = sim));

beforeAll(async () => {
  files = await startFileHost({
    '/edited.vtt': VTT_FILE,
    '/spanish.srt': SRT_FILE,
    '/notes.txt': 'just some notes, no cues',
  });
});

afterAll(async () => {
  await files.close();
});

async function trackReady(assetId: string, trackId: string): Promise<Track> {
  return waitFor(
    async () => {
      const track = (await v.mux.video.assets.retrieve(assetId)).tracks?.find((candidate) => candidate.id === trackId);
      return track?.status === 'ready' && track;
    },
    { description: `track ${trackId} to be ready` },
  );
}

async function streamText(asset: Asset, trackId: string, extension: 'vtt' | 'txt'): Promise<string> {
  const response = await v.checkedFetch(
    `${v.sim.streamUrl}/${asset.playback_ids?.[0]?.id ?? ''}/text/${trackId}.${extension}`,
  );
  expect(response.status).toBe(200);
  return response.text();
}

describe('assets', () => {
  it('creates a preparing asset (201) that becomes ready with video and primary audio tracks', async () => {
    const created = await v.api('POST', '/video/v1/assets', {
      inputs: [{ url: 'https://media.example.com/talk.mp4?duration=95.5' }],
      playback_policies: ['public', 'signed'],
      video_quality: 'basic',
      passthrough: 'lesson-42',
      meta: { title: 'Lesson 42', creator_id: 'teacher-7' },
    });
    expect(created.status).toBe(201);
    const asset = (created.body as { data: Asset }).data;
    expect(asset).toMatchObject({
      status: 'preparing',
      progress: { state: 'ingesting', progress: 0 },
      video_quality: 'basic',
      encoding_tier: 'baseline',
      max_resolution_tier: '1080p',
      master_access: 'none',
      ingest_type: 'on_demand_url',
      passthrough: 'lesson-42',
      meta: { title: 'Lesson 42', creator_id: 'teacher-7' },
    });
    expect(asset.created_at).toMatch(/^\d+$/);
    expect(asset.playback_ids?.map((playback) => playback.policy)).toEqual(['public', 'signed']);
    expect(asset.tracks).toBeUndefined();

    const ready = await waitFor(async () => {
      const current = await v.mux.video.assets.retrieve(asset.id);
      return current.status === 'ready' && current;
    });
    expect(ready.duration).toBe(95.5);
    expect(ready.progress).toEqual({ state: 'completed', progress: 100 });
    expect(ready.tracks?.map((track) => track.type)).toEqual(['video', 'audio']);
    expect(ready.tracks?.[1]?.primary).toBe(true);
    expect(ready.resolution_tier).toBeDefined();
    expect(ready.aspect_ratio).toMatch(/^\d+:\d+$/);

    const createdEvent = await v.event('video.asset.created', (event) => event.data.id === asset.id);
    const readyEvent = await v.event('video.asset.ready', (event) => event.data.id === asset.id);
    expect(createdEvent.object).toEqual({ type: 'asset', id: asset.id });
    expect(createdEvent.data.created_at).toBe(Number(asset.created_at));
    expect(createdEvent.data.status).toBe('preparing');
    expect(readyEvent.data.status).toBe('ready');
    const order = (await v.events()).map((event) => event.type).filter((type) => type.startsWith('video.asset.'));
    expect(order.indexOf('video.asset.created')).toBeLessThan(order.indexOf('video.asset.ready'));
  });

  it('moves progress through transcoding while preparing', async () => {
    const asset = await v.mux.video.assets.create({
      inputs: [{ url: 'https://media.example.com/long.mp4?duration=43200' }],
      playback_policies: ['public'],
    });
    const transcoding = await waitFor(async () => {
      const current = await v.mux.video.assets.retrieve(asset.id);
      return current.progress.state === 'transcoding' && current;
    });
    expect(transcoding.status).toBe('preparing');
    expect(transcoding.progress.progress).toBeGreaterThan(0);
    expect(transcoding.progress.progress).toBeLessThan(100);
  });

  it('accepts the deprecated `input` string and a single `playback_policy` string', async () => {
    const response = await v.api('POST', '/video/v1/assets', {
      input: 'https://media.example.com/old-client.mp4',
      playback_policy: 'signed',
    });
    expect(response.status).toBe(201);
    expect((response.body as { data: Asset }).data.playback_ids).toEqual([
      { id: expect.any(String), policy: 'signed' },
    ]);
  });

  it('refuses invalid bodies with 400 invalid_parameters naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ inputs: [{ url: 'https://x.example/a.mp4' }], passthrough: 'p'.repeat(256) }, 'passthrough'],
      [{ inputs: [{ url: 'https://x.example/a.mp4' }], playback_policies: ['private'] }, 'playback_policies[0]'],
      [{ inputs: [{ url: 'https://x.example/a.mp4' }], meta: { title: 't'.repeat(513) } }, 'meta.title'],
      [
        { inputs: [{ url: 'https://x.example/a.mp4', generated_subtitles: [{ language_code: 'xx' }] }] },
        'inputs[0].generated_subtitles[0].language_code',
      ],
      [{ inputs: [{ url: 'https://x.example/a.mp4' }], video_quality: 'ultra' }, 'video_quality'],
      [{ playback_policies: ['public'] }, 'inputs'],
      [{ inputs: [{ url: 'undefined/video.mp4' }] }, 'undefined/video.mp4'],
    ];
    const assetsBefore = v.sim.context.state.assets.size;
    for (const [body, field] of cases) {
      const response = await v.api('POST', '/video/v1/assets', body);
      expect(response.status, field).toBe(400);
      const error = (response.body as { error: { type: string; messages: string[] } }).error;
      expect(error.type).toBe('invalid_parameters');
      expect(error.messages.join(' ')).toContain(field);
    }
    expect(v.sim.context.state.assets.size).toBe(assetsBefore);
  });

  it('meta limits count code points, not UTF-16 units', async () => {
    const title = '🎬'.repeat(512);
    const asset = await v.mux.video.assets.create({
      inputs: [{ url: 'https://x.example/emoji.mp4' }],
      meta: { title },
    });
    expect(asset.meta?.title).toBe(title);
  });

  it('answers 401 unauthorized to wrong credentials', async () => {
    const stranger = new Mux({ tokenId: 'nobody', tokenSecret: 'wrong', baseURL: v.sim.apiUrl, maxRetries: 0 });
    const error = await rejection(stranger.video.assets.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
    expect(errorBody(error)).toEqual({ type: 'unauthorized', messages: ['Unauthorized request'] });
  });

  it('answers 404 not_found for unknown ids and 400 for ids that cannot be parsed', async () => {
    const missing = await rejection(v.mux.video.assets.retrieve('DoesNotExist0000000000000000000'));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(errorBody(missing).type).toBe('not_found');
    expect(errorBody(missing).messages).toHaveLength(1);
    const unparsable = await rejection(v.mux.video.assets.retrieve('invalid-asset-id'));
    expect(unparsable).toBeInstanceOf(BadRequestError);
    expect(errorBody(unparsable)).toEqual({ type: 'invalid_parameters', messages: ['Failed to parse ID'] });
  });

  it('updates passthrough, meta and thumbnail_time; an empty passthrough clears it', async () => {
    const asset = await v.readyAsset({ passthrough: 'before' });
    const updated = await v.mux.video.assets.update(asset.id, {
      passthrough: 'after',
      meta: { title: 'Renamed' },
      thumbnail_time: 4.5,
    });
    expect(updated).toMatchObject({ passthrough: 'after', meta: { title: 'Renamed' }, thumbnail_time: 4.5 });
    const event = await v.event('video.asset.updated', (candidate) => candidate.data.id === asset.id);
    expect(event.data.passthrough).toBe('after');
    const cleared = await v.mux.video.assets.update(asset.id, { passthrough: '' });
    expect(cleared.passthrough).toBeUndefined();
    const tooLong = await rejection(v.mux.video.assets.update(asset.id, { meta: { external_id: 'e'.repeat(129) } }));
    expect(errorBody(tooLong).messages.join(' ')).toContain('meta.external_id');
  });

  it('deletes with 204 and no body; the asset is gone afterwards', async () => {
    const asset = await v.readyAsset({});
    const response = await v.api('DELETE', `/video/v1/assets/${asset.id}`);
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect(await rejection(v.mux.video.assets.retrieve(asset.id))).toBeInstanceOf(NotFoundError);
    const event = await v.event('video.asset.deleted', (candidate) => candidate.data.id === asset.id);
    expect(event.data.status).toBe('ready');
  });

  it('errors assets whose input cannot be downloaded or is not media', async () => {
    const unreachable = await v.mux.video.assets.create({
      inputs: [{ url: 'https://media.example.com/gone.mp4?fail=download' }],
    });
    const notHttp = await v.mux.video.assets.create({ inputs: [{ url: 'ftp://media.example.com/file.mp4' }] });
    const notMedia = await v.mux.video.assets.create({
      inputs: [{ url: 'https://media.example.com/slides.pdf?fail=invalid' }],
    });
    for (const [asset, type] of [
      [unreachable, 'download_failed'],
      [notHttp, 'download_failed'],
      [notMedia, 'invalid_input'],
    ] as const) {
      const errored = await waitFor(async () => {
        const current = await v.mux.video.assets.retrieve(asset.id);
        return current.status === 'errored' && current;
      });
      expect(errored.errors?.type).toBe(type);
      expect(errored.errors?.messages?.length).toBeGreaterThan(0);
      expect(errored.progress).toEqual({ state: 'errored', progress: -1 });
      const event = await v.event('video.asset.errored', (candidate) => candidate.data.id === asset.id);
      expect((event.data.errors as { type: string }).type).toBe(type);
    }
  });
});

describe('asset list', () => {
  let paged: VideoSim;
  useVideoSim((sim) => (paged = sim));
  let createdNewestFirst: string[];

  beforeAll(async () => {
    const ids: string[] = [];
    for (let index = 0; index < 7; index++) {
      ids.push(
        (await paged.mux.video.assets.create({ inputs: [{ url: `https://media.example.com/${index}.mp4` }] })).id,
      );
    }
    createdNewestFirst = ids.reverse();
  });

  it('pages newest first through the SDK with for await', async () => {
    const seen: string[] = [];
    for await (const asset of paged.mux.video.assets.list({ limit: 3 })) seen.push(asset.id);
    expect(seen).toEqual(createdNewestFirst);
  });

  it('hands out cursors until next_cursor is null', async () => {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ limit: '3', ...(cursor ? { cursor } : {}) });
      const response = await paged.api('GET', `/video/v1/assets?${query.toString()}`);
      expect(response.status).toBe(200);
      const body = response.body as { data: Asset[]; next_cursor: string | null };
      pages.push(body.data.map((asset) => asset.id));
      cursor = body.next_cursor;
    } while (cursor !== null);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(createdNewestFirst);
  });

  it('defaults to 25 per page, honours page and refuses a cursor it never handed out', async () => {
    const first = await paged.mux.video.assets.list();
    expect(first.data).toHaveLength(7);
    expect(first.next_cursor).toBe('');
    const second = await paged.api('GET', '/video/v1/assets?limit=2&page=2');
    expect((second.body as { data: Asset[] }).data.map((asset) => asset.id)).toEqual(createdNewestFirst.slice(2, 4));
    const bogus = await paged.api('GET', '/video/v1/assets?cursor=bm90LWEtY3Vyc29y');
    expect(bogus.status).toBe(400);
  });
});

describe('playback IDs', () => {
  it('creates (201), retrieves, looks up and deletes (204) playback IDs', async () => {
    const asset = await v.readyAsset({});
    const created = await v.api('POST', `/video/v1/assets/${asset.id}/playback-ids`, { policy: 'signed' });
    expect(created.status).toBe(201);
    const playback = (created.body as { data: { id: string; policy: string } }).data;
    expect(playback.policy).toBe('signed');

    expect(await v.mux.video.assets.retrievePlaybackId(asset.id, playback.id)).toEqual(playback);
    expect(await v.mux.video.playbackIds.retrieve(playback.id)).toEqual({
      ...playback,
      object: { id: asset.id, type: 'asset' },
    });
    expect((await v.mux.video.assets.retrieve(asset.id)).playback_ids).toHaveLength(2);

    const deleted = await v.api('DELETE', `/video/v1/assets/${asset.id}/playback-ids/${playback.id}`);
    expect(deleted.status).toBe(204);
    expect(await rejection(v.mux.video.playbackIds.retrieve(playback.id))).toBeInstanceOf(NotFoundError);
    expect(await rejection(v.mux.video.assets.createPlaybackId(asset.id, { policy: 'drm' }))).toBeInstanceOf(
      BadRequestError,
    );
  });
});

describe('text tracks from a URL', () => {
  it('downloads a WebVTT file, becomes ready and serves the same captions', async () => {
    const asset = await v.readyAsset({});
    const created = await v.api('POST', `/video/v1/assets/${asset.id}/tracks`, {
      url: files.url('edited.vtt'),
      type: 'text',
      text_type: 'subtitles',
      language_code: 'en-US',
      closed_captions: true,
      passthrough: 'edited',
    });
    expect(created.status).toBe(201);
    const track = (created.body as { data: Track }).data;
    expect(track).toMatchObject({
      type: 'text',
      text_type: 'subtitles',
      text_source: 'uploaded',
      status: 'preparing',
      language_code: 'en-US',
      name: 'English (United States)',
      closed_captions: true,
      passthrough: 'edited',
    });
    await trackReady(asset.id, track.id ?? '');
    const vtt = await streamText(asset, track.id ?? '', 'vtt');
    expect(vtt).toMatch(/^WEBVTT/);
    expect(vtt).toContain('00:00:01.000 --> 00:00:04.000\nWelcome back to the edited captions.');
    expect(vtt).toContain('Every word here was fixed by hand.');

    const createdEvent = await v.event('video.asset.track.created', (event) => event.data.id === track.id);
    const readyEvent = await v.event('video.asset.track.ready', (event) => event.data.id === track.id);
    expect(createdEvent.object).toEqual({ type: 'track', id: track.id });
    expect(readyEvent.data).toMatchObject({ asset_id: asset.id, status: 'ready', text_source: 'uploaded' });
  });

  it('converts an SRT file to WebVTT', async () => {
    const asset = await v.readyAsset({});
    const track = await v.mux.video.assets.createTrack(asset.id, {
      url: files.url('spanish.srt'),
      type: 'text',
      text_type: 'subtitles',
      language_code: 'es',
    });
    expect(track.name).toBe('Spanish');
    await trackReady(asset.id, track.id ?? '');
    const vtt = await streamText(asset, track.id ?? '', 'vtt');
    expect(vtt).toMatch(/^WEBVTT\n/);
    expect(vtt).toContain('00:00:04.000 --> 00:00:06.250\nLa segunda línea también llega.');
  });

  it('errors the track when the file cannot be downloaded or is not captions', async () => {
    const asset = await v.readyAsset({});
    for (const name of ['missing.vtt', 'notes.txt']) {
      const track = await v.mux.video.assets.createTrack(asset.id, {
        url: files.url(name),
        type: 'text',
        text_type: 'subtitles',
        language_code: 'en',
      });
      const event = await v.event('video.asset.track.errored', (candidate) => candidate.data.id === track.id);
      expect(event.data.asset_id).toBe(asset.id);
      expect((event.data.error as { messages: string[] }).messages.length).toBeGreaterThan(0);
      const current = (await v.mux.video.assets.retrieve(asset.id)).tracks?.find(
        (candidate) => candidate.id === track.id,
      );
      expect(current?.status).toBe('errored');
    }
  });

  it('refuses tracks on assets that are not ready and bodies without required fields', async () => {
    const preparing = await v.mux.video.assets.create({
      inputs: [{ url: 'https://media.example.com/slow.mp4?duration=43200' }],
    });
    const notReady = await rejection(
      v.mux.video.assets.createTrack(preparing.id, { url: files.url('edited.vtt'), type: 'text', language_code: 'en' }),
    );
    expect(notReady).toBeInstanceOf(BadRequestError);
    const ready = await v.readyAsset({});
    const missing = await v.api('POST', `/video/v1/assets/${ready.id}/tracks`, {
      url: files.url('edited.vtt'),
      type: 'text',
    });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('language_code is required');
    const unknownAsset = await rejection(
      v.mux.video.assets.createTrack('NoSuchAsset000000000000000000000', {
        url: files.url('edited.vtt'),
        type: 'text',
        language_code: 'en',
      }),
    );
    expect(unknownAsset).toBeInstanceOf(NotFoundError);
  });

  it('updates a text track (200) and refuses to update the video track', async () => {
    const asset = await v.readyAsset({});
    const track = await v.mux.video.assets.createTrack(asset.id, {
      url: files.url('edited.vtt'),
      type: 'text',
      language_code: 'en',
    });
    const updated = await v.mux.video.assets.updateTrack(asset.id, track.id ?? '', {
      name: 'English (edited)',
      closed_captions: true,
      language_code: 'en-GB',
      passthrough: 'v2',
    });
    expect(updated).toMatchObject({
      id: track.id,
      name: 'English (edited)',
      closed_captions: true,
      language_code: 'en-GB',
      passthrough: 'v2',
    });
    const video = asset.tracks?.find((candidate) => candidate.type === 'video');
    expect(await rejection(v.mux.video.assets.updateTrack(asset.id, video?.id ?? '', { name: 'x' }))).toBeInstanceOf(
      BadRequestError,
    );
  });

  it('deletes text tracks (204) but not the video or primary audio track', async () => {
    const asset = await v.readyAsset({});
    const track = await v.mux.video.assets.createTrack(asset.id, {
      url: files.url('edited.vtt'),
      type: 'text',
      language_code: 'en',
    });
    await trackReady(asset.id, track.id ?? '');
    const deleted = await v.api('DELETE', `/video/v1/assets/${asset.id}/tracks/${track.id ?? ''}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(textTrack(await v.mux.video.assets.retrieve(asset.id))).toBeUndefined();
    const event = await v.event('video.asset.track.deleted', (candidate) => candidate.data.id === track.id);
    expect(event.data.asset_id).toBe(asset.id);
    const playbackId = asset.playback_ids?.[0]?.id ?? '';
    expect((await fetch(`${v.sim.streamUrl}/${playbackId}/text/${track.id ?? ''}.vtt`)).status).toBe(404);

    for (const kind of ['video', 'audio'] as const) {
      const kept = asset.tracks?.find((candidate) => candidate.type === kind);
      const refused = await rejection(v.mux.video.assets.deleteTrack(asset.id, kept?.id ?? ''));
      expect(refused).toBeInstanceOf(BadRequestError);
      expect(errorBody(refused).type).toBe('invalid_parameters');
    }
    expect(await rejection(v.mux.video.assets.deleteTrack(asset.id, track.id ?? ''))).toBeInstanceOf(NotFoundError);
  });
});

describe('generated captions', () => {
  it('adds preparing generated_vod tracks when the asset is ready, then makes them ready', async () => {
    const asset = await v.mux.video.assets.create({
      inputs: [
        {
          url: 'https://media.example.com/talk.mp4?duration=60',
          generated_subtitles: [{ language_code: 'en', name: 'English CC', passthrough: 'gen' }],
        },
      ],
      playback_policies: ['public'],
    });
    const readyEvent = await v.event('video.asset.ready', (event) => event.data.id === asset.id);
    const tracks = readyEvent.data.tracks as Track[];
    const generated = tracks.find((track) => track.type === 'text');
    expect(generated).toMatchObject({
      text_source: 'generated_vod',
      status: 'preparing',
      language_code: 'en',
      name: 'English CC',
      passthrough: 'gen',
    });
    const ready = await trackReady(asset.id, generated?.id ?? '');
    expect(ready.auto_language_confidence).toBeUndefined();
    const trackEvent = await v.event('video.asset.track.ready', (event) => event.data.id === generated?.id);
    expect(trackEvent.data).toMatchObject({ type: 'text', text_source: 'generated_vod', asset_id: asset.id });
    const order = (await v.events()).map((event) => `${event.type}:${String(event.data.id)}`);
    expect(order.indexOf(`video.asset.track.created:${generated?.id ?? ''}`)).toBeLessThan(
      order.indexOf(`video.asset.ready:${asset.id}`),
    );
    const vtt = await streamText(await v.mux.video.assets.retrieve(asset.id), generated?.id ?? '', 'vtt');
    expect(vtt.split('-->').length).toBeGreaterThan(5);
  });

  it('generate-subtitles answers 201 with an array, and `auto` resolves to the spoken language', async () => {
    const asset = await v.readyAsset({ url: 'https://media.example.com/entrevista.mp4?duration=45&lang=es' });
    const audio = asset.tracks?.find((track) => track.type === 'audio');
    const response = await v.api('POST', `/video/v1/assets/${asset.id}/tracks/${audio?.id ?? ''}/generate-subtitles`, {
      generated_subtitles: [{ language_code: 'auto' }, { language_code: 'es', name: 'Español (generado)' }],
    });
    expect(response.status).toBe(201);
    const tracks = (response.body as { data: Track[] }).data;
    expect(Array.isArray(tracks)).toBe(true);
    expect(tracks.map((track) => [track.language_code, track.status])).toEqual([
      ['auto', 'preparing'],
      ['es', 'preparing'],
    ]);
    const auto = await trackReady(asset.id, tracks[0]?.id ?? '');
    expect(auto.language_code).toBe('es');
    expect(auto.name).toBe('Spanish');
    expect(auto.auto_language_confidence).toBeGreaterThan(0);
    expect(auto.auto_language_confidence).toBeLessThanOrEqual(1);
    const vtt = await streamText(asset, auto.id ?? '', 'vtt');
    expect(vtt).toMatch(/[áéíóúñ¿¡]/);
  });

  it('refuses generate-subtitles for non-audio tracks, unknown tracks and assets that are not ready', async () => {
    const asset = await v.readyAsset({});
    const video = asset.tracks?.find((track) => track.type === 'video');
    const body = { generated_subtitles: [{ language_code: 'en' as const }] };
    expect(await rejection(v.mux.video.assets.generateSubtitles(asset.id, video?.id ?? '', body))).toBeInstanceOf(
      BadRequestError,
    );
    expect(
      await rejection(v.mux.video.assets.generateSubtitles(asset.id, 'NoSuchTrack0000000000000000000000', body)),
    ).toBeInstanceOf(NotFoundError);
    const preparing = await v.mux.video.assets.create({
      inputs: [{ url: 'https://media.example.com/slow.mp4?duration=43200' }],
    });
    const refused = await rejection(
      v.mux.video.assets.generateSubtitles(preparing.id, 'AnyTrack000000000000000000000000', body),
    );
    expect(refused).toBeInstanceOf(BadRequestError);
    expect(errorBody(refused).messages[0]).toMatch(/not ready/);
    const audio = asset.tracks?.find((track) => track.type === 'audio');
    const badLanguage = await v.api(
      'POST',
      `/video/v1/assets/${asset.id}/tracks/${audio?.id ?? ''}/generate-subtitles`,
      {
        generated_subtitles: [{ language_code: 'ja' }],
      },
    );
    expect(badLanguage.status).toBe(400);
  });

  it('errors generated captions on an asset without audio', async () => {
    const asset = await v.mux.video.assets.create({
      inputs: [
        {
          url: 'https://media.example.com/b-roll-no-audio.mp4?duration=20',
          generated_subtitles: [{ language_code: 'en' }],
        },
      ],
      playback_policies: ['public'],
    });
    const event = await v.event('video.asset.track.errored', (candidate) => candidate.data.asset_id === asset.id);
    expect(event.data).toMatchObject({ type: 'text', text_source: 'generated_vod', status: 'errored' });
    expect((event.data.error as { type: string; messages: string[] }).messages[0]).toMatch(/audio/);
    const current = await v.mux.video.assets.retrieve(asset.id);
    expect(current.tracks?.some((track) => track.type === 'audio')).toBe(false);
    expect(textTrack(current)?.status).toBe('errored');
  });
});

describe('demo seed', () => {
  it('starts with ready demo assets that look like API-created ones', async () => {
    const demo = await startVideoSim({ seedDemoAssets: true });
    try {
      const assets: Asset[] = [];
      for await (const asset of demo.mux.video.assets.list()) assets.push(asset);
      expect(assets.length).toBeGreaterThanOrEqual(3);
      expect(assets.every((asset) => asset.status === 'ready' && (asset.duration ?? 0) > 0)).toBe(true);
      const createdAt = assets.map((asset) => Number(asset.created_at));
      expect(createdAt).toEqual([...createdAt].sort((a, b) => b - a));

      const signedOnly = assets.find((asset) => asset.playback_ids?.every((playback) => playback.policy === 'signed'));
      expect(signedOnly).toBeDefined();
      const spanish = assets.find((asset) =>
        asset.tracks?.some((track) => track.type === 'text' && track.language_code === 'es'),
      );
      expect(textTrack(spanish ?? ({} as Asset))?.status).toBe('ready');

      const english = assets.find(
        (asset) =>
          asset.playback_ids?.some((playback) => playback.policy === 'public') &&
          asset.tracks?.some((track) => track.text_source === 'generated_vod' && track.language_code === 'en'),
      );
      const track = textTrack(english ?? ({} as Asset));
      const response = await demo.checkedFetch(
        `${demo.sim.streamUrl}/${english?.playback_ids?.[0]?.id ?? ''}/text/${track?.id ?? ''}.txt`,
      );
      expect(response.status).toBe(200);
      expect((await response.text()).length).toBeGreaterThan(200);
      expect(demo.contractViolations).toEqual([]);
      expect(demo.receiver.received).toEqual([]);
    } finally {
      await demo.close();
    }
  });
});
