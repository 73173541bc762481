import type { BackgroundTasks } from '../background.js';
import type { Store, TrackRow } from '../db/store.js';
import type { TranscriptRow } from '../db/transcripts.js';
import type { Committed } from '../domain/core.js';
import { TranscriptUnavailableError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { MuxApi } from '../mux/api.js';
import { downloadText } from '../mux/downloads.js';
import type { CaptionRobotsJob } from '../mux/robots.js';
import { TRANSCRIPT_LIMITS, type TranscriptCue, type TranscriptWord } from '../transcripts/model.js';
import { parseCaptions } from '../transcripts/parse.js';
import { countWords } from '../transcripts/render.js';
import { parseWords } from '../transcripts/words.js';

/** Mux serves text only for ready text tracks. */
export function hasTranscript(track: TrackRow): boolean {
  return track.type === 'text' && track.status === 'ready';
}

type PremiumCaptionsJob = Extract<CaptionRobotsJob, { workflow: 'generate-premium-captions' }>;

function isCompletedPremiumJob(job: CaptionRobotsJob): job is PremiumCaptionsJob {
  return job.workflow === 'generate-premium-captions' && job.status === 'completed';
}

export interface TranscriptCaptureDependencies {
  store: Store;
  mux: MuxApi;
  logger: Logger;
  background: BackgroundTasks;
}

/**
 * Takes transcripts from Mux and keeps them for good: a ready text track's WebVTT from the stream host, and
 * premium captions' SRT and word timings, which Mux keeps for only 7 days. A Mux track's text never changes
 * in place (edits, replacements and translations make new tracks), so a stored transcript is kept for as
 * long as its track is; database triggers drop it when the track goes, is deleted or errors.
 */
export class TranscriptCapture {
  readonly #store: Store;
  readonly #mux: MuxApi;
  readonly #logger: Logger;
  readonly #background: BackgroundTasks;
  /** Captures under way by transcript id: concurrent first reads download once, and never overwrite each other. */
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(dependencies: TranscriptCaptureDependencies) {
    this.#store = dependencies.store;
    this.#mux = dependencies.mux;
    this.#logger = dependencies.logger;
    this.#background = dependencies.background;
  }

  /**
   * After every commit: reads the text of tracks that became ready and takes completed premium jobs' outputs
   * before they expire. It runs as background work, which closing the gateway waits for; a failure is
   * logged, and the transcript's next read tries again.
   */
  readonly afterCommit = (committed: Committed): void => {
    const tracks = committed.changes.tracks.filter(hasTranscript);
    const changedJobs = new Set(committed.changes.jobs.map((job) => job.muxJobId));
    const premiumJobs = committed.news.flatMap((news) =>
      news.about === 'robotsJob' && isCompletedPremiumJob(news.job) && changedJobs.has(news.job.id) ? [news.job] : [],
    );
    if (tracks.length === 0 && premiumJobs.length === 0) return;
    this.#background.run(
      () => this.#captureAll(tracks, premiumJobs),
      (error) => this.#logger.warn('transcript capture failed', { reason: String(error) }),
    );
  };

  async #captureAll(tracks: readonly TrackRow[], jobs: readonly PremiumCaptionsJob[]): Promise<void> {
    const work = [
      ...jobs.map((job) => ({ about: { jobId: job.id }, run: this.capturePremiumOutputs(job) })),
      ...tracks.map((track) => ({ about: { trackId: track.muxId }, run: this.captureTrack(track) })),
    ];
    const outcomes = await Promise.allSettled(work.map((item) => item.run));
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.status === 'rejected') {
        const reason = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
        this.#logger.warn('transcript not captured', { ...work[index]?.about, reason });
      }
    }
  }

  /**
   * Reads a ready text track's WebVTT from the stream host (a public playback ID when there is one, else a
   * token signed with the SDK), stores and indexes it. Does nothing when it is stored already or the track has
   * no text to read; rejects with an UpstreamError, a TranscriptUnavailableError or a CaptionSourceError.
   */
  captureTrack(track: TrackRow): Promise<TranscriptRow | undefined> {
    return this.#oneAtATime(track.muxId, async () => {
      const stored = (await this.#store.transcripts.byIds([track.muxId])).get(track.muxId);
      if (stored || !hasTranscript(track)) return stored;
      const asset = (await this.#store.assets.byIds([track.assetId])).get(track.assetId);
      const playbackIds = asset?.playbackIds ?? [];
      const url = await this.#mux.textTrackUrl(playbackIds, track.muxId, 'vtt');
      if (!url) {
        throw new TranscriptUnavailableError(
          playbackIds.some((playback) => playback.policy === 'signed')
            ? 'The asset has only signed playback and the gateway has no signing key ' +
                '(MUX_SIGNING_KEY, MUX_PRIVATE_KEY) to read its captions with.'
            : 'The asset has no public or signed playback ID to read its captions through.',
        );
      }
      const cues = await parseCaptions(
        await downloadText(url, TRANSCRIPT_LIMITS.sourceBytes, 'The stream host'),
        'vtt',
      );
      const row = await this.#save(
        {
          id: track.muxId,
          assetId: track.assetId,
          trackId: track.muxId,
          muxJobId: null,
          languageCode: track.languageCode,
          source: 'text_track',
        },
        cues,
        null,
      );
      this.#logger.info('transcript captured', { trackId: track.muxId, cues: row.cueCount });
      return row;
    });
  }

  /**
   * Downloads a completed premium captions job's temporary SRT and word-timing files at once, since they expire
   * 7 days after completion, and keeps them as the transcript of the track the job made, or, with
   * upload_to_mux: false, as a transcript keyed by the Robots job id. A repeat is a no-op.
   */
  capturePremiumOutputs(job: CaptionRobotsJob): Promise<TranscriptRow | undefined> {
    const srtUrl = isCompletedPremiumJob(job) ? job.outputs?.temporary_srt_url : undefined;
    if (!isCompletedPremiumJob(job) || !srtUrl) return Promise.resolve(undefined);
    const trackId = job.outputs?.track_id || undefined;
    const id = trackId ?? job.id;
    return this.#oneAtATime(id, async () => {
      const stored = (await this.#store.transcripts.byIds([id])).get(id);
      if (stored?.muxJobId === job.id) return stored;
      const wordsUrl = job.outputs?.temporary_words_url || undefined;
      const [srt, wordsJson] = await Promise.all([
        downloadText(srtUrl, TRANSCRIPT_LIMITS.sourceBytes, 'Robots’ SRT output'),
        wordsUrl ? downloadText(wordsUrl, TRANSCRIPT_LIMITS.sourceBytes, 'Robots’ word-timestamp output') : undefined,
      ]);
      const cues = await parseCaptions(srt, 'srt');
      const row = await this.#save(
        {
          id,
          assetId: job.parameters.asset_id,
          trackId: trackId ?? null,
          muxJobId: job.id,
          languageCode: job.outputs?.language_code || job.parameters.language_code || null,
          source: 'premium_captions',
        },
        cues,
        wordsJson === undefined ? null : parseWords(wordsJson),
        job.outputs?.replaced_track_id || undefined,
      );
      this.#logger.info('premium transcript captured', { jobId: job.id, trackId: trackId ?? null, cues: row.cueCount });
      return row;
    });
  }

  async #save(
    row: Omit<TranscriptRow, 'cueCount' | 'wordCount' | 'capturedAt'>,
    cues: TranscriptCue[],
    words: TranscriptWord[] | null,
    replacedTrackId?: string,
  ): Promise<TranscriptRow> {
    const complete = { ...row, cueCount: cues.length, wordCount: countWords(cues), capturedAt: Date.now() };
    await this.#store.transaction(async (tx) => {
      if (replacedTrackId) await tx.transcripts.deleteOfTrack(replacedTrackId);
      await tx.transcripts.save({ ...complete, words }, cues);
    });
    return complete;
  }

  /**
   * Runs captures of one transcript one after another. Each first looks at what is stored, so concurrent
   * first reads download it once, and a slower plain-text capture never overwrites premium captions.
   */
  #oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
    const run = (this.#queues.get(key) ?? Promise.resolve()).then(task);
    const settled = run.catch(() => undefined);
    this.#queues.set(key, settled);
    void settled.then(() => {
      if (this.#queues.get(key) === settled) this.#queues.delete(key);
    });
    return run;
  }
}
