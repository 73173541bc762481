import { z } from 'zod';
import {
  captionSteps,
  detectSpokenLanguage,
  type GenerateCaptionsOptions,
  type Steps,
  srtSteps,
  webVttSteps,
  wordsJsonSteps,
} from '../content/index.js';
import { languageName } from '../video/languages.js';
import { removeTrack } from '../video/operations.js';
import type { WorkflowDefinition } from './definition.js';
import { publishTemporaryFile } from './temporary-files.js';
import { textTracksInLanguage, UPLOAD_SETTLE_SECONDS, unitsForDuration, uploadCaptions } from './tracks.js';
import { languageCode, requestSchema, resourceId } from './validation.js';

/** Characters the SDK forbids in a phrase. */
const FORBIDDEN_PHRASE_CHARACTERS = /[<>{}[\]\\]/;

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/**
 * Mux's OpenAPI document and its guide allow 1..50 characters (the SDK's doc comment says 49; the API is the
 * contract); the SDK adds at most 5 words and none of `< > { } [ ] \`.
 */
const phrase = z
  .string()
  .min(1, 'must not be empty')
  .max(50, 'must be at most 50 characters')
  .refine((text) => !FORBIDDEN_PHRASE_CHARACTERS.test(text), 'must not contain any of < > { } [ ] \\')
  .refine((text) => wordCount(text) <= 5, 'must contain at most 5 words');

const parameters = z
  .object({
    asset_id: resourceId,
    language_code: languageCode.optional(),
    replace_existing: z.boolean().default(false),
    track_name: z.string().min(1, 'must not be empty').optional(),
    include_speakers: z.boolean().default(false),
    include_words: z.boolean().default(false),
    upload_to_mux: z.boolean().default(true),
    phrases: z
      .array(phrase)
      .min(1, 'must contain at least 1 phrase')
      .max(100, 'must contain at most 100 phrases')
      .optional(),
  })
  .refine((p) => p.upload_to_mux || !p.replace_existing, {
    path: ['replace_existing'],
    message: 'must be false when upload_to_mux is false',
  });

export type GeneratePremiumCaptionsParameters = z.infer<typeof parameters>;

interface CaptionFiles {
  vtt: string;
  srt: string;
  words?: string;
}

/** Every file the job hands out, from one recognition. */
function* captionFiles(options: GenerateCaptionsOptions, includeWords: boolean): Steps<CaptionFiles> {
  const cues = yield* captionSteps(options);
  const files: CaptionFiles = { vtt: yield* webVttSteps(cues), srt: yield* srtSteps(cues) };
  if (includeWords) files.words = yield* wordsJsonSteps(cues);
  return files;
}

/** Reaching a language conflict only after detection is how an auto-detected job can still be turned down. */
function existingTrackMessage(languageCode: string, assetId: string): string {
  return (
    `A text track with language_code "${languageCode}" already exists on asset ${assetId}; set replace_existing ` +
    `to true to replace it`
  );
}

export const generatePremiumCaptions: WorkflowDefinition<GeneratePremiumCaptionsParameters> = {
  workflow: 'generate-premium-captions',
  request: requestSchema(parameters),

  precondition(context, record, p) {
    if (!p.upload_to_mux || p.replace_existing || p.language_code === undefined) return undefined;
    return textTracksInLanguage(context, record.asset.id, p.language_code).length > 0
      ? existingTrackMessage(p.language_code, record.asset.id)
      : undefined;
  },

  // An audio-only static rendition is made (or reused) first; a file without audio fails at that step.
  processingSeconds: (record) => (record.hasAudio ? 20 + 0.2 * (record.asset.duration ?? 0) : 15),

  // "Billed at a higher unit rate" with word timestamps.
  unitsConsumed: (record, p) => unitsForDuration(record.asset.duration, p.include_words ? 15 : 10),

  async work(context, record, p, slices) {
    const assetId = record.asset.id;
    if (!record.hasAudio) {
      return () => ({
        error: { type: 'no_audio', message: `Asset ${assetId} has no audio to transcribe`, retryable: false },
      });
    }
    const detected = detectSpokenLanguage(assetId, record.spokenLanguage);
    const language = p.language_code ?? detected.languageCode;
    const files = await slices.run(
      captionFiles(
        {
          seed: assetId,
          durationSeconds: record.asset.duration ?? 0,
          languageCode: language,
          ...(p.phrases ? { phrases: p.phrases } : {}),
          includeSpeakers: p.include_speakers,
        },
        p.include_words,
      ),
    );

    return () => {
      const existing = p.upload_to_mux ? textTracksInLanguage(context, assetId, language) : [];
      if (existing.length > 0 && !p.replace_existing) {
        return { error: { type: 'track_exists', message: existingTrackMessage(language, assetId), retryable: false } };
      }
      // "Any existing text track with the same language code is deleted before uploading the new caption track."
      for (const track of existing) removeTrack(context, assetId, track.id ?? '');
      const track = p.upload_to_mux
        ? uploadCaptions(context, assetId, {
            languageCode: language,
            name: p.track_name ?? `${languageName(language)} (Generated)`,
            vtt: files.vtt,
          })
        : undefined;
      const replacedTrackId = existing[0]?.id;

      return {
        completion: {
          settleSeconds: track ? UPLOAD_SETTLE_SECONDS : 0,
          finish: () => ({
            language_code: language,
            ...(track?.id ? { track_id: track.id } : {}),
            temporary_srt_url: publishTemporaryFile(context, {
              body: files.srt,
              contentType: 'application/x-subrip',
              extension: 'srt',
            }),
            ...(files.words === undefined
              ? {}
              : {
                  temporary_words_url: publishTemporaryFile(context, {
                    body: files.words,
                    contentType: 'application/json',
                    extension: 'json',
                  }),
                }),
            ...(replacedTrackId ? { replaced_track_id: replacedTrackId } : {}),
            // With a language hint detection is skipped: the hint is echoed with full confidence.
            detected_language: language,
            auto_language_confidence: p.language_code === undefined ? detected.confidence : 1,
          }),
        },
      };
    };
  },
};
