import { GENERATED_SUBTITLE_LANGUAGES } from '../video/languages.js';
import { createRng } from './random.js';
import { SCRIPT_LANGUAGES, type ScriptLanguage } from './scripts/index.js';

/** Languages Mux's VOD captioning recognises: the ones it generates captions in, without "auto". */
const SPOKEN_LANGUAGES: ReadonlySet<string> = new Set(
  GENERATED_SUBTITLE_LANGUAGES.filter((language) => language !== 'auto'),
);

/**
 * Languages without a bundled script borrow the script of a close relative, so their captions at
 * least look foreign (and a translation into them visibly differs from English); anything
 * without a relative here falls back to English.
 */
const RELATED_SCRIPT_LANGUAGE: Readonly<Record<string, ScriptLanguage>> = {
  it: 'es',
  pt: 'es',
  ca: 'es',
  ro: 'es',
  nl: 'de',
  sv: 'de',
  no: 'de',
  da: 'de',
};

function baseLanguage(code: string): string {
  return code.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

function isScriptLanguage(code: string): code is ScriptLanguage {
  return (SCRIPT_LANGUAGES as readonly string[]).includes(code);
}

/** The bundled script language used to speak (or translate into) a BCP 47 language code. */
export function scriptLanguageFor(languageCode: string): ScriptLanguage {
  const base = baseLanguage(languageCode);
  if (isScriptLanguage(base)) return base;
  return RELATED_SCRIPT_LANGUAGE[base] ?? 'en';
}

function spokenLanguage(code: string): string | undefined {
  const base = baseLanguage(code);
  return SPOKEN_LANGUAGES.has(base) ? base : undefined;
}

const LANGUAGE_PARAMS = ['lang', 'language', 'language_code'];

/** Reads a language from "es", "es-MX", "…?lang=es" or a file name such as "talk.es.mp4". */
function languageFromHint(hint: string): string | undefined {
  if (/^[a-z]{2,3}(?:[-_][a-z0-9]+)*$/i.test(hint.trim())) return spokenLanguage(hint);
  let url: URL;
  try {
    url = new URL(hint, 'file:///');
  } catch {
    return undefined;
  }
  for (const name of LANGUAGE_PARAMS) {
    const value = url.searchParams.get(name);
    const code = value === null ? undefined : spokenLanguage(value);
    if (code !== undefined) return code;
  }
  const fileName = url.pathname.split('/').pop() ?? '';
  const suffix = /\.([a-z]{2})(?:[-_][a-z]{2})?\.[a-z0-9]+$/i.exec(fileName);
  return suffix?.[1] === undefined ? undefined : spokenLanguage(suffix[1]);
}

export interface DetectedLanguage {
  languageCode: string;
  /** Deterministic stand-in for Mux's `auto_language_confidence`. */
  confidence: number;
}

/**
 * The language an asset "speaks", used to resolve `language_code: "auto"`. Assets speak English
 * unless the hint (typically the input URL) names another language Mux can caption.
 */
export function detectSpokenLanguage(seed: string, hint?: string): DetectedLanguage {
  const languageCode = (hint === undefined ? undefined : languageFromHint(hint)) ?? 'en';
  const rng = createRng(`language\u0000${seed}`);
  return { languageCode, confidence: Math.round((0.86 + rng() * 0.13) * 100) / 100 };
}
