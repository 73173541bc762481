import { type CueHit, FullTextQueryError, type SearchCursor } from '../db/search.js';
import type { CaptionJobRow, TrackRow } from '../db/store.js';
import type { StoredCue, TimeRange, TranscriptRow } from '../db/transcripts.js';
import { GatewayError, InvalidInputError, NotFoundError } from '../errors.js';
import { UpstreamError } from '../mux/errors.js';
import type { GatewayServices } from '../services.js';
import type { TranscriptWord } from '../transcripts/model.js';
import { toPlainText, toSrt, toWebVtt } from '../transcripts/render.js';
import { parseSearchQuery, type SearchQuery, SearchQueryError } from '../transcripts/search-query.js';
import { readSnippet, type Snippet } from '../transcripts/snippet.js';
import { hasTranscript } from '../workflows/transcripts.js';
import { loadTracks } from './read-through.js';

export const TRANSCRIPT_FORMATS = ['vtt', 'srt', 'txt'] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

/** Where the gateway serves transcript files (http/files.ts). */
export const TRANSCRIPTS_PATH = '/transcripts';

/** The path of a transcript's file, the same on every instance, so a signed link opens it on any of them. */
function transcriptFilePath(transcriptId: string, format: TranscriptFormat): string {
  return `${TRANSCRIPTS_PATH}/${encodeURIComponent(transcriptId)}.${format}`;
}

/** A stored transcript as readers see it; its cues are read once, when first needed. */
export class TranscriptView {
  #cues: Promise<StoredCue[]> | undefined;

  constructor(
    private readonly services: GatewayServices,
    readonly row: TranscriptRow,
  ) {}

  cues(): Promise<StoredCue[]> {
    this.#cues ??= this.services.store.transcripts.cues(this.row.id);
    return this.#cues;
  }

  cuesIn(range: TimeRange): Promise<StoredCue[]> {
    if (range.fromMs === undefined && range.toMs === undefined) return this.cues();
    return this.services.store.transcripts.cues(this.row.id, range);
  }

  words(): Promise<TranscriptWord[] | null> {
    return this.services.store.transcripts.words(this.row.id);
  }

  /** A link to this transcript's file that needs no header, opening it for `lifetimeSeconds`. */
  async signedUrl(format: TranscriptFormat, lifetimeSeconds: number, download: boolean): Promise<string> {
    const path = transcriptFilePath(this.row.id, format);
    const token = await this.services.fileUrls.sign(path, lifetimeSeconds);
    return `${this.services.settings.publicBaseUrl}${path}?token=${token}${download ? '&download' : ''}`;
  }

  async as(format: TranscriptFormat): Promise<string> {
    const cues = await this.cues();
    if (format === 'vtt') return toWebVtt(cues);
    return format === 'srt' ? toSrt(cues) : toPlainText(cues);
  }
}

const view = (services: GatewayServices, row: TranscriptRow | undefined) =>
  row ? new TranscriptView(services, row) : null;

/** Read once stored: only the first read of a track's transcript goes to the stream host. */
export async function transcriptOfTrack(services: GatewayServices, track: TrackRow): Promise<TranscriptView | null> {
  if (!hasTranscript(track)) return null;
  const stored = (await services.store.transcripts.byIds([track.muxId])).get(track.muxId);
  return view(services, stored ?? (await services.transcripts.captureTrack(track)));
}

/** Captions a person made or chose come before Mux's automatic ones in the same language. */
function preferred(tracks: readonly TrackRow[]): TrackRow[] {
  const generated = (track: TrackRow) => (track.textSource?.startsWith('generated') ? 1 : 0);
  return [...tracks].sort((a, b) => generated(a) - generated(b) || a.position - b.position);
}

/** Transcripts kept without a track: premium captions made with upload_to_mux: false. */
async function tracklessTranscripts(
  services: GatewayServices,
  assetId: string,
  languageCode: string | undefined,
): Promise<TranscriptView[]> {
  const rows = (await services.store.transcripts.byAssetIds([assetId])).get(assetId) ?? [];
  return rows
    .filter((row) => row.trackId === null && (languageCode === undefined || row.languageCode === languageCode))
    .map((row) => new TranscriptView(services, row));
}

/** The answer, or the gateway's own error as the answer; anything else is a bug and is thrown on. */
export async function asAnswer<T>(work: Promise<T>): Promise<T | GatewayError> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
}

/**
 * Every transcript of an asset (optionally in one language): its ready text tracks' in Mux's order, then trackless
 * ones.
 */
export async function transcriptsOfAsset(
  services: GatewayServices,
  assetId: string,
  tracks: readonly TrackRow[],
  languageCode: string | undefined,
): Promise<(TranscriptView | GatewayError)[]> {
  const inLanguage = tracks.filter(
    (track) => hasTranscript(track) && (languageCode === undefined || track.languageCode === languageCode),
  );
  // One transcript that cannot be read is that transcript's error; the others are answered.
  const ofTracks = await Promise.all(inLanguage.map((track) => asAnswer(transcriptOfTrack(services, track))));
  return [
    ...ofTracks.filter((transcript) => transcript !== null),
    ...(await tracklessTranscripts(services, assetId, languageCode)),
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
  return (await tracklessTranscripts(services, assetId, languageCode)).at(-1) ?? null;
}

/** Robots' temporary output URLs expire 7 days after the job completes. */
const PREMIUM_OUTPUTS_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** Premium captions' own outputs carry word timings the track's WebVTT lacks, so they are taken while they last. */
async function premiumTranscript(services: GatewayServices, job: CaptionJobRow): Promise<TranscriptView | null> {
  const outputsLast = job.finishedAt !== null && Date.now() - job.finishedAt < PREMIUM_OUTPUTS_LIFETIME_MS;
  if (job.kind !== 'premium' || job.status !== 'completed' || !job.muxJobId || !outputsLast) return null;
  try {
    const robotsJob = await services.mux.retrieveRobotsJob('generate-premium-captions', job.muxJobId);
    return view(services, await services.transcripts.capturePremiumOutputs(robotsJob));
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
  const byJob = job.muxJobId ? await services.store.transcripts.byMuxJobId(job.muxJobId) : undefined;
  if (byJob) return new TranscriptView(services, byJob);
  const premium = await premiumTranscript(services, job);
  if (premium || !job.trackId) return premium;
  const [track] = await loadTracks(services, [job.trackId]);
  if (track instanceof Error) throw track;
  return track ? transcriptOfTrack(services, track) : null;
}

/** By transcript id: stored ones as they are; a track id not captured yet is read from the stream host now. */
export async function loadTranscripts(
  services: GatewayServices,
  ids: readonly string[],
): Promise<(TranscriptView | GatewayError)[]> {
  const stored = await services.store.transcripts.byIds(ids);
  const missing = ids.filter((id) => !stored.has(id));
  const tracks = missing.length > 0 ? await loadTracks(services, missing) : [];
  const captured = new Map(
    await Promise.all(
      tracks.map(async (track, index): Promise<[string, TranscriptView | GatewayError]> => {
        const id = missing[index] ?? '';
        if (track instanceof NotFoundError) return [id, new NotFoundError('transcript', id)];
        if (track instanceof Error) return [id, track];
        return [id, (await transcriptOfTrack(services, track)) ?? new NotFoundError('transcript', id)];
      }),
    ),
  );
  return ids.map((id) => {
    const row = stored.get(id);
    return row ? new TranscriptView(services, row) : (captured.get(id) ?? new NotFoundError('transcript', id));
  });
}

export interface TranscriptSearch {
  query: string;
  languageCode?: string | undefined;
  /** Mux asset ids to search within; undefined searches every transcript. */
  assetIds?: readonly string[] | undefined;
  after?: SearchCursor | undefined;
  limit: number;
}

export type TranscriptHit = Omit<CueHit, 'snippet'> & { snippet: Snippet };

function queryError(message: string): InvalidInputError {
  return InvalidInputError.of(['query'], message);
}

/**
 * Cues matching what a person typed, most relevant first. The query is parsed by the gateway and rendered by
 * the store in its engine's syntax; whatever the index still refuses is the client's input error, never SQL's.
 */
export async function searchTranscripts(services: GatewayServices, search: TranscriptSearch): Promise<TranscriptHit[]> {
  let query: SearchQuery;
  try {
    query = parseSearchQuery(search.query);
  } catch (error) {
    if (error instanceof SearchQueryError) throw queryError(error.message);
    throw error;
  }
  try {
    const hits = await services.store.search.cues({ ...search, query });
    return hits.map((hit) => ({ ...hit, snippet: readSnippet(hit.snippet) }));
  } catch (error) {
    if (error instanceof FullTextQueryError) {
      throw queryError('The search index could not run this query; try fewer operators or quote the words.');
    }
    throw error;
  }
}
