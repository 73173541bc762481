import { generateCaptions } from '../../resolvers/captions/generate.js';
import { replaceCaptions } from '../../resolvers/captions/replace.js';
import {
  cancelCaptionJob,
  editCaptions,
  generatePremiumCaptions,
  translateCaptions,
} from '../../resolvers/captions/robots.js';
import { builder } from '../builder.js';
import { enumOf } from '../enum.js';
import { nodeMuxId } from '../global-id.js';
import { GeneratedSubtitlesInput } from './assets.js';
import { runMutation } from './mutation-field.js';
import { payloadType } from './payload.js';

const CaptionsGenerateInput = builder.inputType('CaptionsGenerateInput', {
  fields: (t) => ({
    assetId: t.id({ required: true, description: 'Global ID or Mux id of a ready asset.' }),
    audioTrackId: t.id({ description: 'Mux id of the audio track to caption; the primary audio track by default.' }),
    languages: t.field({ type: [GeneratedSubtitlesInput], required: true }),
    idempotencyKey: t.string(),
  }),
});

const PremiumCaptionsGenerateInput = builder.inputType('PremiumCaptionsGenerateInput', {
  fields: (t) => ({
    assetId: t.id({ required: true }),
    languageCode: t.string({ description: 'The spoken language; leave it out (or `auto`) to detect it.' }),
    replaceExisting: t.boolean({
      description: 'Replace a text track already in that language (default false: refused with a ConflictError).',
    }),
    trackName: t.string({ description: 'Default "{Language} (Generated)".' }),
    includeSpeakers: t.boolean(),
    includeWords: t.boolean({ description: 'Word timings; Mux bills these at a higher rate.' }),
    uploadToMux: t.boolean({
      description: 'Default true. False keeps the captions off the asset (only the transcript files are made).',
    }),
    phrases: t.stringList({
      description:
        'Up to 100 spellings to prefer (names, jargon): each at most 49 characters and 5 words, none of < > { } [ ] \\.',
    }),
    passthrough: t.string(),
    idempotencyKey: t.string(),
  }),
});

const CueInput = builder.inputType('CueInput', {
  fields: (t) => ({
    startSeconds: t.float({ required: true }),
    endSeconds: t.float({ required: true }),
    text: t.string({ required: true }),
    speaker: t.string(),
  }),
});

const CaptionsReplaceInput = builder.inputType('CaptionsReplaceInput', {
  fields: (t) => ({
    trackId: t.id({ required: true, description: 'The ready text track to replace.' }),
    vtt: t.string({ description: 'The edited captions as WebVTT (give this or cues).' }),
    cues: t.field({ type: [CueInput], description: 'The edited captions as cues (give this or vtt).' }),
    name: t.string({ description: 'Name of the new track; the old one’s by default.' }),
    closedCaptions: t.boolean(),
    idempotencyKey: t.string(),
  }),
});

const CaptionsTranslateInput = builder.inputType('CaptionsTranslateInput', {
  fields: (t) => ({
    trackId: t.id({ required: true, description: 'The ready text track to translate.' }),
    toLanguageCode: t.string({ required: true }),
    uploadToMux: t.boolean(),
    neverTranslate: t.stringList({
      description: 'Terms kept as they are (no < >, invisible characters or characters Unicode normalization changes).',
    }),
    idempotencyKey: t.string(),
  }),
});

const CensorMode = enumOf(
  'CensorMode',
  'How profanity is hidden: BLANK as [__], REMOVE drops the word, MASK as ????.',
  ['blank', 'remove', 'mask'] as const,
);

const TextReplacementInput = builder.inputType('TextReplacementInput', {
  fields: (t) => ({
    find: t.string({ required: true }),
    replace: t.string({ required: true }),
    caseSensitive: t.boolean(),
  }),
});

const SpeakerReplacementInput = builder.inputType('SpeakerReplacementInput', {
  fields: (t) => ({
    find: t.string({ required: true, description: 'The label without brackets, e.g. speaker_0.' }),
    replace: t.string({ required: true }),
  }),
});

const CensorProfanityInput = builder.inputType('CensorProfanityInput', {
  fields: (t) => ({ mode: t.field({ type: CensorMode }), alwaysCensor: t.stringList(), neverCensor: t.stringList() }),
});

const CaptionsEditInput = builder.inputType('CaptionsEditInput', {
  fields: (t) => ({
    trackId: t.id({ required: true }),
    replacements: t.field({ type: [TextReplacementInput] }),
    speakerReplacements: t.field({ type: [SpeakerReplacementInput] }),
    censorProfanity: t.field({ type: CensorProfanityInput }),
    uploadToMux: t.boolean(),
    deleteOriginalTrack: t.boolean({ description: 'Default true (only when uploading).' }),
    trackNameSuffix: t.string({ description: 'Default "edited".' }),
    idempotencyKey: t.string(),
  }),
});

const CaptionJobCancelInput = builder.inputType('CaptionJobCancelInput', {
  fields: (t) => ({ id: t.id({ required: true }), idempotencyKey: t.string() }),
});

builder.mutationFields((t) => ({
  captionsGenerate: t.field({
    type: payloadType('CaptionsGeneratePayload', ['asset', 'captionJobs']),
    description: 'Auto-generated captions for an existing asset (Mux does this within 7 days of the asset’s creation).',
    args: { input: t.arg({ type: CaptionsGenerateInput, required: true }) },
    resolve: (_root, { input }, context) =>
      runMutation('captionsGenerate', context, input, (cleaned) =>
        generateCaptions(context.services, context.cache, cleaned),
      ),
  }),
  premiumCaptionsGenerate: t.field({
    type: payloadType('PremiumCaptionsGeneratePayload', ['asset', 'captionJob']),
    description: 'Higher-accuracy captions from Mux Robots, with speakers, word timings and phrase hints.',
    args: { input: t.arg({ type: PremiumCaptionsGenerateInput, required: true }) },
    resolve: (_root, { input }, context) =>
      runMutation('premiumCaptionsGenerate', context, input, (cleaned) =>
        generatePremiumCaptions(context.services, context.cache, cleaned),
      ),
  }),
  captionsReplace: t.field({
    type: payloadType('CaptionsReplacePayload', ['asset', 'track', 'captionJob']),
    description: 'Replaces a text track with edited captions; the old track stays until the new one is ready.',
    args: { input: t.arg({ type: CaptionsReplaceInput, required: true }) },
    resolve: (_root, { input }, context) =>
      runMutation('captionsReplace', context, input, (cleaned) =>
        replaceCaptions(context.services, context.cache, cleaned),
      ),
  }),
  captionsTranslate: t.field({
    type: payloadType('CaptionsTranslatePayload', ['asset', 'captionJob']),
    description: 'Translates a text track into another language (Mux Robots).',
    args: { input: t.arg({ type: CaptionsTranslateInput, required: true }) },
    resolve: (_root, { input }, context) =>
      runMutation('captionsTranslate', context, input, (cleaned) =>
        translateCaptions(context.services, context.cache, cleaned),
      ),
  }),
  captionsEdit: t.field({
    type: payloadType('CaptionsEditPayload', ['asset', 'captionJob']),
    description: 'Find and replace, speaker renames and profanity censoring on a text track (Mux Robots).',
    args: { input: t.arg({ type: CaptionsEditInput, required: true }) },
    resolve: (_root, { input }, context) =>
      runMutation('captionsEdit', context, input, (cleaned) => editCaptions(context.services, context.cache, cleaned)),
  }),
  captionJobCancel: t.field({
    type: payloadType('CaptionJobCancelPayload', ['asset', 'captionJob']),
    description: 'Cancels a pending or processing Robots job.',
    args: { input: t.arg({ type: CaptionJobCancelInput, required: true }) },
    resolve: (_root, { input }, context) =>
      runMutation('captionJobCancel', context, input, (cleaned) =>
        cancelCaptionJob(context.services, cleaned, nodeMuxId('CaptionJob', String(cleaned.id))),
      ),
  }),
}));
