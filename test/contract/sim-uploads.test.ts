import { PermissionDeniedError } from '@mux/mux-node';
import type { Asset } from '@mux/mux-node/resources/video/assets';
import type { Upload } from '@mux/mux-node/resources/video/uploads';
import { describe, expect, it } from 'vitest';
import { useVideoSim, type VideoSim } from '../support/video-sim.js';
import { waitFor } from '../support/wait.js';

const FILE = new TextEncoder().encode('pretend these are the bytes of an MP4 file');

let v: VideoSim;
useVideoSim((sim) => (v = sim));

/** PUTs the file to the upload URL the way a browser or `curl -T` does: no credentials, just the signed URL. */
async function putFile(
  url: string,
  body: Uint8Array<ArrayBuffer> = FILE,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, { method: 'PUT', body, headers: { 'content-type': 'video/mp4', ...headers } });
}

async function uploadStatus(uploadId: string, status: Upload['status']): Promise<Upload> {
  return waitFor(
    async () => {
      const upload = await v.mux.video.uploads.retrieve(uploadId);
      return upload.status === status && upload;
    },
    { description: `upload ${uploadId} to be ${status}` },
  );
}

async function assetWhere(assetId: string, predicate: (asset: Asset) => boolean, description: string): Promise<Asset> {
  return waitFor(
    async () => {
      const asset = await v.mux.video.assets.retrieve(assetId);
      return predicate(asset) && asset;
    },
    { description },
  );
}

describe('direct uploads', () => {
  it('turns a PUT file into an asset with generated captions', async () => {
    const response = await v.api('POST', '/video/v1/uploads', {
      cors_origin: 'https://app.example.com',
      new_asset_settings: {
        playback_policy: 'public',
        passthrough: 'course-7',
        inputs: [{ generated_subtitles: [{ language_code: 'auto', name: 'Captions' }] }],
      },
    });
    expect(response.status).toBe(201);
    const upload = (response.body as { data: Upload }).data;
    expect(upload).toMatchObject({
      status: 'waiting',
      timeout: 3600,
      cors_origin: 'https://app.example.com',
      new_asset_settings: {
        playback_policies: ['public'],
        passthrough: 'course-7',
        inputs: [{ generated_subtitles: [{ language_code: 'auto', name: 'Captions' }] }],
      },
    });
    expect(upload.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_upload\//);
    expect((await v.event('video.upload.created', (event) => event.data.id === upload.id)).object).toEqual({
      type: 'upload',
      id: upload.id,
    });

    const put = await putFile(`${upload.url ?? ''}&duration=40&lang=fr`);
    expect(put.status).toBe(200);

    const created = await uploadStatus(upload.id, 'asset_created');
    expect(created.asset_id).toEqual(expect.any(String));
    expect(created.url).toBeUndefined();
    const assetId = created.asset_id ?? '';
    const asset = await assetWhere(assetId, (current) => current.status === 'ready', 'the uploaded asset to be ready');
    expect(asset).toMatchObject({
      upload_id: upload.id,
      ingest_type: 'on_demand_direct_upload',
      passthrough: 'course-7',
      duration: 40,
    });
    expect(asset.playback_ids?.[0]?.policy).toBe('public');

    const captioned = await assetWhere(
      assetId,
      (current) => current.tracks?.some((track) => track.type === 'text' && track.status === 'ready') ?? false,
      'the generated captions to be ready',
    );
    const captions = captioned.tracks?.find((track) => track.type === 'text');
    expect(captions).toMatchObject({ text_source: 'generated_vod', language_code: 'fr', name: 'Captions' });
    expect(captions?.auto_language_confidence).toBeGreaterThan(0);

    const assetCreated = await v.event('video.upload.asset_created', (event) => event.data.id === upload.id);
    expect(assetCreated.data).toMatchObject({ status: 'asset_created', asset_id: assetId });
    await v.event('video.asset.track.ready', (event) => event.data.asset_id === assetId);
    const order = (await v.events())
      .filter((event) => event.data.id === upload.id || event.data.id === assetId || event.data.asset_id === assetId)
      .map((event) => event.type);
    expect(order).toEqual([
      'video.upload.created',
      'video.asset.created',
      'video.upload.asset_created',
      'video.asset.track.created',
      'video.asset.ready',
      'video.asset.track.ready',
    ]);

    const listed = await v.mux.video.assets.list({ upload_id: upload.id });
    expect(listed.data.map((item) => item.id)).toEqual([assetId]);
  });

  it('accepts a file sent in Content-Range chunks, answering 308 until the last one', async () => {
    const upload = await v.mux.video.uploads.create({
      cors_origin: '*',
      new_asset_settings: { playback_policies: ['public'] },
    });
    const url = upload.url ?? '';
    const first = await putFile(url, FILE.slice(0, 10), { 'content-range': `bytes 0-9/${FILE.length}` });
    expect(first.status).toBe(308);
    expect(first.headers.get('range')).toBe('bytes=0-9');
    expect((await v.mux.video.uploads.retrieve(upload.id)).status).toBe('waiting');
    const last = await putFile(url, FILE.slice(10), { 'content-range': `bytes 10-${FILE.length - 1}/${FILE.length}` });
    expect(last.status).toBe(200);
    expect((await uploadStatus(upload.id, 'asset_created')).asset_id).toBeDefined();
  });

  it('answers the CORS preflight for the upload origin and refuses a URL without its token', async () => {
    const upload = await v.mux.video.uploads.create({ cors_origin: 'https://app.example.com' });
    const preflight = await fetch(upload.url ?? '', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
    const forged = new URL(upload.url ?? '');
    forged.searchParams.set('token', 'forged');
    expect((await putFile(forged.href)).status).toBe(403);
    expect((await v.mux.video.uploads.retrieve(upload.id)).status).toBe('waiting');
  });

  it('errors the upload when the file is not media', async () => {
    const upload = await v.mux.video.uploads.create({ cors_origin: '*' });
    expect((await putFile(upload.url ?? '', new Uint8Array())).status).toBe(200);
    const errored = await uploadStatus(upload.id, 'errored');
    expect(errored.error?.type).toBe('invalid_input');
    const event = await v.event('video.upload.errored', (candidate) => candidate.data.id === upload.id);
    expect(event.data.status).toBe('errored');
    await v.event('video.asset.errored', (candidate) => candidate.data.upload_id === upload.id);
  });

  it('cancels a waiting upload; the URL then stops accepting the file', async () => {
    const upload = await v.mux.video.uploads.create({ cors_origin: '*' });
    const response = await v.api('PUT', `/video/v1/uploads/${upload.id}/cancel`);
    expect(response.status).toBe(200);
    expect((response.body as { data: Upload }).data).toMatchObject({ id: upload.id, status: 'cancelled' });
    await v.event('video.upload.cancelled', (event) => event.data.id === upload.id);
    expect((await putFile(upload.url ?? '')).status).toBe(403);
    expect((await v.mux.video.uploads.retrieve(upload.id)).asset_id).toBeUndefined();
  });

  it('refuses to cancel once the asset is created (403)', async () => {
    const upload = await v.mux.video.uploads.create({ cors_origin: '*' });
    await putFile(upload.url ?? '');
    await uploadStatus(upload.id, 'asset_created');
    const refused = await v.mux.video.uploads.cancel(upload.id).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(PermissionDeniedError);
    expect((refused as PermissionDeniedError).status).toBe(403);
    expect((await v.mux.video.uploads.retrieve(upload.id)).status).toBe('asset_created');
  });

  it('times out an unused upload after its timeout', async () => {
    const upload = await v.mux.video.uploads.create({ cors_origin: '*', timeout: 60 });
    expect(upload.timeout).toBe(60);
    const timedOut = await uploadStatus(upload.id, 'timed_out');
    expect(timedOut.url).toBeUndefined();
    expect((await putFile(upload.url ?? '')).status).toBe(403);
  });

  it('validates the upload body', async () => {
    for (const [body, field] of [
      [{ cors_origin: '*', timeout: 59 }, 'timeout'],
      [{ cors_origin: '*', timeout: 604801 }, 'timeout'],
      [{}, 'cors_origin'],
      [
        { cors_origin: '*', new_asset_settings: { inputs: [{ generated_subtitles: [{ language_code: 'klingon' }] }] } },
        'new_asset_settings.inputs[0]',
      ],
    ] as const) {
      const response = await v.api('POST', '/video/v1/uploads', body);
      expect(response.status, field).toBe(400);
      expect(JSON.stringify(response.body)).toContain(field);
    }
  });

  it('refuses unknown upload ids with 404', async () => {
    const response = await v.api('GET', '/video/v1/uploads/NoSuchUpload00000000000000000000');
    expect(response.status).toBe(404);
    expect((response.body as { error: { type: string } }).error.type).toBe('not_found');
  });
});

describe('upload list', () => {
  let paged: VideoSim;
  useVideoSim((sim) => (paged = sim));

  it('pages by page and limit, newest first, until a page comes back empty', async () => {
    const created: string[] = [];
    for (let index = 0; index < 5; index++)
      created.push((await paged.mux.video.uploads.create({ cors_origin: '*' })).id);
    const newestFirst = created.reverse();

    const seen: string[] = [];
    for await (const upload of paged.mux.video.uploads.list({ limit: 2 })) seen.push(upload.id);
    expect(seen).toEqual(newestFirst);

    const third = await paged.api('GET', '/video/v1/uploads?limit=2&page=3');
    expect((third.body as { data: Upload[] }).data.map((upload) => upload.id)).toEqual(newestFirst.slice(4));
    const beyond = await paged.api('GET', '/video/v1/uploads?limit=2&page=4');
    expect((beyond.body as { data: Upload[] }).data).toEqual([]);
  });
});
