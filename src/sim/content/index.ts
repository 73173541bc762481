// Caption content for the Mux simulator: what assets "say", and the caption files built from it.

export {
  applyEdits,
  type CaptionEdits,
  type CensorMode,
  type CensorOptions,
  type EditResult,
  editSteps,
  type SpeakerReplacement,
  type TextReplacement,
} from './edit.js';
export { captionSteps, type GenerateCaptionsOptions, generateCaptions } from './generate.js';
export { type DetectedLanguage, detectSpokenLanguage, scriptLanguageFor } from './language.js';
export { type CaptionFormat, CaptionParseError, type ParsedCaptionFile, parseCaptionFile } from './parse.js';
export { SCRIPT_LANGUAGES, type ScriptLanguage } from './scripts/index.js';
export {
  plainTextSteps,
  type SpeakerStyle,
  srtSteps,
  toPlainText,
  toSrt,
  toWebVtt,
  toWordsJson,
  type WebVttOptions,
  type WordsFile,
  type WordsFileWord,
  webVttSteps,
  wordsJsonSteps,
} from './serialize.js';
export type { Pause, Steps } from './steps.js';
export { type TranslateOptions, type TranslationResult, translateCues, translationSteps } from './translate.js';
export type { Cue, CueWord } from './types.js';
