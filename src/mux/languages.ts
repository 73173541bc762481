/**
 * Languages Mux generates captions in, with Mux's own stability label (beta languages may be less
 * accurate), from the auto-generated captions guide. `auto` asks Mux to detect the spoken language.
 */
export const CAPTION_LANGUAGES = [
  { code: 'en', name: 'English', stability: 'stable' },
  { code: 'es', name: 'Spanish', stability: 'stable' },
  { code: 'it', name: 'Italian', stability: 'stable' },
  { code: 'pt', name: 'Portuguese', stability: 'stable' },
  { code: 'de', name: 'German', stability: 'stable' },
  { code: 'fr', name: 'French', stability: 'stable' },
  { code: 'auto', name: 'Automatic detection', stability: 'stable' },
  { code: 'pl', name: 'Polish', stability: 'beta' },
  { code: 'ru', name: 'Russian', stability: 'beta' },
  { code: 'nl', name: 'Dutch', stability: 'beta' },
  { code: 'ca', name: 'Catalan', stability: 'beta' },
  { code: 'tr', name: 'Turkish', stability: 'beta' },
  { code: 'sv', name: 'Swedish', stability: 'beta' },
  { code: 'uk', name: 'Ukrainian', stability: 'beta' },
  { code: 'no', name: 'Norwegian', stability: 'beta' },
  { code: 'fi', name: 'Finnish', stability: 'beta' },
  { code: 'sk', name: 'Slovak', stability: 'beta' },
  { code: 'el', name: 'Greek', stability: 'beta' },
  { code: 'cs', name: 'Czech', stability: 'beta' },
  { code: 'hr', name: 'Croatian', stability: 'beta' },
  { code: 'da', name: 'Danish', stability: 'beta' },
  { code: 'ro', name: 'Romanian', stability: 'beta' },
  { code: 'bg', name: 'Bulgarian', stability: 'beta' },
] as const;

export type CaptionLanguage = (typeof CAPTION_LANGUAGES)[number];
