// The simulated Robots caption workflows, driven with the official SDK over HTTP and checked against Mux's
// OpenAPI document: job lifecycles, outputs, the tracks they leave on the asset, the temporary files, every
// documented rejection, listing, cancelling and the signed `robots.job.*` webhooks.
import Mux, { BadRequestError, ConflictError, NotFoundError, UnprocessableEntityError } from '@mux/mux-node';
import type { JobSummary } from '@mux/mux-node/resources/robots/jobs/jobs';
import type { Asset, Track } from '@mux/mux-node/resources/video/assets';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createSimulator,
  defaultSimulatorOptions,
  type Simulator,
  type SimulatorOptions,
} from '../../src/sim/index.js';
import { waitFor } from '../support/wait.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { validateResponse, validateWebhook } from './openapi.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const TERMINAL = ['completed', 'errored', 'cancelled'];

/** A received webhook, with its type and `data` pulled out of the parsed body. */
interface Delivery {
  body: string;
  headers: Record<string, string>;
  type: string;
  data: Record<string, unknown>;
}

function deliveries(receiver: WebhookReceiver): Delivery[] {
  return receiver.received.map(({ body, headers, event }) => ({
    body,
    headers,
    type: event.type,
    data: event.data as Record<string, unknown>,
  }));
}

/** A simulator plus an SDK client whose every Robots response body is checked against the OpenAPI document. */
class Harness {
  readonly contractErrors: string[] = [];
  mux!: Mux;
  sim!: Simulator;

  async start(overrides: Partial<SimulatorOptions> = {}): Promise<this> {
    this.sim = await createSimulator(defaultSimulatorOptions({ speed: 1000, ...overrides }));
    const options = this.sim.context.options;
    this.mux = new Mux({
      tokenId: options.tokenId,
      tokenSecret: options.tokenSecret,
      webhookSecret: options.webhookSecret,
      baseURL: this.sim.apiUrl,
      // Assertions on 409 (and any 5xx) need the first answer, not the SDK's retries.
      maxRetries: 0,
      fetch: this.#validatingFetch,
    });
    return this;
  }

  #validatingFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (new URL(url).pathname.startsWith('/robots/')) {
      const body: unknown = await response.clone().json();
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      this.contractErrors.push(
        ...validateResponse(method, url, response.status, body, response.headers.get('content-type') ?? undefined),
      );
    }
    return response;
  };

  /** Contract findings so far, cleared: a test expecting a documented gap takes it out before afterEach looks. */
  takeContractErrors(): string[] {
    return this.contractErrors.splice(0);
  }

  async readyAsset(
    query = 'duration=60',
    { playback = true, ...settings }: { playback?: boolean; passthrough?: string; meta?: Asset['meta'] } = {},
  ): Promise<Asset> {
    const created = await this.mux.video.assets.create({
      inputs: [{ url: `https://media.example.com/talk.mp4?${query}` }],
      ...(playback ? { playback_policies: ['public'] } : {}),
      ...settings,
    });
    return waitFor(
      async () => {
        const asset = await this.mux.video.assets.retrieve(created.id);
        return asset.status === 'ready' && asset;
      },
      { description: `asset ${created.id} ready` },
    );
  }

  async track(assetId: string, trackId: string): Promise<Track | undefined> {
    const asset = await this.mux.video.assets.retrieve(assetId);
    return asset.tracks?.find((track) => track.id === trackId);
  }

  async readyTrack(assetId: string, trackId: string): Promise<Track> {
    return waitFor(
      async () => {
        const track = await this.track(assetId, trackId);
        return track?.status === 'ready' && track;
      },
      { description: `track ${trackId} ready` },
    );
  }

  /** The track's WebVTT as players get it from the stream host. */
  async streamVtt(asset: Asset, trackId: string): Promise<string> {
    const playbackId = asset.playback_ids?.[0]?.id ?? '';
    const response = await fetch(`${this.sim.streamUrl}/${playbackId}/text/${trackId}.vtt`);
    expect(response.status).toBe(200);
    return response.text();
  }

  /** A request the SDK cannot make (or whose body it hides), with the same credentials; validated like the rest. */
  async rawRequest(method: string, path: string, body?: string): Promise<{ status: number; body: unknown }> {
    const { tokenId, tokenSecret } = this.sim.context.options;
    const response = await this.#validatingFetch(`${this.sim.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${tokenId}:${tokenSecret}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      ...(body === undefined ? {} : { body }),
    });
    return { status: response.status, body: await response.json() };
  }

  async close(): Promise<void> {
    await this.sim.close();
  }
}

async function finished<J extends { status: string }>(retrieve: () => Promise<J>): Promise<J> {
  return waitFor(
    async () => {
      const job = await retrieve();
      return TERMINAL.includes(job.status) && job;
    },
    { description: 'job to finish' },
  );
}

async function download(url: string | undefined): Promise<{ status: number; contentType: string; text: string }> {
  const response = await fetch(url ?? 'missing-url');
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

/** The caption text of a WebVTT or SRT file, without the header, counters and timing lines. */
function cueText(file: string): string[] {
  return file
    .split('\n')
    .filter((line) => line.trim() !== '' && line !== 'WEBVTT' && !line.includes('-->') && !/^\d+$/.test(line));
}

async function rejection(promise: Promise<unknown>): Promise<{ status: number; body: unknown; error: unknown }> {
  try {
    await promise;
  } catch (error) {
    const { status, error: body } = error as { status: number; error: unknown };
    return { status, body, error };
  }
  throw new Error('expected the request to be rejected');
}

function robotsErrorBody(type: string, message: string | RegExp): unknown {
  return { error: { type, message: typeof message === 'string' ? message : expect.stringMatching(message) } };
}

describe('simulated Robots caption workflows', () => {
  const harness = new Harness();
  let receiver: WebhookReceiver;
  let mux: Mux;
  let sim: Simulator;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    await harness.start({ webhookUrls: [receiver.url] });
    ({ mux, sim } = harness);
  });

  afterEach(() => {
    expect(harness.takeContractErrors()).toEqual([]);
  });

  afterAll(async () => {
    await harness.close();
    await receiver.close();
  });

  function jobDeliveries(jobId: string): Delivery[] {
    return deliveries(receiver).filter(
      (delivery) => delivery.type.startsWith('robots.job.') && delivery.data.id === jobId,
    );
  }

  async function premiumJob(
    parameters: Parameters<Mux['robots']['jobs']['generatePremiumCaptions']['create']>[0]['parameters'],
  ) {
    const job = await mux.robots.jobs.generatePremiumCaptions.create({ parameters });
    return finished(() => mux.robots.jobs.generatePremiumCaptions.retrieve(job.id));
  }

  /** The completion event arrives signed, matches Mux's schema and carries the outputs. */
  async function expectCompletedWebhook(type: string, jobId: string): Promise<void> {
    const delivery = await waitFor(() => jobDeliveries(jobId).find((candidate) => candidate.type === type), {
      description: type,
    });
    await mux.webhooks.unwrap(delivery.body, delivery.headers);
    expect(validateWebhook(type, JSON.parse(delivery.body))).toEqual([]);
    expect(delivery.data.outputs).toBeDefined();
  }

  type EditParameters = Parameters<Mux['robots']['jobs']['editCaptions']['create']>[0]['parameters'];
  type TranslateParameters = Parameters<Mux['robots']['jobs']['translateCaptions']['create']>[0]['parameters'];

  async function editJob(parameters: EditParameters) {
    const job = await mux.robots.jobs.editCaptions.create({ parameters });
    return finished(() => mux.robots.jobs.editCaptions.retrieve(job.id));
  }

  async function translateJob(parameters: TranslateParameters) {
    const job = await mux.robots.jobs.translateCaptions.create({ parameters });
    return finished(() => mux.robots.jobs.translateCaptions.retrieve(job.id));
  }

  /** An asset with a ready English premium-caption track (with speaker labels), to edit or translate. */
  async function captionedAsset(): Promise<{ asset: Asset; track: Track; vtt: string }> {
    const asset = await harness.readyAsset('duration=90');
    const job = await premiumJob({ asset_id: asset.id, language_code: 'en', include_speakers: true });
    expect(job.status).toBe('completed');
    const track = await harness.readyTrack(asset.id, job.outputs?.track_id ?? '');
    return { asset, track, vtt: await harness.streamVtt(asset, track.id ?? '') };
  }

  describe('generate-premium-captions', () => {
    it('queues a pending job that completes with an uploaded, ready text track and a downloadable SRT', async () => {
      const asset = await harness.readyAsset();
      const created = await mux.robots.jobs.generatePremiumCaptions.create({
        parameters: { asset_id: asset.id, language_code: 'en' },
        passthrough: 'order-42',
      });
      expect(created).toEqual({
        id: expect.stringMatching(/^rjob_/),
        workflow: 'generate-premium-captions',
        status: 'pending',
        units_consumed: 0,
        created_at: expect.any(Number),
        updated_at: created.created_at,
        // Boolean defaults are echoed filled in, as in Mux's example payload.
        parameters: {
          asset_id: asset.id,
          language_code: 'en',
          replace_existing: false,
          include_speakers: false,
          include_words: false,
          upload_to_mux: true,
        },
        passthrough: 'order-42',
        resources: {
          assets: [{ id: asset.id, _links: { self: { href: `${sim.apiUrl}/video/v1/assets/${asset.id}` } } }],
        },
      });

      const job = await finished(() => mux.robots.jobs.generatePremiumCaptions.retrieve(created.id));
      expect(job.status).toBe('completed');
      expect(Number.isInteger(job.updated_at) && job.updated_at >= job.created_at).toBe(true);
      expect(job.units_consumed).toBeGreaterThan(0);
      expect(job.outputs).toEqual({
        language_code: 'en',
        track_id: expect.any(String),
        temporary_srt_url: expect.stringMatching(/\.srt$/),
        detected_language: 'en',
        auto_language_confidence: 1,
      });

      const track = await harness.track(asset.id, job.outputs?.track_id ?? '');
      expect(track).toMatchObject({
        type: 'text',
        text_type: 'subtitles',
        text_source: 'uploaded',
        status: 'ready',
        language_code: 'en',
        name: 'English (Generated)',
      });
      const vtt = await harness.streamVtt(asset, track?.id ?? '');
      expect(vtt.startsWith('WEBVTT')).toBe(true);

      const srt = await download(job.outputs?.temporary_srt_url);
      expect(srt.status).toBe(200);
      expect(srt.text).toMatch(/^1\n\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}\n/);
      expect(cueText(srt.text)).toEqual(cueText(vtt));
    });

    it('detects the spoken language when language_code is left out', async () => {
      const asset = await harness.readyAsset('duration=45&lang=es', {
        passthrough: 'lesson-7',
        meta: { title: 'Lección 7', external_id: 'L7' },
      });
      const job = await premiumJob({ asset_id: asset.id });
      expect(job.resources?.assets).toEqual([
        {
          id: asset.id,
          passthrough: 'lesson-7',
          meta: { title: 'Lección 7', external_id: 'L7' },
          _links: { self: { href: `${sim.apiUrl}/video/v1/assets/${asset.id}` } },
        },
      ]);
      expect(job.parameters).not.toHaveProperty('language_code');
      expect(job.outputs).toMatchObject({ language_code: 'es', detected_language: 'es' });
      expect(job.outputs?.auto_language_confidence).toBeGreaterThan(0);
      expect(job.outputs?.auto_language_confidence).toBeLessThan(1);
      expect(await harness.track(asset.id, job.outputs?.track_id ?? '')).toMatchObject({
        language_code: 'es',
        name: 'Spanish (Generated)',
      });
    });

    it('spells terms as the phrases give them', async () => {
      // Twenty minutes runs through every bundled English script, so "Mux" is certainly said.
      const asset = await harness.readyAsset('duration=1200');
      const plain = await premiumJob({ asset_id: asset.id, language_code: 'en', upload_to_mux: false });
      const hinted = await premiumJob({
        asset_id: asset.id,
        language_code: 'en',
        upload_to_mux: false,
        phrases: ['Mux', 'Kubernetes'],
      });
      const plainSrt = (await download(plain.outputs?.temporary_srt_url)).text;
      const hintedSrt = (await download(hinted.outputs?.temporary_srt_url)).text;
      expect(plainSrt).toContain('Mucks');
      expect(hintedSrt).not.toContain('Mucks');
      expect(hintedSrt).toMatch(/\bMux\b/);
      expect(hinted.parameters.phrases).toEqual(['Mux', 'Kubernetes']);
    });

    it('labels speakers and exports word timings when asked, at a higher unit rate', async () => {
      const asset = await harness.readyAsset('duration=120');
      const detailed = await premiumJob({
        asset_id: asset.id,
        language_code: 'en',
        include_speakers: true,
        include_words: true,
        track_name: 'Interview',
      });
      const plain = await premiumJob({ asset_id: asset.id, language_code: 'en', upload_to_mux: false });
      expect(detailed.units_consumed).toBeGreaterThan(plain.units_consumed);
      expect(plain.outputs).not.toHaveProperty('temporary_words_url');

      const track = await harness.track(asset.id, detailed.outputs?.track_id ?? '');
      expect(track?.name).toBe('Interview');
      const vtt = await harness.streamVtt(asset, track?.id ?? '');
      expect(vtt).toMatch(/^\[speaker_0\] /m);

      const words = await download(detailed.outputs?.temporary_words_url);
      expect(words.status).toBe(200);
      expect(words.contentType).toContain('application/json');
      const file = JSON.parse(words.text) as {
        words: { text: string; start: number; end: number; speaker?: string }[];
      };
      expect(file.words.length).toBeGreaterThan(50);
      expect(file.words[0]).toEqual({
        text: expect.any(String),
        start: expect.any(Number),
        end: expect.any(Number),
        speaker: 'speaker_0',
      });
    });

    it('creates no track with upload_to_mux false but still serves the SRT', async () => {
      const asset = await harness.readyAsset();
      const job = await premiumJob({ asset_id: asset.id, language_code: 'en', upload_to_mux: false });
      expect(job.status).toBe('completed');
      expect(job.outputs).not.toHaveProperty('track_id');
      const after = await mux.video.assets.retrieve(asset.id);
      expect(after.tracks?.filter((track) => track.type === 'text')).toEqual([]);
      const srt = await download(job.outputs?.temporary_srt_url);
      expect(srt.status).toBe(200);
      expect(srt.contentType).toContain('application/x-subrip');
    });

    it('replaces the same-language track with replace_existing and reports it', async () => {
      const asset = await harness.readyAsset();
      const first = await premiumJob({ asset_id: asset.id, language_code: 'en' });
      const firstTrackId = first.outputs?.track_id ?? '';
      await harness.readyTrack(asset.id, firstTrackId);

      const second = await premiumJob({ asset_id: asset.id, language_code: 'en', replace_existing: true });
      expect(second.outputs?.replaced_track_id).toBe(firstTrackId);
      const textTracks = (await mux.video.assets.retrieve(asset.id)).tracks?.filter((track) => track.type === 'text');
      expect(textTracks?.map((track) => [track.id, track.status])).toEqual([[second.outputs?.track_id, 'ready']]);
      await waitFor(() =>
        deliveries(receiver).some(
          (delivery) => delivery.type === 'video.asset.track.deleted' && delivery.data.id === firstTrackId,
        ),
      );
    });

    it('errors the job when the asset has no audio', async () => {
      const asset = await harness.readyAsset('duration=60&note=no-audio');
      const job = await premiumJob({ asset_id: asset.id, language_code: 'en' });
      expect(job.status).toBe('errored');
      expect(job.errors).toEqual([
        { type: 'no_audio', message: expect.stringContaining('no audio'), retryable: false },
      ]);
      expect(job).not.toHaveProperty('outputs');
      expect(job.units_consumed).toBe(0);
      await waitFor(() =>
        jobDeliveries(job.id).some((delivery) => delivery.type === 'robots.job.generate_premium_captions.errored'),
      );
    });
  });

  describe('edit-captions', () => {
    it('applies replacements and speaker relabelling, uploads the result and deletes the original', async () => {
      const { asset, track, vtt } = await captionedAsset();
      const theCount =
        cueText(vtt)
          .join('\n')
          .match(/\bthe\b/gi)?.length ?? 0;
      const speaker0Cues = vtt.match(/^\[speaker_0\] /gm)?.length ?? 0;
      expect(theCount).toBeGreaterThan(0);

      const created = await mux.robots.jobs.editCaptions.create({
        parameters: {
          asset_id: asset.id,
          track_id: track.id ?? '',
          replacements: [{ find: 'the', replace: 'THE' }],
          speaker_replacements: [{ find: 'speaker_0', replace: 'Alice' }],
        },
      });
      expect(created.parameters).toEqual({
        asset_id: asset.id,
        track_id: track.id,
        replacements: [{ find: 'the', replace: 'THE' }],
        speaker_replacements: [{ find: 'speaker_0', replace: 'Alice' }],
        upload_to_mux: true,
        delete_original_track: true,
      });
      const job = await finished(() => mux.robots.jobs.editCaptions.retrieve(created.id));
      expect(job.status).toBe('completed');
      expect(job.outputs).toEqual({
        total_replacement_count: theCount + speaker0Cues,
        uploaded_track_id: expect.any(String),
        temporary_vtt_url: expect.stringMatching(/\.vtt$/),
      });

      const tracks = (await mux.video.assets.retrieve(asset.id)).tracks ?? [];
      expect(tracks.some((candidate) => candidate.id === track.id)).toBe(false);
      const edited = tracks.find((candidate) => candidate.id === job.outputs?.uploaded_track_id);
      expect(edited).toMatchObject({
        status: 'ready',
        language_code: 'en',
        text_source: 'uploaded',
        name: 'English (Generated) (edited)',
      });
      const editedVtt = await harness.streamVtt(asset, edited?.id ?? '');
      expect(editedVtt).toContain('[Alice] ');
      expect(editedVtt).not.toContain('[speaker_0]');
      expect(editedVtt).toMatch(/\bTHE\b/);
      expect(editedVtt).not.toMatch(/\bthe\b/);
      expect((await download(job.outputs?.temporary_vtt_url)).text).toBe(editedVtt);
      await expectCompletedWebhook('robots.job.edit_captions.completed', job.id);
    });

    it('censors into the temporary file only, leaving the asset alone, when upload_to_mux is false', async () => {
      const { asset, track, vtt } = await captionedAsset();
      const job = await editJob({
        asset_id: asset.id,
        track_id: track.id ?? '',
        upload_to_mux: false,
        auto_censor_profanity: { mode: 'mask', always_censor: ['the'] },
      });
      expect(job.status).toBe('completed');
      // Every "the", plus whatever the profanity detector finds on its own.
      expect(job.outputs?.total_replacement_count).toBeGreaterThanOrEqual(
        cueText(vtt)
          .join('\n')
          .match(/\bthe\b/gi)?.length ?? 1,
      );
      expect(job.outputs).not.toHaveProperty('uploaded_track_id');
      const censored = await download(job.outputs?.temporary_vtt_url);
      expect(censored.contentType).toContain('text/vtt');
      expect(censored.text).toMatch(/(^|\s)\?\?\?(\s|$)/m);
      expect(censored.text).not.toMatch(/\bthe\b/i);
      const textTracks = (await mux.video.assets.retrieve(asset.id)).tracks?.filter(
        (candidate) => candidate.type === 'text',
      );
      expect(textTracks?.map((candidate) => candidate.id)).toEqual([track.id]);
    });

    it('keeps the original with delete_original_track false and names the copy with the suffix', async () => {
      const { asset, track } = await captionedAsset();
      const job = await editJob({
        asset_id: asset.id,
        track_id: track.id ?? '',
        speaker_replacements: [{ find: 'speaker_0', replace: 'Host' }],
        delete_original_track: false,
        track_name_suffix: 'named',
      });
      const tracks = (await mux.video.assets.retrieve(asset.id)).tracks ?? [];
      expect(tracks.find((candidate) => candidate.id === track.id)?.status).toBe('ready');
      expect(tracks.find((candidate) => candidate.id === job.outputs?.uploaded_track_id)?.name).toBe(
        'English (Generated) (named)',
      );
    });
  });

  describe('translate-captions', () => {
    it('translates a ready track into a new track, keeping cue timings and never-translate terms', async () => {
      const { asset, track, vtt } = await captionedAsset();
      const created = await mux.robots.jobs.translateCaptions.create({
        parameters: { asset_id: asset.id, track_id: track.id ?? '', to_language_code: 'fr', never_translate: ['Mux'] },
      });
      expect(created.parameters).toEqual({
        asset_id: asset.id,
        track_id: track.id,
        to_language_code: 'fr',
        upload_to_mux: true,
        never_translate: ['Mux'],
      });
      const job = await finished(() => mux.robots.jobs.translateCaptions.retrieve(created.id));
      expect(job.status).toBe('completed');
      expect(job.outputs).toEqual({
        uploaded_track_id: expect.any(String),
        temporary_vtt_url: expect.stringMatching(/\.vtt$/),
        never_translate_terms_preserved: expect.any(Boolean),
      });

      const translated = await harness.track(asset.id, job.outputs?.uploaded_track_id ?? '');
      expect(translated).toMatchObject({
        status: 'ready',
        language_code: 'fr',
        name: 'French',
        text_source: 'uploaded',
      });
      const translatedVtt = await harness.streamVtt(asset, translated?.id ?? '');
      const timings = (file: string) => file.split('\n').filter((line) => line.includes('-->'));
      expect(timings(translatedVtt)).toEqual(timings(vtt));
      expect(cueText(translatedVtt)).not.toEqual(cueText(vtt));
      expect((await download(job.outputs?.temporary_vtt_url)).text).toBe(translatedVtt);
      await expectCompletedWebhook('robots.job.translate_captions.completed', job.id);
    });

    it('offers the translation as a temporary file only with upload_to_mux false', async () => {
      const { asset, track } = await captionedAsset();
      const job = await translateJob({
        asset_id: asset.id,
        track_id: track.id ?? '',
        to_language_code: 'de',
        upload_to_mux: false,
      });
      expect(job.outputs).toEqual({ temporary_vtt_url: expect.any(String) });
      expect((await download(job.outputs?.temporary_vtt_url)).text.startsWith('WEBVTT')).toBe(true);
      const languages = (await mux.video.assets.retrieve(asset.id)).tracks
        ?.filter((t) => t.type === 'text')
        .map((t) => t.language_code);
      expect(languages).toEqual(['en']);
    });
  });

  describe('rejections', () => {
    it('answers 422 for an unknown asset', async () => {
      const { status, body, error } = await rejection(
        mux.robots.jobs.generatePremiumCaptions.create({
          parameters: { asset_id: 'no-such-asset', language_code: 'en' },
        }),
      );
      expect(error).toBeInstanceOf(UnprocessableEntityError);
      expect(status).toBe(422);
      expect(body).toEqual(robotsErrorBody('unprocessable_entity', 'Asset no-such-asset not found'));
    });

    it('answers 422 for an asset without a playback ID, in every workflow', async () => {
      const asset = await harness.readyAsset('duration=30', { playback: false });
      const expected = robotsErrorBody('unprocessable_entity', `Asset ${asset.id} has no playback ID`);
      const attempts = [
        mux.robots.jobs.generatePremiumCaptions.create({ parameters: { asset_id: asset.id } }),
        mux.robots.jobs.editCaptions.create({
          parameters: { asset_id: asset.id, track_id: 'x', replacements: [{ find: 'a', replace: 'b' }] },
        }),
        mux.robots.jobs.translateCaptions.create({
          parameters: { asset_id: asset.id, track_id: 'x', to_language_code: 'es' },
        }),
      ];
      for (const attempt of attempts) expect(await rejection(attempt)).toMatchObject({ status: 422, body: expected });
    });

    it('answers 422 when the language already has a text track and replace_existing is false', async () => {
      const asset = await harness.readyAsset();
      await premiumJob({ asset_id: asset.id, language_code: 'en' });
      const { status, body } = await rejection(
        mux.robots.jobs.generatePremiumCaptions.create({ parameters: { asset_id: asset.id, language_code: 'en' } }),
      );
      expect(status).toBe(422);
      expect(body).toEqual(robotsErrorBody('unprocessable_entity', /already exists.*replace_existing/));
    });

    it('errors an auto-detected job whose detected language already has a track', async () => {
      const asset = await harness.readyAsset();
      await premiumJob({ asset_id: asset.id, language_code: 'en' });
      const job = await premiumJob({ asset_id: asset.id });
      expect(job.status).toBe('errored');
      expect(job.errors).toEqual([
        { type: 'track_exists', message: expect.stringContaining('"en" already exists'), retryable: false },
      ]);
    });

    it('answers 400 for replace_existing without upload_to_mux', async () => {
      const asset = await harness.readyAsset();
      const { status, body, error } = await rejection(
        mux.robots.jobs.generatePremiumCaptions.create({
          parameters: { asset_id: asset.id, upload_to_mux: false, replace_existing: true },
        }),
      );
      expect(error).toBeInstanceOf(BadRequestError);
      expect(status).toBe(400);
      expect(body).toEqual(
        robotsErrorBody('invalid_parameters', 'parameters.replace_existing must be false when upload_to_mux is false'),
      );
    });

    it('answers 400 naming a missing or mistyped parameter', async () => {
      const missing = await rejection(
        mux.robots.jobs.generatePremiumCaptions.create({ parameters: {} as { asset_id: string } }),
      );
      expect(missing).toMatchObject({
        status: 400,
        body: robotsErrorBody('invalid_parameters', 'parameters.asset_id is required'),
      });
      const mistyped = await rejection(
        mux.robots.jobs.generatePremiumCaptions.create({
          parameters: { asset_id: 'a', include_words: 'yes' as unknown as boolean },
        }),
      );
      expect(mistyped).toMatchObject({
        status: 400,
        body: robotsErrorBody('invalid_parameters', 'parameters.include_words must be a boolean'),
      });
      const badLanguage = await rejection(
        mux.robots.jobs.generatePremiumCaptions.create({ parameters: { asset_id: 'a', language_code: 'English' } }),
      );
      expect(badLanguage).toMatchObject({
        status: 400,
        body: robotsErrorBody('invalid_parameters', /^parameters\.language_code must be a BCP 47/),
      });
    });

    it('answers 400 for a body that is not JSON', async () => {
      const response = await harness.rawRequest('POST', '/robots/v0/jobs/generate-premium-captions', '{"parameters":');
      expect(response).toEqual({
        status: 400,
        body: robotsErrorBody('invalid_parameters', 'Request body must be a JSON object'),
      });
    });

    const phraseCases: [string, string[], string][] = [
      ['longer than 50 characters', ['x'.repeat(51)], 'parameters.phrases[0] must be at most 50 characters'],
      ['more than 5 words', ['one two three four five six'], 'parameters.phrases[0] must contain at most 5 words'],
      ['empty', ['Mux', ''], 'parameters.phrases[1] must not be empty'],
      ...['<', '>', '{', '}', '[', ']', '\\'].map((character): [string, string[], string] => [
        `containing ${character}`,
        [`Mux ${character}`],
        'parameters.phrases[0] must not contain any of < > { } [ ] \\',
      ]),
      ['an empty list', [], 'parameters.phrases must contain at least 1 phrase'],
      [
        'a list of 101',
        Array.from({ length: 101 }, (_, i) => `term${i}`),
        'parameters.phrases must contain at most 100 phrases',
      ],
    ];

    it.each(phraseCases)('answers 400 for phrases %s', async (_case, phrases, message) => {
      const { status, body } = await rejection(
        mux.robots.jobs.generatePremiumCaptions.create({
          parameters: { asset_id: 'any', upload_to_mux: false, phrases },
        }),
      );
      expect(status).toBe(400);
      expect(body).toEqual(robotsErrorBody('invalid_parameters', message));
    });

    it('accepts phrases right at the limits (50 characters, 5 words, 100 phrases)', async () => {
      const asset = await harness.readyAsset();
      const phrases = ['x'.repeat(50), 'one two three four five', ...Array.from({ length: 98 }, (_, i) => `term${i}`)];
      const job = await mux.robots.jobs.generatePremiumCaptions.create({
        parameters: { asset_id: asset.id, upload_to_mux: false, phrases },
      });
      expect(job.status).toBe('pending');
      expect(job.parameters.phrases).toHaveLength(100);
    });

    it('answers 400 for an edit without any kind of edit', async () => {
      const { status, body } = await rejection(
        mux.robots.jobs.editCaptions.create({ parameters: { asset_id: 'a', track_id: 't', replacements: [] } }),
      );
      expect(status).toBe(400);
      expect(body).toEqual(
        robotsErrorBody(
          'invalid_parameters',
          'parameters must include at least one of replacements, speaker_replacements or auto_censor_profanity',
        ),
      );
    });

    it('answers 422 when the track to edit or translate is not a ready text track of the asset', async () => {
      const asset = await harness.readyAsset();
      const expected = robotsErrorBody(
        'unprocessable_entity',
        `Track nope is not a ready text track on asset ${asset.id}`,
      );
      const edit = await rejection(
        mux.robots.jobs.editCaptions.create({
          parameters: { asset_id: asset.id, track_id: 'nope', speaker_replacements: [{ find: 'a', replace: 'b' }] },
        }),
      );
      expect(edit).toMatchObject({ status: 422, body: expected });
      const translate = await rejection(
        mux.robots.jobs.translateCaptions.create({
          parameters: { asset_id: asset.id, track_id: 'nope', to_language_code: 'es' },
        }),
      );
      expect(translate).toMatchObject({ status: 422, body: expected });
    });

    it('answers 422 when translating into a language the asset already has', async () => {
      const { asset, track } = await captionedAsset();
      const { status, body } = await rejection(
        mux.robots.jobs.translateCaptions.create({
          parameters: { asset_id: asset.id, track_id: track.id ?? '', to_language_code: 'en' },
        }),
      );
      expect(status).toBe(422);
      expect(body).toEqual(
        robotsErrorBody('unprocessable_entity', `Asset ${asset.id} already has a text track with language_code "en"`),
      );
    });

    it.each([
      ['<', 'Mux<b>', 'must not contain < or >'],
      ['an invisible character', 'Mu\u200Bx', 'must not contain invisible characters'],
      ['a character NFKC changes', '\uFB01nance', 'must not contain characters changed by Unicode normalization'],
      ['a character NFC changes', 'Mu\u0301x', 'must not contain characters changed by Unicode normalization'],
    ])('answers 400 for a never_translate term with %s', async (_case, term, message) => {
      const { status, body } = await rejection(
        mux.robots.jobs.translateCaptions.create({
          parameters: { asset_id: 'a', track_id: 't', to_language_code: 'es', never_translate: ['Mux', term] },
        }),
      );
      expect(status).toBe(400);
      expect(body).toEqual(robotsErrorBody('invalid_parameters', `parameters.never_translate[1] ${message}`));
      // Mux's document lists no 400 for translate-captions, yet validation must answer something; noted, not hidden.
      expect(harness.takeContractErrors()).toEqual([
        expect.stringContaining('POST /robots/v0/jobs/translate-captions 400: status not documented'),
      ]);
    });

    it('answers 409 for a duplicate of a job still in progress', async () => {
      // Twenty minutes of audio keep the first job busy for about 300 ms at this speed.
      const asset = await harness.readyAsset('duration=1200');
      const parameters = { asset_id: asset.id, language_code: 'en', upload_to_mux: false };
      const first = await mux.robots.jobs.generatePremiumCaptions.create({ parameters });
      const { status, body, error } = await rejection(mux.robots.jobs.generatePremiumCaptions.create({ parameters }));
      // The 15.0.0 document predates the 409 (added in SDK 15.3.0's changelog).
      expect(harness.takeContractErrors()).toEqual([expect.stringContaining('409: status not documented')]);
      expect(error).toBeInstanceOf(ConflictError);
      expect(status).toBe(409);
      expect(body).toEqual(
        robotsErrorBody(
          'conflict',
          new RegExp(`^An identical generate-premium-captions job \\(${first.id}\\) is already (pending|processing)$`),
        ),
      );
      await finished(() => mux.robots.jobs.generatePremiumCaptions.retrieve(first.id));
      const again = await mux.robots.jobs.generatePremiumCaptions.create({ parameters });
      expect(again.status).toBe('pending');
    });

    it('answers 404 for workflows the simulator does not run and for jobs under the wrong workflow', async () => {
      const summarize = await rejection(mux.robots.jobs.summarize.create({ parameters: { asset_id: 'a' } }));
      expect(summarize.error).toBeInstanceOf(NotFoundError);
      expect(summarize.body).toEqual(robotsErrorBody('not_found', /does not run the summarize workflow/));
      // The trimmed document only carries the caption workflows.
      expect(harness.takeContractErrors()).toEqual([expect.stringContaining('no path in the document matches')]);

      const asset = await harness.readyAsset();
      const job = await mux.robots.jobs.generatePremiumCaptions.create({
        parameters: { asset_id: asset.id, upload_to_mux: false },
      });
      const wrong = await rejection(mux.robots.jobs.editCaptions.retrieve(job.id));
      expect(wrong).toMatchObject({ status: 404, body: robotsErrorBody('not_found', `Job ${job.id} not found`) });
      const unknown = await rejection(mux.robots.jobs.generatePremiumCaptions.retrieve('rjob_unknown'));
      expect(unknown).toMatchObject({ status: 404, body: robotsErrorBody('not_found', 'Job rjob_unknown not found') });
    });
  });

  describe('listing and cancelling', () => {
    it('lists job summaries newest first, filtered and paged', async () => {
      const asset = await harness.readyAsset();
      const created = [];
      for (const include_words of [false, true]) {
        for (const include_speakers of [false, true]) {
          created.push(
            await mux.robots.jobs.generatePremiumCaptions.create({
              parameters: { asset_id: asset.id, upload_to_mux: false, include_words, include_speakers },
            }),
          );
        }
      }
      const newestFirst = created.map((job) => job.id).reverse();

      const all = await mux.robots.jobs.list({ asset_id: asset.id });
      expect(all.data.map((summary) => summary.id)).toEqual(newestFirst);
      const summary = all.data[0] as JobSummary;
      expect(Object.keys(summary).sort()).toEqual(['_links', 'created_at', 'id', 'status', 'updated_at', 'workflow']);
      expect(summary._links.self.href).toBe(`${sim.apiUrl}/robots/v0/jobs/generate-premium-captions/${summary.id}`);

      const firstPage = await mux.robots.jobs.list({ asset_id: asset.id, limit: 3, page: 1 });
      expect(firstPage.data.map((job) => job.id)).toEqual(newestFirst.slice(0, 3));
      // The SDK's page object drops total_row_count, so read the raw body for it.
      const rawFirstPage = await harness.rawRequest('GET', `/robots/v0/jobs?asset_id=${asset.id}&limit=3&page=1`);
      const rawBody = rawFirstPage.body as { data: JobSummary[]; total_row_count: number };
      expect(rawBody.data.map((job) => job.id)).toEqual(newestFirst.slice(0, 3));
      expect(rawBody.total_row_count).toBe(4);
      const secondPage = await mux.robots.jobs.list({ asset_id: asset.id, limit: 3, page: 2 });
      expect(secondPage.data.map((job) => job.id)).toEqual(newestFirst.slice(3));

      const everyId: string[] = [];
      for await (const job of mux.robots.jobs.list({ asset_id: asset.id, limit: 1 })) everyId.push(job.id);
      expect(everyId).toEqual(newestFirst);

      expect((await mux.robots.jobs.list({ asset_id: asset.id, workflow: 'edit-captions' })).data).toEqual([]);
      await Promise.all(created.map((job) => finished(() => mux.robots.jobs.generatePremiumCaptions.retrieve(job.id))));
      const completed = await mux.robots.jobs.list({
        asset_id: asset.id,
        status: 'completed',
        workflow: 'generate-premium-captions',
      });
      expect(completed.data.map((job) => job.id)).toEqual(newestFirst);
      expect((await mux.robots.jobs.list({ asset_id: asset.id, status: 'pending' })).data).toEqual([]);
    });

    it('clamps a limit above 100 instead of refusing it', async () => {
      const page = await mux.robots.jobs.list({ limit: 500 });
      expect(page.data.length).toBeLessThanOrEqual(100);
    });

    it('cancels an active job for good, then answers 409 to a second cancel', async () => {
      // Half an hour of audio: about 400 ms of processing at this speed, ample time to cancel.
      const asset = await harness.readyAsset('duration=1800');
      const job = await mux.robots.jobs.generatePremiumCaptions.create({
        parameters: { asset_id: asset.id, language_code: 'en' },
      });
      const cancelled = await mux.robots.jobs.cancel(job.id);
      expect(cancelled).toEqual({
        id: job.id,
        workflow: 'generate-premium-captions',
        status: 'cancelled',
        created_at: job.created_at,
        updated_at: expect.any(Number),
        _links: { self: { href: `${sim.apiUrl}/robots/v0/jobs/generate-premium-captions/${job.id}` } },
      });

      // Past when the job would have completed (about 400 simulated seconds).
      await new Promise((resolve) => setTimeout(resolve, 600));
      const after = await mux.robots.jobs.generatePremiumCaptions.retrieve(job.id);
      expect(after.status).toBe('cancelled');
      expect(after).not.toHaveProperty('outputs');
      expect((await mux.video.assets.retrieve(asset.id)).tracks?.filter((track) => track.type === 'text')).toEqual([]);
      await waitFor(() => jobDeliveries(job.id).some((delivery) => delivery.type.endsWith('.cancelled')));
      expect(jobDeliveries(job.id).map((delivery) => delivery.type)).not.toContain(
        'robots.job.generate_premium_captions.completed',
      );

      const again = await rejection(mux.robots.jobs.cancel(job.id));
      expect(again.error).toBeInstanceOf(ConflictError);
      expect(again).toMatchObject({
        status: 409,
        body: robotsErrorBody('conflict', `Job ${job.id} is already cancelled and cannot be cancelled`),
      });
    });

    it('answers 409 to cancelling a completed job and 404 to an unknown one', async () => {
      const asset = await harness.readyAsset();
      const job = await premiumJob({ asset_id: asset.id, upload_to_mux: false });
      expect(await rejection(mux.robots.jobs.cancel(job.id))).toMatchObject({
        status: 409,
        body: robotsErrorBody('conflict', `Job ${job.id} is already completed and cannot be cancelled`),
      });
      expect(await rejection(mux.robots.jobs.cancel('rjob_unknown'))).toMatchObject({
        status: 404,
        body: robotsErrorBody('not_found', 'Job rjob_unknown not found'),
      });
    });
  });

  describe('webhooks', () => {
    it('sends a signed, schema-valid event carrying the full job for every transition', async () => {
      const asset = await harness.readyAsset();
      const job = await premiumJob({ asset_id: asset.id, language_code: 'en', upload_to_mux: false });
      const transitions = await waitFor(() => {
        const found = jobDeliveries(job.id);
        return found.length === 3 && found;
      });
      const byStatus = new Map(transitions.map((delivery) => [delivery.type, delivery]));
      expect([...byStatus.keys()].sort()).toEqual(
        ['completed', 'pending', 'processing'].map((status) => `robots.job.generate_premium_captions.${status}`),
      );
      for (const delivery of transitions) {
        const event = await mux.webhooks.unwrap(delivery.body, delivery.headers);
        expect(validateWebhook(delivery.type, JSON.parse(delivery.body))).toEqual([]);
        expect(event.object).toEqual({ type: 'job', id: job.id });
        expect(delivery.data.status).toBe(delivery.type.split('.').pop());
      }
      expect(byStatus.get('robots.job.generate_premium_captions.completed')?.data).toEqual(
        JSON.parse(JSON.stringify(job)),
      );
    });

    it('nests the job under the event name when nestRobotsJobData is on', async () => {
      sim.context.faults.update({ webhooks: { nestRobotsJobData: true } });
      try {
        const asset = await harness.readyAsset();
        const job = await mux.robots.jobs.generatePremiumCaptions.create({
          parameters: { asset_id: asset.id, upload_to_mux: false },
        });
        const type = 'robots.job.generate_premium_captions.pending';
        const delivery = await waitFor(() =>
          deliveries(receiver).find(
            (candidate) =>
              candidate.type === type && (candidate.data[type] as { id?: string } | undefined)?.id === job.id,
          ),
        );
        expect(Object.keys(delivery.data)).toEqual([type]);
        expect(delivery.data[type]).toMatchObject({
          id: job.id,
          status: 'pending',
          workflow: 'generate-premium-captions',
        });
        await mux.webhooks.unwrap(delivery.body, delivery.headers);
      } finally {
        sim.context.faults.update({ webhooks: { nestRobotsJobData: false } });
      }
    });
  });
});

describe('temporary output URLs and job retention', () => {
  const harness = new Harness();

  beforeAll(async () => {
    await harness.start();
  });

  afterEach(() => {
    expect(harness.takeContractErrors()).toEqual([]);
  });

  afterAll(async () => {
    await harness.close();
  });

  it('stop working 7 days after the job completes, answering like an expired signed storage URL', async () => {
    const { mux, sim } = harness;
    const asset = await harness.readyAsset();
    const created = await mux.robots.jobs.generatePremiumCaptions.create({
      parameters: { asset_id: asset.id, include_words: true, upload_to_mux: false },
    });
    const job = await finished(() => mux.robots.jobs.generatePremiumCaptions.retrieve(created.id));
    const urls = [job.outputs?.temporary_srt_url, job.outputs?.temporary_words_url];
    for (const url of urls) expect((await download(url)).status).toBe(200);

    sim.context.clock.advance(7 * DAY_MS - 1000);
    for (const url of urls) expect((await download(url)).status).toBe(200);

    sim.context.clock.advance(2000);
    for (const url of urls) {
      const expired = await download(url);
      expect(expired.status).toBe(400);
      expect(expired.contentType).toContain('application/xml');
      expect(expired.text).toContain('<Code>ExpiredToken</Code>');
    }
    const unknown = await download(`${sim.streamUrl}/_temporary/not-a-token.srt`);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('<Code>NoSuchKey</Code>');

    // The job outlives its files: Robots keeps jobs for 30 days.
    expect((await mux.robots.jobs.generatePremiumCaptions.retrieve(job.id)).outputs).toEqual(job.outputs);
    sim.context.clock.advance(23 * DAY_MS);
    expect(await rejection(mux.robots.jobs.generatePremiumCaptions.retrieve(job.id))).toMatchObject({ status: 404 });
    expect((await mux.robots.jobs.list({ asset_id: asset.id })).data).toEqual([]);
  });
});
