import { z } from 'zod';
import { type Cue, type Steps, translationSteps, webVttSteps } from '../content/index.js';
import type { WorkflowDefinition } from './definition.js';
import { readSourceCaptions, sourceTrackNow } from './source-captions.js';
import { publishTemporaryFile } from './temporary-files.js';
import {
  sourceTrackProblem,
  textTracksInLanguage,
  UPLOAD_SETTLE_SECONDS,
  unitsForDuration,
  uploadCaptions,
} from './tracks.js';
import { languageCode, requestSchema, resourceId } from './validation.js';

/** Controls, format characters (zero-width space and joiners, BOM, soft hyphen), line/paragraph separators, fillers. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0\u2800]/u;

const neverTranslateTerm = z
  .string()
  .min(1, 'must not be empty')
  .refine((term) => !/[<>]/.test(term), 'must not contain < or >')
  .refine((term) => !INVISIBLE.test(term), 'must not contain invisible characters')
  .refine(
    (term) => term.normalize('NFC') === term && term.normalize('NFKC') === term,
    'must not contain characters changed by Unicode normalization',
  );

const parameters = z.object({
  asset_id: resourceId,
  track_id: resourceId,
  to_language_code: languageCode,
  upload_to_mux: z.boolean().default(true),
  never_translate: z.array(neverTranslateTerm).optional(),
});

export type TranslateCaptionsParameters = z.infer<typeof parameters>;

function* translatedFile(
  cues: readonly Cue[],
  p: TranslateCaptionsParameters,
): Steps<{ vtt: string; neverTranslateTermsPreserved: boolean }> {
  const translation = yield* translationSteps(
    cues,
    p.to_language_code,
    p.never_translate ? { neverTranslate: p.never_translate } : {},
  );
  return {
    vtt: yield* webVttSteps(translation.cues),
    neverTranslateTermsPreserved: translation.neverTranslateTermsPreserved,
  };
}

export const translateCaptions: WorkflowDefinition<TranslateCaptionsParameters> = {
  workflow: 'translate-captions',
  request: requestSchema(parameters),

  precondition(context, record, p) {
    const assetId = record.asset.id;
    const trackProblem = sourceTrackProblem(context, assetId, p.track_id);
    if (trackProblem) return trackProblem;
    return textTracksInLanguage(context, assetId, p.to_language_code).length > 0
      ? `Asset ${assetId} already has a text track with language_code "${p.to_language_code}"`
      : undefined;
  },

  processingSeconds: (record) => 15 + 0.1 * (record.asset.duration ?? 0),

  unitsConsumed: (record) => unitsForDuration(record.asset.duration, 4),

  async work(context, record, p, slices) {
    const assetId = record.asset.id;
    const source = await readSourceCaptions(context, assetId, p.track_id, slices.pause);
    if ('error' in source) return () => source;
    const { vtt, neverTranslateTermsPreserved } = await slices.run(translatedFile(source.cues, p));

    return () => {
      const current = sourceTrackNow(context, assetId, p.track_id);
      if ('error' in current) return current;
      // No documented name for translated tracks: left to Mux's default, the language's name.
      const track = p.upload_to_mux
        ? uploadCaptions(context, assetId, { languageCode: p.to_language_code, vtt })
        : undefined;

      return {
        completion: {
          settleSeconds: track ? UPLOAD_SETTLE_SECONDS : 0,
          finish: () => ({
            ...(track?.id ? { uploaded_track_id: track.id } : {}),
            // Documented as "present when upload_to_mux is true"; kept either way, else a job that does not upload
            // would produce nothing at all.
            temporary_vtt_url: publishTemporaryFile(context, { body: vtt, contentType: 'text/vtt', extension: 'vtt' }),
            ...(p.never_translate?.length ? { never_translate_terms_preserved: neverTranslateTermsPreserved } : {}),
          }),
        },
      };
    };
  },
};
