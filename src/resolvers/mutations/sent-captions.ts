import { randomBytes } from 'node:crypto';
import type { AssetCreateTrackParams, Track } from '@mux/mux-node/resources/video/assets';
import { InvalidInputError, PreconditionError } from '../../errors.js';
import { isLoopbackHost } from '../../loopback.js';
import type { GatewayServices } from '../../services.js';
import { TRANSCRIPT_LIMITS, type TranscriptCue } from '../../transcripts/model.js';
import { type CaptionFormat, CaptionSourceError, parseCaptions } from '../../transcripts/parse.js';
import { toWebVtt } from '../../transcripts/render.js';
import { cleanCueText, cleanLabel } from '../../transcripts/sanitize.js';

/** Where caption files a client sent are served for Mux to fetch. */
export const CAPTION_FILES_PATH = '/caption-files';

/** Captions as a client sends them (see `sentCaptions` in inputs.ts): exactly one of the three is set. */
export interface SentCaptions {
  vtt?: string | undefined;
  srt?: string | undefined;
  cues?: { startSeconds: number; endSeconds: number; text: string; speaker?: string | undefined }[] | undefined;
}

const FORMAT_NAMES: Record<CaptionFormat, string> = { vtt: 'a WebVTT file', srt: 'an SRT file' };

function fromSentCues(cues: NonNullable<SentCaptions['cues']>): TranscriptCue[] {
  return cues.map((cue) => ({
    startMs: Math.round(cue.startSeconds * 1000),
    endMs: Math.round(cue.endSeconds * 1000),
    text: cleanCueText(cue.text, TRANSCRIPT_LIMITS.cueChars),
    speaker: cue.speaker ? cleanLabel(cue.speaker, TRANSCRIPT_LIMITS.speakerChars) : null,
  }));
}

async function parsedFile(source: string, format: CaptionFormat): Promise<TranscriptCue[]> {
  const rule =
    format === 'vtt'
      ? 'a WEBVTT header and at least one timed cue'
      : 'numbered blocks, each with a timing line and text';
  try {
    const cues = await parseCaptions(source, format);
    if (cues.length > 0) return cues;
    throw InvalidInputError.of(['input', format], `must be ${FORMAT_NAMES[format]}: ${rule}; no cue was found`);
  } catch (error) {
    if (!(error instanceof CaptionSourceError)) throw error;
    throw InvalidInputError.of(['input', format], `must be ${FORMAT_NAMES[format]}: ${rule} (${error.message})`);
  }
}

/**
 * The sent captions, parsed and written out again as clean WebVTT: what Mux fetches is what the gateway
 * checked (invisible characters stripped, sizes bounded), never the client's bytes as sent.
 */
export async function sentCaptionsAsVtt(sent: SentCaptions): Promise<string> {
  const cues = sent.cues
    ? fromSentCues(sent.cues)
    : sent.srt !== undefined
      ? await parsedFile(sent.srt, 'srt')
      : await parsedFile(sent.vtt ?? '', 'vtt');
  return toWebVtt([...cues].sort((a, b) => a.startMs - b.startMs));
}

/** Mux fetches the file from this gateway, so the gateway must have an address Mux can reach. */
export function requireReachableGateway(services: GatewayServices): void {
  const { publicBaseUrl, simulated } = services.settings;
  if (!simulated && isLoopbackHost(new URL(publicBaseUrl).hostname)) {
    throw new PreconditionError(
      'no_public_base_url',
      'Mux fetches the captions from this gateway: set PUBLIC_BASE_URL to an address Mux can reach.',
      ['input'],
    );
  }
}

/** A text track Mux makes from a file the gateway serves, and the id of that file. */
export interface TrackFromFile {
  created: Track;
  fileId: string;
}

/**
 * Stores the WebVTT, serves it at an unguessable address (144 random bits) and asks Mux for a text track
 * made from it; a refused request takes the file down again. The file stays until the work it serves ends.
 */
export async function createTrackFromFile(
  services: GatewayServices,
  assetId: string,
  vtt: string,
  track: Omit<AssetCreateTrackParams, 'url' | 'type' | 'text_type'>,
): Promise<TrackFromFile> {
  const fileId = randomBytes(18).toString('base64url');
  await services.store.transaction((tx) => tx.captionFiles.save({ id: fileId, assetId, vtt, createdAt: Date.now() }));
  const created = await services.mux
    .createTrack(assetId, {
      url: `${services.settings.publicBaseUrl}${CAPTION_FILES_PATH}/${fileId}.vtt`,
      type: 'text',
      text_type: 'subtitles',
      ...track,
    })
    .catch(async (error: unknown) => {
      await services.store.transaction((tx) => tx.captionFiles.delete(fileId));
      throw error;
    });
  return { created, fileId };
}
