import type { GatewayServices } from '../../context.js';
import { assetRowsById, type TrackRow } from '../../db/assets.js';
import {
  deleteTranscriptsOfTrack,
  saveTranscript,
  type TranscriptRow,
  transcriptRowsById,
} from '../../db/transcripts.js';
import { downloadText } from '../../mux/downloads.js';
import type { RobotsJob } from '../../mux/robots.js';
import { TRANSCRIPT_LIMITS, type TranscriptCue, type TranscriptWord } from '../../transcripts/model.js';
import { parseCaptions } from '../../transcripts/parse.js';
import { countWords } from '../../transcripts/render.js';
import { parseWords } from '../../transcripts/words.js';
import { TranscriptUnavailableError } from './errors.js';
import { oneAtATime } from './serial.js';

/** Mux serves text only for ready text tracks. */
export function hasTranscript(track: TrackRow): boolean {
  return track.type === 'text' && track.status === 'ready';
}

function store(
  services: GatewayServices,
  row: Omit<TranscriptRow, 'cueCount' | 'wordCount' | 'capturedAt'>,
  cues: TranscriptCue[],
  words: TranscriptWord[] | null,
): TranscriptRow {
  const complete = { ...row, cueCount: cues.length, wordCount: countWords(cues), capturedAt: Date.now() };
  saveTranscript(services.db, { ...complete, words }, cues);
  return complete;
}

/**
 * Reads a ready text track's WebVTT from the stream host (a public playback ID when there is one, else a
 * token signed with the SDK), stores and indexes it. Does nothing when it is stored already or the track has
 * no text to read; rejects with an UpstreamError, a TranscriptUnavailableError or a CaptionSourceError.
 * A Mux track's text never changes in place (edits, replacements and translations make new tracks), so a
 * stored transcript is kept for as long as its track is; database triggers drop it when the cached track
 * goes, is deleted or errors, and relabel it when the track's language changes.
 */
export function captureTrackTranscript(services: GatewayServices, track: TrackRow): Promise<TranscriptRow | undefined> {
  return oneAtATime(services, track.muxId, async () => {
    const stored = transcriptRowsById(services.db, [track.muxId]).get(track.muxId);
    if (stored || !hasTranscript(track)) return stored;
    const playbackIds = assetRowsById(services.db, [track.assetId]).get(track.assetId)?.playbackIds ?? [];
    const url = await services.stream.textTrackUrl(playbackIds, track.muxId, 'vtt');
    if (!url) {
      throw new TranscriptUnavailableError(
        playbackIds.some((playback) => playback.policy === 'signed')
          ? 'The asset has only signed playback and the gateway has no signing key (MUX_SIGNING_KEY, MUX_PRIVATE_KEY) to read its captions with.'
          : 'The asset has no public or signed playback ID to read its captions through.',
      );
    }
    const cues = await parseCaptions(await downloadText(url, TRANSCRIPT_LIMITS.sourceBytes, 'The stream host'), 'vtt');
    const row = store(
      services,
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
    services.logger.info('transcript captured', { trackId: track.muxId, cues: row.cueCount });
    return row;
  });
}

function output(job: RobotsJob, name: string): string | undefined {
  const value = job.outputs?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Hook: a generate-premium-captions job completed (webhook `robots.job.generate_premium_captions.completed`,
 * or a poll that saw it complete). Downloads the temporary SRT and word-timing files at once, since they expire
 * 7 days after completion, and keeps them as the transcript of the track the job made, or, with
 * upload_to_mux: false, as a transcript keyed by the Robots job id. A redelivery is a no-op. Rejects as
 * captureTrackTranscript does.
 */
export function capturePremiumOutputs(services: GatewayServices, job: RobotsJob): Promise<TranscriptRow | undefined> {
  const srtUrl = output(job, 'temporary_srt_url');
  if (job.workflow !== 'generate-premium-captions' || job.status !== 'completed' || !srtUrl)
    return Promise.resolve(undefined);
  const trackId = output(job, 'track_id');
  const id = trackId ?? job.id;
  return oneAtATime(services, id, async () => {
    const stored = transcriptRowsById(services.db, [id]).get(id);
    if (stored?.muxJobId === job.id) return stored;
    const wordsUrl = output(job, 'temporary_words_url');
    const [srt, wordsJson] = await Promise.all([
      downloadText(srtUrl, TRANSCRIPT_LIMITS.sourceBytes, 'Robots’ SRT output'),
      wordsUrl ? downloadText(wordsUrl, TRANSCRIPT_LIMITS.sourceBytes, 'Robots’ word-timestamp output') : undefined,
    ]);
    const cues = await parseCaptions(srt, 'srt');
    const replaced = output(job, 'replaced_track_id');
    if (replaced) deleteTranscriptsOfTrack(services.db, replaced);
    const row = store(
      services,
      {
        id,
        assetId: job.parameters.asset_id,
        trackId: trackId ?? null,
        muxJobId: job.id,
        languageCode: output(job, 'language_code') ?? job.parameters.language_code ?? null,
        source: 'premium_captions',
      },
      cues,
      wordsJson === undefined ? null : parseWords(wordsJson),
    );
    services.logger.info('premium transcript captured', {
      jobId: job.id,
      trackId: trackId ?? null,
      cues: row.cueCount,
    });
    return row;
  });
}

export interface AppliedChange {
  /** Tracks as they now stand in the cache. */
  tracks: readonly TrackRow[];
  /** Robots jobs as Mux described them (with their outputs). */
  robotsJobs: readonly RobotsJob[];
}

async function captureAll(services: GatewayServices, change: AppliedChange): Promise<void> {
  const work = [
    ...change.robotsJobs.map((job) => ({ about: { jobId: job.id }, run: capturePremiumOutputs(services, job) })),
    ...change.tracks
      .filter(hasTranscript)
      .map((track) => ({ about: { trackId: track.muxId }, run: captureTrackTranscript(services, track) })),
  ];
  const outcomes = await Promise.allSettled(work.map((item) => item.run));
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 'rejected') {
      const reason = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
      services.logger.warn('transcript not captured', { ...work[index]?.about, reason });
    }
  });
}

/**
 * Hook for webhook ingestion, the reconciler and job reads, once a change from Mux is applied: reads the
 * text of tracks that are now ready and takes completed premium jobs' outputs before they expire. It runs as
 * background work, which closing the gateway waits for; a failure is logged, and the transcript's next read
 * tries again.
 */
export function captureTranscriptsAfter(services: GatewayServices, change: AppliedChange): void {
  services.background.run(
    () => captureAll(services, change),
    (error) =>
      services.logger.warn('transcript capture failed', {
        reason: error instanceof Error ? error.message : String(error),
      }),
  );
}
