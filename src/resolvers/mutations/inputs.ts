import { z } from 'zod';
import { CAPTION_LANGUAGES } from '../../mux/languages.js';
import { TRANSCRIPT_LIMITS } from '../../transcripts/model.js';
import { type NodeType, readId } from '../ids.js';

/*
 * Every mutation's input, declared once: its shape, defaults, limits and rules, and the descriptions clients
 * read. The GraphQL input types are made from these schemas, and resolvers receive what they parse to.
 */

/** Fields that name a node: a GraphQL `ID` that takes a global ID or the plain id, parsed to the plain id. */
export const nodeIds = z.registry<{ typename: NodeType }>();

function nodeId(typename: NodeType, description: string) {
  return z
    .string()
    .min(1, 'must not be empty')
    .transform((id, context) => {
      const reading = readId(typename, id);
      if (reading.ok) return reading.id;
      context.addIssue({ code: 'custom', message: reading.message });
      return z.NEVER;
    })
    .describe(description)
    .register(nodeIds, { typename });
}

/** Mux's limits (fact sheet and SDK): names and passthrough 255, titles 512 code points. */
const PASSTHROUGH_MAX = 255;
const NAME_MAX = 255;
const TITLE_MAX = 512;
export const PHRASES_MAX = 100;
export const PHRASE_MAX_CHARACTERS = 50;
export const PHRASE_MAX_WORDS = 5;
const PHRASE_FORBIDDEN = /[<>{}[\]\\]/;

const codePoints = (value: string) => [...value].length;

const LANGUAGE_CODES = CAPTION_LANGUAGES.map((language) => language.code);
const SPOKEN_LANGUAGE_CODES = LANGUAGE_CODES.filter((code) => code !== 'auto');

/** `auto` (detect the spoken language) is a language code only where Mux allows it. */
const languageCode = (allowAuto: boolean) => {
  const allowed = allowAuto ? LANGUAGE_CODES : SPOKEN_LANGUAGE_CODES;
  return z.string().refine((code) => (allowed as string[]).includes(code), {
    message: 'is not a caption language Mux supports here',
    params: { allowed },
  });
};

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .refine((value) => codePoints(value) <= max, `must be at most ${max} characters`);

const passthrough = z
  .string()
  .refine((value) => codePoints(value) <= PASSTHROUGH_MAX, `must be at most ${PASSTHROUGH_MAX} characters`)
  .describe('Your own reference, up to 255 characters.');

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const idempotencyKey = z
  .string()
  .min(1)
  .max(200, 'must be at most 200 characters')
  .optional()
  .describe('Send the same key again to get the first result instead of new work.');

const generatedSubtitlesEntry = z
  .object({
    languageCode: languageCode(true).describe(
      'A code from `languages(use: AUTO_GENERATED_CAPTIONS)`; `auto` detects the spoken language.',
    ),
    name: text(NAME_MAX).optional().describe('Track name shown in players, e.g. "English CC".'),
  })
  .meta({ id: 'GeneratedSubtitlesInput', description: 'Auto-generated captions to make from the audio.' });

const generatedSubtitles = z
  .array(generatedSubtitlesEntry)
  .max(10, 'at most 10 languages at once')
  .describe('At most 10 languages at once.');

const playbackPolicy = z
  .enum(['public', 'signed'])
  .meta({ id: 'PlaybackPolicy', description: 'Who may play through a playback ID.' });
const videoQuality = z
  .enum(['basic', 'plus', 'premium'])
  .meta({ id: 'VideoQuality', description: 'Mux’s video quality levels.' });

const assetSettings = {
  playbackPolicies: z.array(playbackPolicy).min(1, 'needs at least one policy').default(['public']),
  videoQuality: videoQuality.optional(),
  title: text(TITLE_MAX).optional(),
  passthrough: passthrough.optional(),
  generatedSubtitles: generatedSubtitles.default([]),
};

export const assetCreateInput = z.object({
  url: httpUrl.describe('An http(s) URL Mux downloads the video from.'),
  ...assetSettings,
  idempotencyKey,
});

export const directUploadCreateInput = z.object({
  corsOrigin: z
    .string()
    .min(1, 'must not be empty')
    .max(2048)
    .describe('The origin of the page the browser uploads from (or *).'),
  timeoutSeconds: z
    .int()
    .min(60, 'must be between 60 and 604800')
    .max(604_800, 'must be between 60 and 604800')
    .optional()
    .describe('How long the upload URL accepts a file: 60 to 604800 s (Mux’s default 3600).'),
  ...assetSettings,
  idempotencyKey,
});

export const captionsGenerateInput = z.object({
  assetId: nodeId('Asset', 'Global ID or Mux id of a ready asset.'),
  audioTrackId: nodeId(
    'Track',
    'The audio track to caption (global ID or Mux id); the primary audio track by default.',
  ).optional(),
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
    assetId: nodeId('Asset', 'Global ID or Mux id of a ready asset.'),
    languageCode: languageCode(true).optional().describe('The spoken language; leave it out (or `auto`) to detect it.'),
    replaceExisting: z
      .boolean()
      .default(false)
      .describe('Replace a text track already in that language (otherwise refused with a ConflictError).'),
    trackName: text(NAME_MAX).optional().describe('Default "{Language} (Generated)".'),
    includeSpeakers: z.boolean().default(false),
    includeWords: z.boolean().default(false).describe('Word timings; Mux bills these at a higher rate.'),
    uploadToMux: z
      .boolean()
      .default(true)
      .describe('False keeps the captions off the asset (only the transcript files are made).'),
    phrases: z
      .array(phrase)
      .max(PHRASES_MAX, `at most ${PHRASES_MAX} phrases`)
      .optional()
      .describe(
        `Up to ${PHRASES_MAX} spellings to prefer (names, jargon): each at most ${PHRASE_MAX_CHARACTERS} characters ` +
          `and ${PHRASE_MAX_WORDS} words, none of < > { } [ ] \\.`,
      ),
    passthrough: passthrough.optional(),
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
  })
  .meta({ id: 'CueInput' });

export const CAPTION_FILE_MAX_BYTES = TRANSCRIPT_LIMITS.sourceBytes;
export const CUES_MAX = TRANSCRIPT_LIMITS.cues;

const captionFile = (format: string) =>
  z
    .string()
    .refine(
      (value) => Buffer.byteLength(value) <= CAPTION_FILE_MAX_BYTES,
      `must be at most ${CAPTION_FILE_MAX_BYTES} bytes (5 MiB)`,
    )
    .optional()
    .describe(`Captions as ${format} text, at most 5 MiB.`);

/**
 * Captions a client sends: a WebVTT or SRT file as text, or cues. The gateway parses them, writes them out
 * again as clean WebVTT and serves that file for Mux to fetch.
 */
const sentCaptions = {
  vtt: captionFile('a WebVTT file'),
  srt: captionFile('an SRT file'),
  cues: z
    .array(cue)
    .min(1, 'needs at least one cue')
    .max(CUES_MAX, `at most ${CUES_MAX} cues`)
    .optional()
    .describe(`Captions as cues, at most ${CUES_MAX}, each at most 1000 characters.`),
};

/** Of fields that are alternatives, exactly one is given; the error names the first extra one (or the first). */
function exactlyOneOf<K extends string>(keys: readonly K[]) {
  return (input: Partial<Record<K, unknown>>, context: z.core.$RefinementCtx) => {
    const given = keys.filter((key) => input[key] !== undefined);
    if (given.length === 1) return;
    context.addIssue({
      code: 'custom',
      message: `give exactly one of ${keys.join(', ')}`,
      path: [given[1] ?? keys[0] ?? ''],
    });
  };
}

/** Any well-formed BCP 47 tag, as Mux takes for tracks it is given, written in its canonical case (en-US). */
const bcp47LanguageCode = z
  .string()
  .transform((code, context) => {
    try {
      const [canonical] = Intl.getCanonicalLocales(code);
      if (canonical) return canonical;
    } catch {
      // Reported below.
    }
    context.addIssue({ code: 'custom', message: 'must be a BCP 47 language code, such as en, pt-BR or zh-Hant' });
    return z.NEVER;
  })
  .describe('The captions’ language as a BCP 47 code, such as en, pt-BR or zh-Hant.');

export const captionsReplaceInput = z
  .object({
    trackId: nodeId('Track', 'The ready text track to replace.'),
    ...sentCaptions,
    name: text(NAME_MAX).optional().describe('Name of the new track; the old one’s by default.'),
    closedCaptions: z.boolean().optional(),
    idempotencyKey,
  })
  .superRefine(exactlyOneOf(['vtt', 'srt', 'cues']));

export const captionsAddInput = z
  .object({
    assetId: nodeId('Asset', 'Global ID or Mux id of a ready asset.'),
    ...sentCaptions,
    url: httpUrl
      .optional()
      .describe('An http(s) URL Mux downloads a WebVTT or SRT file from (instead of vtt, srt or cues).'),
    languageCode: bcp47LanguageCode,
    name: text(NAME_MAX)
      .optional()
      .describe('Track name shown in players, unique among the asset’s text tracks; Mux names it by language.'),
    closedCaptions: z.boolean().default(false).describe('The captions describe sounds too (SDH).'),
    passthrough: passthrough.optional(),
    idempotencyKey,
  })
  .superRefine(exactlyOneOf(['vtt', 'srt', 'cues', 'url']));

export const trackUpdateInput = z
  .object({
    trackId: nodeId('Track', 'Global ID or Mux id of a text track.'),
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

export const trackDeleteInput = z.object({
  trackId: nodeId('Track', 'Global ID or Mux id of a text track or an extra audio track.'),
  idempotencyKey,
});

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
  trackId: nodeId('Track', 'The ready text track to translate.'),
  toLanguageCode: languageCode(false),
  uploadToMux: z.boolean().default(true),
  neverTranslate: z
    .array(neverTranslateTerm)
    .max(100)
    .optional()
    .describe(
      'At most 100 terms kept as they are, each at most 100 characters (no < >, invisible characters or ' +
        'characters Unicode normalization changes).',
    ),
  idempotencyKey,
});

const censorMode = z.enum(['blank', 'remove', 'mask']).meta({
  id: 'CensorMode',
  description: 'How profanity is hidden: BLANK as [__], REMOVE drops the word, MASK as ????.',
});

export const captionsEditInput = z
  .object({
    trackId: nodeId('Track', 'The ready text track to edit.'),
    replacements: z
      .array(
        z
          .object({ find: z.string().min(1), replace: z.string(), caseSensitive: z.boolean().default(false) })
          .meta({ id: 'TextReplacementInput' }),
      )
      .max(100)
      .optional()
      .describe('At most 100.'),
    speakerReplacements: z
      .array(
        z
          .object({
            find: z.string().min(1).describe('The label without brackets, e.g. speaker_0.'),
            replace: z.string().min(1),
          })
          .meta({ id: 'SpeakerReplacementInput' }),
      )
      .max(50)
      .optional()
      .describe('At most 50.'),
    censorProfanity: z
      .object({
        mode: censorMode.default('blank'),
        alwaysCensor: z.array(z.string().min(1)).max(100).optional(),
        neverCensor: z.array(z.string().min(1)).max(100).optional(),
      })
      .meta({ id: 'CensorProfanityInput' })
      .optional(),
    uploadToMux: z.boolean().default(true),
    deleteOriginalTrack: z.boolean().default(true).describe('Only when uploading.'),
    trackNameSuffix: z.string().min(1).max(50).optional().describe('Default "edited".'),
    idempotencyKey,
  })
  .refine(
    (input) => Boolean(input.replacements?.length || input.speakerReplacements?.length || input.censorProfanity),
    {
      message: 'give at least one of replacements, speakerReplacements and censorProfanity',
      path: ['replacements'],
    },
  );

export const captionJobCancelInput = z.object({
  id: nodeId('CaptionJob', 'Global ID or job id of a pending or processing Robots job.'),
  idempotencyKey,
});
