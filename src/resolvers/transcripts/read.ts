import type { GatewayServices } from '../../context.js';
import type { TrackRow } from '../../db/assets.js';
import type { CaptionJobRow } from '../../db/caption-jobs.js';
import {
  type TimeRange,
  type TranscriptRow,
  transcriptCueRows,
  transcriptRowsByAsset,
  transcriptRowsById,
  transcriptRowsByMuxJob,
  transcriptWords,
} from '../../db/transcripts.js';
import { callMux, UpstreamError } from '../../mux/errors.js';
import { retrieveRobotsJob } from '../../mux/robots.js';
import type { TranscriptCue, TranscriptWord } from '../../transcripts/model.js';
import { toPlainText, toSrt, toWebVtt } from '../../transcripts/render.js';
import { loadTracks } from '../assets.js';
import { NotFoundError } from '../read-through.js';
import { RequestCache } from '../request-cache.js';
import { capturePremiumOutputs, captureTrackTranscript, hasTranscript } from './capture.js';

export type TranscriptFormat = 'vtt' | 'srt' | 'txt';

/** A stored transcript as readers see it; its cues are read once, when first needed. */
export class TranscriptView {
  #cues: TranscriptCue[] | undefined;

  constructor(
    private readonly services: GatewayServices,
    readonly row: TranscriptRow,
  ) {}

  get cues(): TranscriptCue[] {
    this.#cues ??= transcriptCueRows(this.services.db, this.row.id);
    return this.#cues;
  }

  cuesIn(range: TimeRange): TranscriptCue[] {
    return range.fromMs === undefined && range.toMs === undefined
      ? this.cues
      : transcriptCueRows(this.services.db, this.row.id, range);
  }

  words(): TranscriptWord[] | null {
    return transcriptWords(this.services.db, this.row.id);
  }

  as(format: TranscriptFormat): string {
    if (format === 'vtt') return toWebVtt(this.cues);
    return format === 'srt' ? toSrt(this.cues) : toPlainText(this.cues);
  }
}

function view(services: GatewayServices, row: TranscriptRow | undefined): TranscriptView | null {
  return row ? new TranscriptView(services, row) : null;
}

/** Read once stored: only the first read of a track's transcript goes to the stream host. */
export async function transcriptOfTrack(services: GatewayServices, track: TrackRow): Promise<TranscriptView | null> {
  if (!hasTranscript(track)) return null;
  return view(
    services,
    transcriptRowsById(services.db, [track.muxId]).get(track.muxId) ?? (await captureTrackTranscript(services, track)),
  );
}

/** Captions a person made or chose come before Mux's automatic ones in the same language. */
function preferred(tracks: readonly TrackRow[]): TrackRow[] {
  const generated = (track: TrackRow) => (track.textSource?.startsWith('generated') ? 1 : 0);
  return [...tracks].sort((a, b) => generated(a) - generated(b) || a.position - b.position);
}

/** Transcripts kept without a track: premium captions made with upload_to_mux: false. */
function tracklessTranscripts(
  services: GatewayServices,
  assetId: string,
  languageCode: string | undefined,
): TranscriptView[] {
  return (transcriptRowsByAsset(services.db, [assetId]).get(assetId) ?? [])
    .filter((row) => row.trackId === null && (languageCode === undefined || row.languageCode === languageCode))
    .map((row) => new TranscriptView(services, row));
}

/** Every transcript of an asset (optionally in one language): its ready text tracks' in Mux's order, then trackless ones. */
export async function transcriptsOfAsset(
  services: GatewayServices,
  assetId: string,
  tracks: readonly TrackRow[],
  languageCode: string | undefined,
): Promise<TranscriptView[]> {
  const inLanguage = tracks.filter(
    (track) => hasTranscript(track) && (languageCode === undefined || track.languageCode === languageCode),
  );
  const ofTracks = await Promise.all(inLanguage.map((track) => transcriptOfTrack(services, track)));
  return [
    ...ofTracks.filter((transcript) => transcript !== null),
    ...tracklessTranscripts(services, assetId, languageCode),
  ];
}

/** The asset's transcript in a language: a chosen track's, else Mux's automatic one, else the latest trackless one. */
export async function transcriptOfAsset(
  services: GatewayServices,
  assetId: string,
  tracks: readonly TrackRow[],
  languageCode: string,
): Promise<TranscriptView | null> {
  const [track] = preferred(
    tracks.filter((candidate) => hasTranscript(candidate) && candidate.languageCode === languageCode),
  );
  if (track) return transcriptOfTrack(services, track);
  return tracklessTranscripts(services, assetId, languageCode).at(-1) ?? null;
}

/** Robots' temporary output URLs expire 7 days after the job completes. */
const PREMIUM_OUTPUTS_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** Premium captions' own outputs carry word timings the track's WebVTT lacks, so they are taken while they last. */
async function premiumTranscript(services: GatewayServices, job: CaptionJobRow): Promise<TranscriptView | null> {
  const outputsLast = job.finishedAt !== null && Date.now() - job.finishedAt < PREMIUM_OUTPUTS_LIFETIME_MS;
  if (job.kind !== 'premium' || job.status !== 'completed' || !job.muxJobId || !outputsLast) return null;
  const muxJobId = job.muxJobId;
  try {
    return view(
      services,
      await capturePremiumOutputs(
        services,
        await callMux(() => retrieveRobotsJob(services.mux, 'generate-premium-captions', muxJobId)),
      ),
    );
  } catch (error) {
    // Mux may end them early (a deleted job); the track, if the job made one, still has the captions.
    if (job.trackId && error instanceof UpstreamError && !error.retryable) return null;
    throw error;
  }
}

/** The transcript caption work produced, read (and kept) on first ask. */
export async function transcriptOfCaptionJob(
  services: GatewayServices,
  job: CaptionJobRow,
): Promise<TranscriptView | null> {
  const byJob = job.muxJobId ? transcriptRowsByMuxJob(services.db, [job.muxJobId]).get(job.muxJobId) : undefined;
  if (byJob) return new TranscriptView(services, byJob);
  const premium = await premiumTranscript(services, job);
  if (premium || !job.trackId) return premium;
  const [track] = await loadTracks(services, new RequestCache(), [job.trackId]);
  if (track instanceof Error) throw track;
  return track ? transcriptOfTrack(services, track) : null;
}

/** By transcript id: stored ones as they are; a track id not captured yet is read from the stream host now. */
export async function loadTranscripts(
  services: GatewayServices,
  request: RequestCache,
  ids: readonly string[],
): Promise<(TranscriptView | Error)[]> {
  const stored = transcriptRowsById(services.db, ids);
  const missing = ids.filter((id) => !stored.has(id));
  const tracks = missing.length > 0 ? await loadTracks(services, request, missing) : [];
  const fetched = await Promise.all(
    tracks.map(async (track, index): Promise<[string, TranscriptView | Error]> => {
      const id = missing[index] ?? '';
      if (track instanceof Error)
        return [id, track instanceof NotFoundError ? new NotFoundError('transcript', id) : track];
      const transcript = await transcriptOfTrack(services, track).catch((error: unknown) =>
        error instanceof Error ? error : new Error(String(error)),
      );
      return [id, transcript ?? new NotFoundError('transcript', id)];
    }),
  );
  const byId = new Map(fetched);
  return ids.map((id) => {
    const row = stored.get(id);
    return row ? new TranscriptView(services, row) : (byId.get(id) ?? new NotFoundError('transcript', id));
  });
}
