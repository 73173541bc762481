import { createHmac } from 'node:crypto';
import Mux from '@mux/mux-node';
import type { EditCaptionCreateParams } from '@mux/mux-node/resources/robots/jobs/edit-captions';
import type { GeneratePremiumCaptionCreateParams } from '@mux/mux-node/resources/robots/jobs/generate-premium-captions';
import type { TranslateCaptionCreateParams } from '@mux/mux-node/resources/robots/jobs/translate-captions';
import type {
  Asset,
  AssetCreateParams,
  AssetCreateTrackParams,
  AssetGenerateSubtitlesParams,
  AssetUpdateTrackParams,
  Track,
} from '@mux/mux-node/resources/video/assets';
import type { Upload, UploadCreateParams } from '@mux/mux-node/resources/video/uploads';
import type { MuxSettings } from '../config.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { MuxCalls } from './calls.js';
import { WebhookRejected } from './errors.js';
import type { CaptionRobotsJob, CaptionWorkflow } from './robots.js';

export type TextFormat = 'vtt' | 'txt';

export interface PlaybackId {
  id: string;
  policy: string;
}

export interface AssetPage {
  assets: Asset[];
  /** Where the next page starts; undefined after the last one. */
  nextCursor: string | undefined;
}

export interface RobotsJobRequest {
  'generate-premium-captions': GeneratePremiumCaptionCreateParams;
  'edit-captions': EditCaptionCreateParams;
  'translate-captions': TranslateCaptionCreateParams;
}

/**
 * Everything the gateway asks of Mux. Every method fails with an UpstreamError and nothing else, so callers
 * have one error model whatever went wrong, and none takes longer than the configured timeout.
 */
export interface MuxApi {
  retrieveAsset(id: string): Promise<Asset>;
  listAssets(cursor: string | undefined): Promise<AssetPage>;
  createAsset(body: AssetCreateParams): Promise<Asset>;
  generateSubtitles(assetId: string, audioTrackId: string, body: AssetGenerateSubtitlesParams): Promise<Track[]>;
  createTrack(assetId: string, body: AssetCreateTrackParams): Promise<Track>;
  updateTrack(assetId: string, trackId: string, body: AssetUpdateTrackParams): Promise<Track>;
  deleteTrack(assetId: string, trackId: string): Promise<void>;
  retrieveUpload(id: string): Promise<Upload>;
  createUpload(body: UploadCreateParams): Promise<Upload>;
  retrieveRobotsJob(workflow: CaptionWorkflow, id: string): Promise<CaptionRobotsJob>;
  createRobotsJob<W extends CaptionWorkflow>(workflow: W, body: RobotsJobRequest[W]): Promise<CaptionRobotsJob>;
  cancelRobotsJob(id: string): Promise<void>;
  /** A stream-host URL for a text track: a public playback ID, else a signed token; undefined when neither works. */
  textTrackUrl(playbackIds: readonly PlaybackId[], trackId: string, format: TextFormat): Promise<string | undefined>;
  /**
   * Checks `mux-signature` over the raw body with the SDK (300 s tolerance) and parses it; a WebhookRejected
   * says why a body is refused.
   */
  verifyWebhook(rawBody: string, headers: Headers): Promise<unknown>;
  readonly canSignPlayback: boolean;
  readonly baseUrl: string;
}

/** How far a webhook's signing time may be from now, either way (the SDK checks only the past). */
const SIGNATURE_TOLERANCE_SECONDS = 300;

/** `mux-signature: t=<unix seconds>,v1=<hex>`: the time must be a whole number, and recent. */
function checkSignatureTime(header: string | null): void {
  const time = /(?:^|,)t=([^,]*)/.exec(header ?? '')?.[1];
  if (time === undefined) throw new WebhookRejected('mux-signature has no timestamp');
  if (!/^\d{1,12}$/.test(time)) throw new WebhookRejected('mux-signature timestamp is not a number');
  if (Math.abs(Date.now() / 1000 - Number(time)) > SIGNATURE_TOLERANCE_SECONDS) {
    throw new WebhookRejected('mux-signature timestamp is more than 300 s from now');
  }
}

/** The official SDK behind MuxApi, configured only from the gateway's settings. */
export class SdkMuxApi implements MuxApi {
  readonly sdk: Mux;
  readonly baseUrl: string;
  readonly #streamBaseUrl: string;
  readonly #calls: MuxCalls;

  constructor(settings: MuxSettings, timeoutSeconds: number, metrics: GatewayMetrics) {
    // Every option is passed explicitly (null where unset) so the SDK never reads MUX_* variables behind the
    // configuration's back. The SDK retries nothing: a client never waits through Mux's Retry-After (reads
    // answer from the store, mutations say when to retry), background work backs off by itself, and a
    // retried create could create twice.
    this.sdk = new Mux({
      tokenId: settings.tokenId,
      tokenSecret: settings.tokenSecret,
      baseURL: settings.baseUrl,
      webhookSecret: settings.webhookSecret ?? null,
      jwtSigningKey: settings.signingKey?.id ?? null,
      jwtPrivateKey: settings.signingKey?.privateKey ?? null,
      authorizationToken: null,
      maxRetries: 0,
      timeout: timeoutSeconds * 1000,
    });
    // The SDK's HMAC goes through WebCrypto, whose per-call algorithm checks were the largest single cost of a
    // webhook on Node 20 (about a sixth of intake). node:crypto computes the same digest; reading the header,
    // the time tolerance and the constant-time comparison stay the SDK's.
    Object.assign(this.sdk.webhooks, {
      computeSignature: async (payload: string, secret: string) =>
        createHmac('sha256', secret).update(payload).digest('hex'),
    });
    this.baseUrl = settings.baseUrl;
    this.#streamBaseUrl = settings.streamBaseUrl.replace(/\/$/, '');
    this.#calls = new MuxCalls(metrics);
  }

  get canSignPlayback(): boolean {
    return Boolean(this.sdk.jwtSigningKey && this.sdk.jwtPrivateKey);
  }

  retrieveAsset(id: string): Promise<Asset> {
    return this.#calls.run('assets.retrieve', () => this.sdk.video.assets.retrieve(id));
  }

  listAssets(cursor: string | undefined): Promise<AssetPage> {
    return this.#calls.run('assets.list', async () => {
      const page = await this.sdk.video.assets.list({ limit: 100, ...(cursor ? { cursor } : {}) });
      return { assets: page.data, nextCursor: page.next_cursor || undefined };
    });
  }

  createAsset(body: AssetCreateParams): Promise<Asset> {
    return this.#calls.run('assets.create', () => this.sdk.video.assets.create(body));
  }

  generateSubtitles(assetId: string, audioTrackId: string, body: AssetGenerateSubtitlesParams): Promise<Track[]> {
    return this.#calls.run('assets.generateSubtitles', () =>
      this.sdk.video.assets.generateSubtitles(assetId, audioTrackId, body),
    );
  }

  createTrack(assetId: string, body: AssetCreateTrackParams): Promise<Track> {
    return this.#calls.run('assets.createTrack', () => this.sdk.video.assets.createTrack(assetId, body));
  }

  updateTrack(assetId: string, trackId: string, body: AssetUpdateTrackParams): Promise<Track> {
    return this.#calls.run('assets.updateTrack', () => this.sdk.video.assets.updateTrack(assetId, trackId, body));
  }

  deleteTrack(assetId: string, trackId: string): Promise<void> {
    return this.#calls.run('assets.deleteTrack', () => this.sdk.video.assets.deleteTrack(assetId, trackId));
  }

  retrieveUpload(id: string): Promise<Upload> {
    return this.#calls.run('uploads.retrieve', () => this.sdk.video.uploads.retrieve(id));
  }

  createUpload(body: UploadCreateParams): Promise<Upload> {
    return this.#calls.run('uploads.create', () => this.sdk.video.uploads.create(body));
  }

  #workflow(workflow: CaptionWorkflow) {
    const jobs = this.sdk.robots.jobs;
    return {
      'generate-premium-captions': jobs.generatePremiumCaptions,
      'edit-captions': jobs.editCaptions,
      'translate-captions': jobs.translateCaptions,
    }[workflow];
  }

  retrieveRobotsJob(workflow: CaptionWorkflow, id: string): Promise<CaptionRobotsJob> {
    return this.#calls.run(
      'robots.jobs.retrieve',
      () => this.#workflow(workflow).retrieve(id) as Promise<CaptionRobotsJob>,
    );
  }

  createRobotsJob<W extends CaptionWorkflow>(workflow: W, body: RobotsJobRequest[W]): Promise<CaptionRobotsJob> {
    const resource = this.#workflow(workflow) as {
      create(body: RobotsJobRequest[W]): Promise<CaptionRobotsJob>;
    };
    return this.#calls.run(`robots.${workflow}.create`, () => resource.create(body));
  }

  cancelRobotsJob(id: string): Promise<void> {
    return this.#calls.run('robots.jobs.cancel', async () => {
      await this.sdk.robots.jobs.cancel(id);
    });
  }

  async textTrackUrl(
    playbackIds: readonly PlaybackId[],
    trackId: string,
    format: TextFormat,
  ): Promise<string | undefined> {
    const publicId = playbackIds.find((playback) => playback.policy === 'public');
    if (publicId) return this.#textUrl(publicId.id, trackId, format);
    const signedId = playbackIds.find((playback) => playback.policy === 'signed');
    if (!signedId || !this.canSignPlayback) return undefined;
    // aud "v", as Mux requires for text tracks.
    const token = await this.sdk.jwt.signPlaybackId(signedId.id, { type: 'video' });
    return `${this.#textUrl(signedId.id, trackId, format)}?token=${encodeURIComponent(token)}`;
  }

  #textUrl(playbackId: string, trackId: string, format: TextFormat): string {
    return `${this.#streamBaseUrl}/${encodeURIComponent(playbackId)}/text/${encodeURIComponent(trackId)}.${format}`;
  }

  async verifyWebhook(rawBody: string, headers: Headers): Promise<unknown> {
    if (!this.sdk.webhookSecret) throw new WebhookRejected('no webhook secret is configured');
    checkSignatureTime(headers.get('mux-signature'));
    try {
      await this.sdk.webhooks.verifySignature(rawBody, headers);
    } catch (error) {
      throw new WebhookRejected(error instanceof Error ? error.message : 'signature verification failed');
    }
    try {
      return JSON.parse(rawBody) as unknown;
    } catch {
      throw new WebhookRejected('body is not valid JSON');
    }
  }
}
