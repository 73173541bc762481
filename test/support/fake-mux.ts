import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Asset, Track } from '@mux/mux-node/resources/video/assets';
import type { Upload } from '@mux/mux-node/resources/video/uploads';
import { BackgroundTasks } from '../../src/background.js';
import { SqliteStore } from '../../src/db/sqlite-store.js';
import type { Store } from '../../src/db/store.js';
import { Core } from '../../src/domain/core.js';
import { Broadcast } from '../../src/events/broadcast.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { AssetPage, MuxApi, PlaybackId, TextFormat } from '../../src/mux/api.js';
import { UpstreamError, type UpstreamFailure } from '../../src/mux/errors.js';
import type { CaptionRobotsJob, CaptionWorkflow } from '../../src/mux/robots.js';
import { captionFileTakedown } from '../../src/workflows/caption-files.js';
import { type ReplacementSettings, Replacements } from '../../src/workflows/replacement.js';
import { TranscriptCapture } from '../../src/workflows/transcripts.js';

type Method = keyof MuxApi;

/**
 * Mux in memory, for unit tests of the domain core: what it holds is set by the test, every call is recorded,
 * and the next calls of a method can be made to fail.
 */
export class FakeMux implements MuxApi {
  readonly baseUrl = 'https://api.mux.test';
  readonly canSignPlayback = true;
  readonly assets = new Map<string, Asset>();
  readonly uploads = new Map<string, Upload>();
  readonly jobs = new Map<string, CaptionRobotsJob>();
  /** WebVTT served for each text track. */
  readonly texts = new Map<string, string>();
  readonly calls: { method: Method; args: unknown[] }[] = [];
  /** Mux's listing, page by page, when a test needs paging other than one page of every asset. */
  listing: ((cursor: string | undefined) => AssetPage) | undefined;
  /** How long every call takes. */
  latencyMs = 0;
  readonly #failures = new Map<Method, UpstreamFailure[]>();

  /** The next `times` calls of `method` fail like this. */
  failNext(method: Method, failure: UpstreamFailure, times = 1): void {
    this.#failures.set(method, [...(this.#failures.get(method) ?? []), ...Array(times).fill(failure)]);
  }

  callsOf(method: Method): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  async #answer<T>(method: Method, args: unknown[], answer: () => T | undefined): Promise<T> {
    this.calls.push({ method, args });
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const failure = this.#failures.get(method)?.shift();
    if (failure) throw new UpstreamError(failure);
    const value = answer();
    if (value === undefined) throw new UpstreamError({ kind: 'not_found', status: 404, messages: ['Not found'] });
    return structuredClone(value);
  }

  retrieveAsset(id: string) {
    return this.#answer('retrieveAsset', [id], () => this.assets.get(id));
  }

  listAssets(cursor: string | undefined): Promise<AssetPage> {
    return this.#answer(
      'listAssets',
      [cursor],
      () => this.listing?.(cursor) ?? { assets: [...this.assets.values()], nextCursor: undefined },
    );
  }

  createAsset(): Promise<Asset> {
    throw new Error('not used by these tests');
  }

  generateSubtitles(): Promise<Track[]> {
    throw new Error('not used by these tests');
  }

  createTrack(): Promise<Track> {
    throw new Error('not used by these tests');
  }

  updateTrack(assetId: string, trackId: string, body: { name?: string }) {
    return this.#answer('updateTrack', [assetId, trackId, body], () => {
      const track = this.assets.get(assetId)?.tracks?.find((candidate) => candidate.id === trackId);
      if (track && body.name) track.name = body.name;
      return track;
    });
  }

  deleteTrack(assetId: string, trackId: string) {
    return this.#answer('deleteTrack', [assetId, trackId], () => {
      const asset = this.assets.get(assetId);
      const before = asset?.tracks?.length ?? 0;
      if (asset) asset.tracks = asset.tracks?.filter((track) => track.id !== trackId);
      return (asset?.tracks?.length ?? 0) < before ? true : undefined;
    }).then(() => undefined);
  }

  retrieveUpload(id: string) {
    return this.#answer('retrieveUpload', [id], () => this.uploads.get(id));
  }

  createUpload(): Promise<Upload> {
    throw new Error('not used by these tests');
  }

  retrieveRobotsJob(workflow: CaptionWorkflow, id: string) {
    return this.#answer('retrieveRobotsJob', [workflow, id], () => this.jobs.get(id));
  }

  createRobotsJob(): Promise<CaptionRobotsJob> {
    throw new Error('not used by these tests');
  }

  cancelRobotsJob(id: string) {
    return this.#answer('cancelRobotsJob', [id], () => this.jobs.get(id)).then(() => undefined);
  }

  async textTrackUrl(_playbackIds: readonly PlaybackId[], trackId: string, format: TextFormat) {
    this.calls.push({ method: 'textTrackUrl', args: [trackId, format] });
    const text = this.texts.get(trackId);
    return text === undefined ? undefined : `data:text/vtt;base64,${Buffer.from(text).toString('base64')}`;
  }

  async verifyWebhook(rawBody: string): Promise<unknown> {
    return JSON.parse(rawBody);
  }
}

export interface CoreUnderTest {
  mux: FakeMux;
  store: Store;
  core: Core;
  broadcast: Broadcast;
  transcripts: TranscriptCapture;
  replacements: Replacements;
  background: BackgroundTasks;
  logger: Logger;
  /** What was logged through `logger`, one JSON line each. */
  logLines: string[];
  close(): Promise<void>;
}

export interface CoreOptions {
  replacementSettings?: ReplacementSettings;
  /** The store to run on (another instance's, say); a new SQLite file by default. */
  store?: Store;
  /** Shared with another core, as two instances share Mux. */
  mux?: FakeMux;
}

/** The domain core on a real store and a fake Mux, with the work that follows its commits wired as at start. */
export function startCore(options: CoreOptions = {}): CoreUnderTest {
  const directory = options.store ? undefined : mkdtempSync(join(tmpdir(), 'caption-gateway-core-'));
  const store = options.store ?? SqliteStore.open(join(directory ?? '', 'gateway.db'));
  const mux = options.mux ?? new FakeMux();
  const broadcast = new Broadcast();
  const background = new BackgroundTasks();
  const logLines: string[] = [];
  const logger = createLogger('debug', (line) => logLines.push(line));
  const core = new Core({ store, mux, broadcast, logger });
  const transcripts = new TranscriptCapture({ store, mux, logger, background });
  const replacements = new Replacements({
    core,
    store,
    mux,
    logger,
    background,
    ...(options.replacementSettings ? { settings: options.replacementSettings } : {}),
  });
  core.react(transcripts.afterCommit);
  core.react(replacements.afterCommit);
  core.react(captionFileTakedown({ store, logger, background }));
  return {
    mux,
    store,
    core,
    broadcast,
    transcripts,
    replacements,
    background,
    logger,
    logLines,
    async close() {
      await background.stop();
      if (directory) {
        await store.close();
        rmSync(directory, { recursive: true, force: true });
      }
    },
  };
}

/** A Mux asset as the API describes it. */
export function muxAsset(id: string, status: Asset['status'], tracks: Track[] = [], extra: Partial<Asset> = {}): Asset {
  return {
    id,
    status,
    created_at: String(Math.floor(Date.now() / 1000)),
    duration: 60,
    playback_ids: [{ id: `${id}-playback`, policy: 'public' }],
    tracks,
    ...extra,
  } as Asset;
}

export function textTrack(id: string, status: Track['status'], extra: Partial<Track> = {}): Track {
  return { id, type: 'text', text_type: 'subtitles', text_source: 'uploaded', language_code: 'en', status, ...extra };
}

export function generatedTrack(id: string, status: Track['status'], languageCode = 'en'): Track {
  return textTrack(id, status, { text_source: 'generated_vod', language_code: languageCode });
}
