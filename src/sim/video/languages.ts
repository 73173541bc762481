/** Languages Mux can auto-generate VOD captions in (SDK enum `AssetGeneratedSubtitleSettings.language_code`). */
export const GENERATED_SUBTITLE_LANGUAGES = [
  'en',
  'es',
  'it',
  'pt',
  'de',
  'fr',
  'pl',
  'ru',
  'nl',
  'ca',
  'tr',
  'sv',
  'uk',
  'no',
  'fi',
  'sk',
  'el',
  'cs',
  'hr',
  'da',
  'ro',
  'bg',
  'auto',
] as const;

const displayNames = new Intl.DisplayNames(['en'], { type: 'language', languageDisplay: 'standard', fallback: 'code' });

/** The English name Mux fills a track's `name` with when the request leaves it out ("es" -> "Spanish"). */
export function languageName(code: string): string {
  try {
    return displayNames.of(code) ?? code;
  } catch {
    return code;
  }
}
