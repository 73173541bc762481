import { z } from 'zod';
import { type CaptionEdits, type Cue, editSteps, type Steps, webVttSteps } from '../content/index.js';
import { languageName } from '../video/languages.js';
import { findTextTrack, removeTrack } from '../video/operations.js';
import type { WorkflowDefinition } from './definition.js';
import { readSourceCaptions, sourceTrackNow } from './source-captions.js';
import { publishTemporaryFile } from './temporary-files.js';
import { sourceTrackProblem, UPLOAD_SETTLE_SECONDS, unitsForDuration, uploadCaptions } from './tracks.js';
import { requestSchema, resourceId } from './validation.js';

const nonEmpty = z.string().min(1, 'must not be empty');

const parameters = z
  .object({
    asset_id: resourceId,
    track_id: resourceId,
    replacements: z
      .array(z.object({ find: nonEmpty, replace: z.string(), case_sensitive: z.boolean().optional() }))
      .optional(),
    speaker_replacements: z.array(z.object({ find: nonEmpty, replace: nonEmpty })).optional(),
    auto_censor_profanity: z
      .object({
        detection_method: z.literal('llm').optional(),
        mode: z.enum(['blank', 'remove', 'mask']).optional(),
        always_censor: z.array(nonEmpty).optional(),
        never_censor: z.array(nonEmpty).optional(),
      })
      .optional(),
    upload_to_mux: z.boolean().default(true),
    delete_original_track: z.boolean().default(true),
    track_name_suffix: nonEmpty.optional(),
  })
  .refine((p) => Boolean(p.replacements?.length || p.speaker_replacements?.length || p.auto_censor_profanity), {
    message: 'must include at least one of replacements, speaker_replacements or auto_censor_profanity',
  });

export type EditCaptionsParameters = z.infer<typeof parameters>;

function captionEdits(p: EditCaptionsParameters): CaptionEdits {
  const censor = p.auto_censor_profanity;
  return {
    ...(p.replacements
      ? {
          replacements: p.replacements.map((r) => ({
            find: r.find,
            replace: r.replace,
            caseSensitive: r.case_sensitive ?? false,
          })),
        }
      : {}),
    ...(p.speaker_replacements ? { speakerReplacements: p.speaker_replacements } : {}),
    ...(censor
      ? {
          censor: {
            ...(censor.mode ? { mode: censor.mode } : {}),
            ...(censor.always_censor ? { alwaysCensor: censor.always_censor } : {}),
            ...(censor.never_censor ? { neverCensor: censor.never_censor } : {}),
          },
        }
      : {}),
  };
}

function* editedFile(cues: readonly Cue[], edits: CaptionEdits): Steps<{ vtt: string; replacements: number }> {
  const edited = yield* editSteps(cues, edits);
  return { vtt: yield* webVttSteps(edited.cues), replacements: edited.totalReplacementCount };
}

export const editCaptions: WorkflowDefinition<EditCaptionsParameters> = {
  workflow: 'edit-captions',
  request: requestSchema(parameters),

  precondition: (context, record, p) => sourceTrackProblem(context, record.asset.id, p.track_id),

  processingSeconds: (record) => 10 + 0.05 * (record.asset.duration ?? 0),

  unitsConsumed: (record) => unitsForDuration(record.asset.duration, 2),

  async work(context, record, p, slices) {
    const assetId = record.asset.id;
    const source = await readSourceCaptions(context, assetId, p.track_id, slices.pause);
    if ('error' in source) return () => source;
    const { vtt, replacements } = await slices.run(editedFile(source.cues, captionEdits(p)));

    return () => {
      const current = sourceTrackNow(context, assetId, p.track_id);
      if ('error' in current) return current;
      const original = current.track;
      const languageCode = original.language_code ?? 'und';
      // Mux only says the suffix is "appended to the uploaded replacement track name"; "English (edited)" is a guess.
      const track = p.upload_to_mux
        ? uploadCaptions(context, assetId, {
            languageCode,
            name: `${original.name ?? languageName(languageCode)} (${p.track_name_suffix ?? 'edited'})`,
            closedCaptions: original.closed_captions,
            vtt,
          })
        : undefined;

      return {
        completion: {
          settleSeconds: track ? UPLOAD_SETTLE_SECONDS : 0,
          finish: () => {
            // "Deleted after the edited track upload succeeds", and only when uploading at all.
            if (track && p.delete_original_track && findTextTrack(context, assetId, p.track_id))
              removeTrack(context, assetId, p.track_id);
            return {
              total_replacement_count: replacements,
              ...(track?.id ? { uploaded_track_id: track.id } : {}),
              temporary_vtt_url: publishTemporaryFile(context, {
                body: vtt,
                contentType: 'text/vtt',
                extension: 'vtt',
              }),
            };
          },
        },
      };
    };
  },
};
