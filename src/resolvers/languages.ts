import { CAPTION_LANGUAGES, type CaptionLanguage } from '../mux/languages.js';

export const LANGUAGE_USES = ['auto_generated_captions', 'premium_captions', 'translation_target'] as const;
export type LanguageUse = (typeof LANGUAGE_USES)[number];

export interface LanguageView {
  code: string;
  name: string;
  stability: CaptionLanguage['stability'];
  uses: LanguageUse[];
}

/**
 * `auto` is detection, not a language: it starts auto-generated or premium captions (premium captions
 * detect when no language is given) but nothing can be translated into it.
 */
function usesOf(language: CaptionLanguage): LanguageUse[] {
  return language.code === 'auto' ? ['auto_generated_captions', 'premium_captions'] : [...LANGUAGE_USES];
}

export function listLanguages(use?: LanguageUse): LanguageView[] {
  return CAPTION_LANGUAGES.map((language) => ({
    code: language.code,
    name: language.name,
    stability: language.stability,
    uses: usesOf(language),
  })).filter((language) => !use || language.uses.includes(use));
}
