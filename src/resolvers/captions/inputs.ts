import { z } from 'zod';
import { CAPTION_LANGUAGES } from '../../mux/languages.js';

/** Mux's limits (fact sheet and SDK): names and passthrough 255, titles 512 code points. */
const PASSTHROUGH_MAX = 255;
const NAME_MAX = 255;
const TITLE_MAX = 512;
export const PHRASES_MAX = 100;
export const PHRASE_MAX_CHARACTERS = 49;
export const PHRASE_MAX_WORDS = 5;
const PHRASE_FORBIDDEN = /[<>{}[\]\\]/;

const codePoints = (value: string) => [...value].length;

const LANGUAGE_CODES = CAPTION_LANGUAGES.map((language) => language.code);
const SPOKEN_LANGUAGE_CODES = LANGUAGE_CODES.filter((code) => code !== 'auto');

/** `auto` (detect the spoken language) is a language code only where Mux allows it. */
export const languageCode = (allowAuto: boolean) => {
  const allowed = allowAuto ? LANGUAGE_CODES : SPOKEN_LANGUAGE_CODES;
  return z.string().refine((code) => (allowed as string[]).includes(code), {
    message: `is not a caption language Mux supports here`,
    params: { allowed },
  });
};

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .refine((value) => codePoints(value) <= max, `must be at most ${max} characters`);

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

export const idempotencyKey = z.string().min(1).max(200, 'must be at most 200 characters').optional();

const generatedSubtitles = z
  .array(z.object({ languageCode: languageCode(true), name: text(NAME_MAX).optional() }))
  .max(10, 'at most 10 languages at once');

const assetSettings = {
  playbackPolicies: z
    .array(z.enum(['public', 'signed']))
    .min(1, 'needs at least one policy')
    .default(['public']),
  videoQuality: z.enum(['basic', 'plus', 'premium']).optional(),
  title: text(TITLE_MAX).optional(),
  passthrough: z
    .string()
    .refine((value) => codePoints(value) <= PASSTHROUGH_MAX, `must be at most ${PASSTHROUGH_MAX} characters`)
    .optional(),
  generatedSubtitles: generatedSubtitles.default([]),
};

export const assetCreateInput = z.object({ url: httpUrl, ...assetSettings, idempotencyKey });

export const directUploadCreateInput = z.object({
  corsOrigin: z.string().min(1, 'must not be empty').max(2048),
  timeoutSeconds: z
    .int()
    .min(60, 'must be between 60 and 604800')
    .max(604_800, 'must be between 60 and 604800')
    .optional(),
  ...assetSettings,
  idempotencyKey,
});

export const captionsGenerateInput = z.object({
  assetId: z.string().min(1),
  audioTrackId: z.string().min(1).optional(),
  languages: generatedSubtitles.min(1, 'needs at least one language'),
  idempotencyKey,
});

const phrase = z
  .string()
  .min(1, 'must not be empty')
  .max(PHRASE_MAX_CHARACTERS, `must be at most ${PHRASE_MAX_CHARACTERS} characters`)
  .refine((value) => value.trim().split(/\s+/).length <= PHRASE_MAX_WORDS, `must be at most ${PHRASE_MAX_WORDS} words`)
  .refine((value) => !PHRASE_FORBIDDEN.test(value), 'must not contain < > { } [ ] or \\');

export const premiumCaptionsGenerateInput = z
  .object({
    assetId: z.string().min(1),
    languageCode: languageCode(true).optional(),
    replaceExisting: z.boolean().default(false),
    trackName: text(NAME_MAX).optional(),
    includeSpeakers: z.boolean().default(false),
    includeWords: z.boolean().default(false),
    uploadToMux: z.boolean().default(true),
    phrases: z.array(phrase).max(PHRASES_MAX, `at most ${PHRASES_MAX} phrases`).optional(),
    passthrough: z.string().max(PASSTHROUGH_MAX, `must be at most ${PASSTHROUGH_MAX} characters`).optional(),
    idempotencyKey,
  })
  .refine((input) => input.uploadToMux || !input.replaceExisting, {
    message: 'replaceExisting needs uploadToMux: without an upload there is no track to replace',
    path: ['replaceExisting'],
  });

const cue = z
  .object({
    startSeconds: z.number().min(0, 'must not be negative'),
    endSeconds: z.number().min(0, 'must not be negative'),
    text: z.string().min(1, 'must not be empty').max(1000, 'must be at most 1000 characters'),
    speaker: z.string().max(100).optional(),
  })
  .refine((value) => value.endSeconds > value.startSeconds, {
    message: 'must end after it starts',
    path: ['endSeconds'],
  });

export const captionsReplaceInput = z
  .object({
    trackId: z.string().min(1),
    vtt: z.string().max(5_000_000, 'must be at most 5 MB').optional(),
    cues: z.array(cue).min(1, 'needs at least one cue').max(20_000).optional(),
    name: text(NAME_MAX).optional(),
    closedCaptions: z.boolean().optional(),
    idempotencyKey,
  })
  .refine((input) => (input.vtt === undefined) !== (input.cues === undefined), {
    message: 'give exactly one of vtt and cues',
    path: ['vtt'],
  });

export const trackUpdateInput = z
  .object({
    trackId: z.string().min(1),
    name: text(NAME_MAX).optional(),
    closedCaptions: z.boolean().optional(),
    languageCode: languageCode(false).optional(),
    idempotencyKey,
  })
  .refine(
    (input) => input.name !== undefined || input.closedCaptions !== undefined || input.languageCode !== undefined,
    {
      message: 'give at least one of name, closedCaptions and languageCode',
      path: ['name'],
    },
  );

export const trackDeleteInput = z.object({ trackId: z.string().min(1), idempotencyKey });

const neverTranslateTerm = z
  .string()
  .min(1)
  .max(100)
  .refine((value) => !/[<>]/.test(value), 'must not contain < or >')
  .refine(
    (value) => !/[\u200B-\u200F\u2028-\u202F\u2060-\u206F\uFEFF\p{Cc}]/u.test(value),
    'must not contain invisible or control characters',
  )
  .refine(
    (value) => value.normalize('NFKC') === value,
    'must not contain characters that Unicode normalization changes',
  );

export const captionsTranslateInput = z.object({
  trackId: z.string().min(1),
  toLanguageCode: languageCode(false),
  uploadToMux: z.boolean().default(true),
  neverTranslate: z.array(neverTranslateTerm).max(100).optional(),
  idempotencyKey,
});

export const captionsEditInput = z
  .object({
    trackId: z.string().min(1),
    replacements: z
      .array(z.object({ find: z.string().min(1), replace: z.string(), caseSensitive: z.boolean().default(false) }))
      .max(100)
      .optional(),
    speakerReplacements: z
      .array(z.object({ find: z.string().min(1), replace: z.string().min(1) }))
      .max(50)
      .optional(),
    censorProfanity: z
      .object({
        mode: z.enum(['blank', 'remove', 'mask']).default('blank'),
        alwaysCensor: z.array(z.string().min(1)).max(100).optional(),
        neverCensor: z.array(z.string().min(1)).max(100).optional(),
      })
      .optional(),
    uploadToMux: z.boolean().default(true),
    deleteOriginalTrack: z.boolean().default(true),
    trackNameSuffix: z.string().min(1).max(50).optional(),
    idempotencyKey,
  })
  .refine(
    (input) => Boolean(input.replacements?.length || input.speakerReplacements?.length || input.censorProfanity),
    {
      message: 'give at least one of replacements, speakerReplacements and censorProfanity',
      path: ['replacements'],
    },
  );

export const captionJobCancelInput = z.object({ id: z.string().min(1), idempotencyKey });
