import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { newJob } from '../../domain/model.js';
import { InvalidInputError, PreconditionError } from '../../errors.js';
import { isLoopbackHost } from '../../loopback.js';
import type { GatewayServices } from '../../services.js';
import { TRANSCRIPT_LIMITS, type TranscriptCue } from '../../transcripts/model.js';
import { CaptionSourceError, parseCaptions } from '../../transcripts/parse.js';
import { toWebVtt } from '../../transcripts/render.js';
import { cleanCueText, cleanLabel } from '../../transcripts/sanitize.js';
import type { ReplacementParameters } from '../../workflows/replacement.js';
import type { captionsReplaceInput } from './inputs.js';
import { type MutationOutcome, outcome } from './outcome.js';
import { findReadyTextTrack } from './preconditions.js';

/** Where edited caption files are served for Mux to fetch. */
export const CAPTION_FILES_PATH = '/caption-files';

/**
 * The edited captions, parsed and written out again as clean WebVTT: what Mux fetches is what the gateway
 * checked (invisible characters stripped, sizes bounded), never the client's bytes as sent.
 */
async function replacementVtt(input: z.output<typeof captionsReplaceInput>): Promise<string | undefined> {
  const cues: TranscriptCue[] = input.cues
    ? input.cues.map((cue) => ({
        startMs: Math.round(cue.startSeconds * 1000),
        endMs: Math.round(cue.endSeconds * 1000),
        text: cleanCueText(cue.text, TRANSCRIPT_LIMITS.cueChars),
        speaker: cue.speaker ? cleanLabel(cue.speaker, TRANSCRIPT_LIMITS.speakerChars) : null,
      }))
    : await parseCaptions(input.vtt ?? '', 'vtt').catch((error: unknown) => {
        if (error instanceof CaptionSourceError) return [];
        throw error;
      });
  return cues.length > 0 ? toWebVtt([...cues].sort((a, b) => a.startMs - b.startMs)) : undefined;
}

/**
 * The seed's edit workflow done safely: the edited file is served by the gateway for Mux to fetch, and the
 * new track is created first (under a temporary name, since names are unique per asset). Retiring the old
 * track once the new one is ready is a state rule (workflows/replacement.ts), whatever brings the news.
 */
export async function replaceCaptions(
  services: GatewayServices,
  input: z.output<typeof captionsReplaceInput>,
): Promise<MutationOutcome> {
  const vtt = await replacementVtt(input);
  if (vtt === undefined) {
    throw InvalidInputError.of(['input', 'vtt'], 'must be a WebVTT file: a WEBVTT header and at least one timed cue');
  }
  const { publicBaseUrl, simulated } = services.settings;
  if (!simulated && isLoopbackHost(new URL(publicBaseUrl).hostname)) {
    throw new PreconditionError(
      'no_public_base_url',
      'Mux fetches the edited captions from this gateway: set PUBLIC_BASE_URL to an address Mux can reach.',
      ['input'],
    );
  }
  const old = await findReadyTextTrack(services, input.trackId, ['input', 'trackId']);
  const languageCode = old.languageCode;
  if (!languageCode) {
    throw new PreconditionError(
      'no_language',
      'The track has no language code, so its replacement would not have one either.',
      ['input', 'trackId'],
    );
  }
  const name = input.name ?? old.name;
  const fileId = randomBytes(18).toString('base64url');
  await services.store.transaction((tx) =>
    tx.captionFiles.save({ id: fileId, assetId: old.assetId, vtt, createdAt: Date.now() }),
  );
  const created = await services.mux
    .createTrack(old.assetId, {
      url: `${publicBaseUrl}${CAPTION_FILES_PATH}/${fileId}.vtt`,
      type: 'text',
      text_type: 'subtitles',
      language_code: languageCode,
      name: `${name ?? languageCode} (replacement)`,
      closed_captions: input.closedCaptions ?? old.closedCaptions ?? false,
    })
    .catch(async (error: unknown) => {
      await services.store.transaction((tx) => tx.captionFiles.delete(fileId));
      throw error;
    });
  const parameters: ReplacementParameters = { name, fileId };
  const job = newJob({
    kind: 'replacement',
    status: 'processing',
    assetId: old.assetId,
    trackId: created.id ?? null,
    languageCode,
    sourceTrackId: old.muxId,
    parameters: { ...parameters },
  });
  await services.core.commit([
    { about: 'jobRequested', job },
    { about: 'tracksCreated', assetId: old.assetId, tracks: [created] },
  ]);
  return outcome({ assetId: old.assetId, ...(created.id ? { trackId: created.id } : {}), jobIds: [job.id] });
}
