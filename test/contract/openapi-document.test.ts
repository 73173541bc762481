// Tests of the contract validator itself, with bodies hand-built from Mux's OpenAPI document.
import { describe, expect, it } from 'vitest';
import { matchPathTemplate, validateResponse, validateWebhook } from './openapi.js';

const asset = {
  id: 'asset123',
  created_at: '1700000000',
  status: 'ready',
  duration: 12.5,
  max_resolution_tier: '1080p',
  encoding_tier: 'baseline',
  video_quality: 'basic',
  master_access: 'none',
  progress: { state: 'completed', progress: 100 },
  playback_ids: [{ id: 'pb123', policy: 'public' }],
  tracks: [
    {
      id: 'video1',
      type: 'video',
      max_width: 1920,
      max_height: 1080,
      max_frame_rate: 30,
      duration: 12.5,
      status: 'ready',
    },
    {
      id: 'text1',
      type: 'text',
      text_type: 'subtitles',
      text_source: 'generated_vod',
      language_code: 'en',
      name: 'English',
      closed_captions: true,
      status: 'preparing',
    },
  ],
  passthrough: 'ref-1',
  ingest_type: 'on_demand_url',
};

const webhookEnvelope = {
  id: '3a56ac3d-33da-4366-855b-f592d898409d',
  created_at: '2026-01-01T00:00:00.000000Z',
  object: { type: 'track', id: 'text1' },
  environment: { id: 'env1', name: 'Production' },
  attempts: [],
};

const readyTrackWebhook = {
  ...webhookEnvelope,
  type: 'video.asset.track.ready',
  data: {
    id: 'text1',
    type: 'text',
    text_type: 'subtitles',
    text_source: 'generated_vod',
    language_code: 'en',
    status: 'ready',
    asset_id: 'asset123',
  },
};

const premiumCaptionsJob = {
  id: 'rjob_1',
  workflow: 'generate-premium-captions',
  status: 'completed',
  units_consumed: 12,
  created_at: 1700000000,
  updated_at: 1700000300,
  parameters: { asset_id: 'asset123', language_code: 'en' },
  outputs: { language_code: 'en', track_id: 'text2', temporary_srt_url: 'https://storage.example/en.srt' },
  resources: {
    assets: [{ id: 'asset123', _links: { self: { href: 'https://api.mux.com/video/v1/assets/asset123' } } }],
  },
};

describe('matchPathTemplate', () => {
  it.each([
    [
      '/video/v1/assets/X/tracks/Y/generate-subtitles',
      '/video/v1/assets/{ASSET_ID}/tracks/{TRACK_ID}/generate-subtitles',
    ],
    ['/video/v1/assets/X/tracks/Y', '/video/v1/assets/{ASSET_ID}/tracks/{TRACK_ID}'],
    ['/robots/v0/jobs/generate-premium-captions/J', '/robots/v0/jobs/generate-premium-captions/{JOB_ID}'],
    ['/robots/v0/jobs/generate-premium-captions', '/robots/v0/jobs/generate-premium-captions'],
    ['/robots/v0/jobs/J/cancel', '/robots/v0/jobs/{JOB_ID}/cancel'],
    ['/PB/text/T.vtt', '/{PLAYBACK_ID}/text/{TRACK_ID}.vtt'],
    ['https://stream.mux.com/PB/text/T.txt?token=abc', '/{PLAYBACK_ID}/text/{TRACK_ID}.txt'],
    ['/video/v1/assets?limit=10&cursor=c', '/video/v1/assets'],
  ])('maps %s to %s', (url, template) => {
    expect(matchPathTemplate(url)).toBe(template);
  });

  it('prefers a literal segment over a parameter when both templates match', () => {
    expect(matchPathTemplate('/robots/v0/jobs/edit-captions/cancel')).toBe('/robots/v0/jobs/edit-captions/{JOB_ID}');
  });

  it('finds nothing for paths outside the kept operations', () => {
    expect(matchPathTemplate('/video/v1/live-streams/L')).toBeUndefined();
    expect(matchPathTemplate('/PB/text/T.srt')).toBeUndefined();
  });
});

describe('validateResponse', () => {
  it('accepts a correct asset response', () => {
    expect(validateResponse('GET', '/video/v1/assets/asset123', 200, { data: asset })).toEqual([]);
    expect(validateResponse('POST', '/video/v1/assets', 201, { data: { ...asset, status: 'preparing' } })).toEqual([]);
  });

  it('accepts a null next_cursor on the asset list (OpenAPI 3.0 style nullable)', () => {
    expect(validateResponse('GET', '/video/v1/assets', 200, { data: [asset], next_cursor: null })).toEqual([]);
  });

  it('rejects a wrong type and names the path of the bad value', () => {
    const errors = validateResponse('GET', '/video/v1/assets/asset123', 200, { data: { ...asset, status: 42 } });
    expect(errors).toContain('GET /video/v1/assets/{ASSET_ID} 200: /data/status must be string');
  });

  it('rejects a REST asset whose created_at is a number (the REST schema types it as a string)', () => {
    const errors = validateResponse('GET', '/video/v1/assets/asset123', 200, {
      data: { ...asset, created_at: 1700000000 },
    });
    expect(errors).toEqual(['GET /video/v1/assets/{ASSET_ID} 200: /data/created_at must be string']);
  });

  it('rejects a missing required property', () => {
    const { progress: _progress, ...withoutProgress } = asset;
    const errors = validateResponse('GET', '/video/v1/assets/asset123', 200, { data: withoutProgress });
    expect(errors).toEqual(["GET /video/v1/assets/{ASSET_ID} 200: /data must have required property 'progress'"]);
  });

  it('checks Robots error bodies, whose message is a single string', () => {
    const url = '/robots/v0/jobs/generate-premium-captions';
    expect(
      validateResponse('POST', url, 422, { error: { type: 'unprocessable', message: 'Asset has no playback ID' } }),
    ).toEqual([]);
    const errors = validateResponse('POST', url, 422, {
      error: { type: 'unprocessable', messages: ['Asset has no playback ID'] },
    });
    expect(errors).toContain(`POST ${url} 422: /error must have required property 'message'`);
  });

  it('rejects a track error body whose messages is a string instead of an array', () => {
    const errored = { ...asset.tracks[1], status: 'errored', error: { type: 'invalid_input', messages: 'bad file' } };
    const errors = validateWebhook('video.asset.track.errored', {
      ...webhookEnvelope,
      type: 'video.asset.track.errored',
      data: errored,
    });
    expect(errors).toEqual(['video.asset.track.errored: /data/error/messages must be array']);
  });

  it('rejects a status code the document does not describe', () => {
    expect(
      validateResponse('GET', '/video/v1/assets/asset123', 404, { error: { type: 'not_found', messages: ['x'] } }),
    ).toEqual(['GET /video/v1/assets/{ASSET_ID} 404: status not documented (documented: 200)']);
  });

  it('rejects an operation the document does not describe', () => {
    expect(validateResponse('PUT', '/video/v1/assets/asset123', 200, { data: asset })).toEqual([
      'PUT /video/v1/assets/{ASSET_ID} is not in the document',
    ]);
    expect(validateResponse('GET', '/video/v1/live-streams', 200, { data: [] })).toEqual([
      'no path in the document matches /video/v1/live-streams',
    ]);
  });

  it('accepts an empty 204 and rejects a 204 with a body', () => {
    expect(validateResponse('DELETE', '/video/v1/assets/asset123/tracks/text1', 204, undefined)).toEqual([]);
    expect(validateResponse('DELETE', '/video/v1/assets/asset123', 204, { data: asset })).toEqual([
      'DELETE /video/v1/assets/{ASSET_ID} 204: must have no body',
    ]);
  });

  it('accepts a generate-subtitles response only as an array of tracks', () => {
    const url = '/video/v1/assets/asset123/tracks/audio1/generate-subtitles';
    expect(validateResponse('POST', url, 201, { data: [asset.tracks[1]] })).toEqual([]);
    expect(validateResponse('POST', url, 201, { data: asset.tracks[1] })).toEqual([
      'POST /video/v1/assets/{ASSET_ID}/tracks/{TRACK_ID}/generate-subtitles 201: /data must be array',
    ]);
  });

  it('validates Robots job, list and cancel bodies', () => {
    expect(
      validateResponse('GET', '/robots/v0/jobs/generate-premium-captions/rjob_1', 200, { data: premiumCaptionsJob }),
    ).toEqual([]);
    const summary = {
      id: 'rjob_1',
      workflow: 'generate-premium-captions',
      status: 'cancelled',
      created_at: 1700000000,
      updated_at: 1700000001,
      _links: { self: { href: 'https://api.mux.com/robots/v0/jobs/generate-premium-captions/rjob_1' } },
    };
    expect(
      validateResponse('GET', '/robots/v0/jobs?workflow=generate-premium-captions', 200, {
        data: [summary],
        total_row_count: 1,
      }),
    ).toEqual([]);
    expect(validateResponse('POST', '/robots/v0/jobs/rjob_1/cancel', 200, { data: summary })).toEqual([]);
    expect(validateResponse('GET', '/robots/v0/jobs', 200, { data: [summary] })).toEqual([
      "GET /robots/v0/jobs 200: / must have required property 'total_row_count'",
    ]);
  });

  it('checks only status and content type for text bodies', () => {
    expect(validateResponse('GET', '/PB/text/T.vtt', 200, 'WEBVTT\n', 'text/vtt; charset=utf-8')).toEqual([]);
    expect(validateResponse('GET', '/PB/text/T.txt', 200, 'Hello there.', 'text/plain')).toEqual([]);
    expect(validateResponse('GET', '/PB/text/T.vtt', 200, 'Hello there.', 'text/plain')).toEqual([
      'GET /{PLAYBACK_ID}/text/{TRACK_ID}.vtt 200: content type text/plain not documented (documented: text/vtt)',
    ]);
    expect(validateResponse('GET', '/PB/text/T.vtt', 404, { code: 5, message: 'Not Found' })).toEqual([]);
    expect(validateResponse('GET', '/PB/text/T.vtt', 403, 'Forbidden', 'text/plain')).toEqual([
      'GET /{PLAYBACK_ID}/text/{TRACK_ID}.vtt 403: status not documented (documented: 200, 400, 404)',
    ]);
  });
});

describe('validateWebhook', () => {
  it('accepts a video.asset.track.ready body', () => {
    expect(validateWebhook('video.asset.track.ready', readyTrackWebhook)).toEqual([]);
  });

  it('rejects a track webhook whose data has the wrong shape', () => {
    const errors = validateWebhook('video.asset.track.ready', { ...readyTrackWebhook, data: [readyTrackWebhook.data] });
    expect(errors).toEqual(['video.asset.track.ready: /data must be object']);
    const badStatus = validateWebhook('video.asset.track.ready', {
      ...readyTrackWebhook,
      data: { ...readyTrackWebhook.data, text_source: 'premium' },
    });
    expect(badStatus).toEqual([
      'video.asset.track.ready: /data/text_source must be equal to one of the allowed values (uploaded, embedded, ' +
        'generated_live, generated_live_final, generated_vod)',
    ]);
  });

  it('rejects a body whose type is a different event than the one named', () => {
    const errors = validateWebhook('video.asset.track.created', readyTrackWebhook);
    expect(errors).toEqual([
      'video.asset.track.created: /type must be equal to one of the allowed values (video.asset.track.created)',
    ]);
  });

  it('checks the envelope: ISO created_at and required environment', () => {
    const { environment: _environment, ...withoutEnvironment } = readyTrackWebhook;
    expect(validateWebhook('video.asset.track.ready', { ...withoutEnvironment, created_at: '1700000000' })).toEqual([
      "video.asset.track.ready: / must have required property 'environment'",
      'video.asset.track.ready: /created_at must match format "date-time"',
    ]);
  });

  it('types the asset created_at in asset webhooks as an integer', () => {
    const body = { ...webhookEnvelope, type: 'video.asset.ready', object: { type: 'asset', id: asset.id } };
    expect(validateWebhook('video.asset.ready', { ...body, data: { ...asset, created_at: 1700000000 } })).toEqual([]);
    expect(validateWebhook('video.asset.ready', { ...body, data: asset })).toEqual([
      'video.asset.ready: /data/created_at must be integer',
    ]);
  });

  it('expects the Robots job itself as data, with the workflow-specific outputs', () => {
    const body = {
      ...webhookEnvelope,
      type: 'robots.job.generate_premium_captions.completed',
      object: { type: 'robots_job', id: 'rjob_1' },
      data: premiumCaptionsJob,
    };
    expect(validateWebhook('robots.job.generate_premium_captions.completed', body)).toEqual([]);
    const nested = { ...body, data: { 'robots.job.generate_premium_captions.completed': premiumCaptionsJob } };
    expect(validateWebhook('robots.job.generate_premium_captions.completed', nested)).toContain(
      "robots.job.generate_premium_captions.completed: /data must have required property 'id'",
    );
    const withoutLanguage = { ...body, data: { ...premiumCaptionsJob, outputs: { track_id: 'text2' } } };
    expect(validateWebhook('robots.job.generate_premium_captions.completed', withoutLanguage)).toEqual([
      "robots.job.generate_premium_captions.completed: /data/outputs must have required property 'language_code'",
    ]);
  });

  it('rejects an event type the trimmed document does not keep', () => {
    expect(
      validateWebhook('video.live_stream.active', { ...webhookEnvelope, type: 'video.live_stream.active', data: {} }),
    ).toEqual(['webhook event type video.live_stream.active is not in the document']);
  });
});
