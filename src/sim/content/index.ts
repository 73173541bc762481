// Caption content for the Mux simulator: what assets "say", and the caption files built from it.
export type { Cue, CueWord } from './types.js';
export { generateCaptions, type GenerateCaptionsOptions } from './generate.js';
export {
  toPlainText,
  toSrt,
  toWebVtt,
  toWordsJson,
  type SpeakerStyle,
  type WebVttOptions,
  type WordsFile,
  type WordsFileWord,
} from './serialize.js';
export { CaptionParseError, parseCaptionFile, type CaptionFormat, type ParsedCaptionFile } from './parse.js';
export {
  applyEdits,
  type CaptionEdits,
  type CensorMode,
  type CensorOptions,
  type EditResult,
  type SpeakerReplacement,
  type TextReplacement,
} from './edit.js';
export { translateCues, type TranslateOptions, type TranslationResult } from './translate.js';
export { detectSpokenLanguage, scriptLanguageFor, type DetectedLanguage } from './language.js';
export { SCRIPT_LANGUAGES, type ScriptLanguage } from './scripts/index.js';
