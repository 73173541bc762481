import { scriptLanguageFor } from './language.js';
import { MAX_CUE_LINES, splitWords, spreadWords, wrapLines } from './layout.js';
import { countMatches, phraseRegExp } from './match.js';
import { hashString } from './random.js';
import { type ScriptLanguage, scriptsFor } from './scripts/index.js';
import { spokenUnits } from './spoken.js';
import { runSteps, type Steps } from './steps.js';
import type { Cue } from './types.js';

export interface TranslateOptions {
  /** Terms that must come through unchanged (matched case-sensitively, whole words). */
  neverTranslate?: readonly string[];
}

export interface TranslationResult {
  cues: Cue[];
  /** Mux's `never_translate_terms_preserved`: every listed term found in a cue is in its translation. */
  neverTranslateTermsPreserved: boolean;
}

/** Romance languages need more words than English to say the same thing, German slightly fewer. */
const WORDS_PER_SOURCE_WORD: Readonly<Record<ScriptLanguage, number>> = { en: 1, es: 1.1, fr: 1.15, de: 0.95 };

interface Token {
  text: string;
  /** A never-translate term: kept verbatim and never dropped to make the cue fit. */
  fixed: boolean;
}

/** The target-language script as a word stream that can take back words that didn't fit a cue. */
function wordSource(
  language: ScriptLanguage,
  seed: string,
): { take(): string; putBack(words: readonly string[]): void } {
  const scripts = scriptsFor(language);
  const stream = spokenUnits(scripts, hashString(seed) % scripts.length, (spelling) => spelling);
  const returned: string[] = [];
  return {
    take() {
      return returned.shift() ?? stream.next().value.display;
    },
    putBack(words) {
      returned.unshift(...words);
    },
  };
}

const SENTENCE_END_RE = /[.?!…]$/;

/**
 * Simulated translation: no meaning survives, but the result looks like a real caption
 * translation. Every cue keeps its timing and speaker and is filled with the next stretch of a
 * bundled script in the target language, sized to the source cue and, where the source cue ends a
 * sentence, stretched to the end of a target sentence if one is near. Never-translate terms are
 * placed where they stood in the source. The script and starting point follow from the source
 * text, so the same captions always translate the same way.
 */
export function translateCues(
  cues: readonly Cue[],
  toLanguageCode: string,
  options: TranslateOptions = {},
): TranslationResult {
  return runSteps(translationSteps(cues, toLanguageCode, options));
}

/** translateCues a cue at a time (see Steps). */
export function* translationSteps(
  cues: readonly Cue[],
  toLanguageCode: string,
  options: TranslateOptions = {},
): Steps<TranslationResult> {
  const language = scriptLanguageFor(toLanguageCode);
  const source = wordSource(language, `${toLanguageCode}\u0000${cues.map((cue) => cue.text).join('\n')}`);
  const terms = [
    ...new Set((options.neverTranslate ?? []).map((term) => term.trim()).filter((term) => term !== '')),
  ].flatMap((term) => {
    const pattern = phraseRegExp([term], true);
    return pattern === undefined ? [] : [{ term, pattern }];
  });
  const fits = (tokens: readonly Token[]): boolean =>
    wrapLines(tokens.map((token) => token.text)).length <= MAX_CUE_LINES;
  const endsSentence = (tokens: readonly Token[]): boolean =>
    SENTENCE_END_RE.test(tokens[tokens.length - 1]?.text ?? '');
  let preserved = true;

  const translate = (cue: Cue): Cue => {
    const inserts = terms
      .flatMap(({ term, pattern }) =>
        [...cue.text.matchAll(pattern)].map((m) => ({ term, at: m.index / cue.text.length })),
      )
      .sort((a, b) => a.at - b.at);
    const wanted = Math.max(
      1,
      Math.round(splitWords(cue.text).length * WORDS_PER_SOURCE_WORD[language]) - inserts.length,
    );
    const tokens: Token[] = Array.from({ length: wanted }, () => ({ text: source.take(), fixed: false }));
    if (SENTENCE_END_RE.test(cue.text) && !endsSentence(tokens)) {
      const extra: Token[] = [];
      while (extra.length < Math.max(3, wanted / 2) && !endsSentence(extra))
        extra.push({ text: source.take(), fixed: false });
      if (endsSentence(extra) && fits([...tokens, ...extra])) tokens.push(...extra);
      else source.putBack(extra.map((token) => token.text));
    }
    const translatedWords = tokens.length;
    for (const [i, { term, at }] of inserts.entries()) {
      tokens.splice(Math.round(at * translatedWords) + i, 0, { text: term, fixed: true });
    }

    const dropped: string[] = [];
    while (!fits(tokens)) {
      const droppable = tokens.findLastIndex((token) => !token.fixed);
      if (droppable < 0) break;
      dropped.unshift(...tokens.splice(droppable, 1).map((token) => token.text));
    }
    source.putBack(dropped);

    const text = wrapLines(tokens.map((token) => token.text)).join('\n');
    for (const { pattern } of terms) {
      if (countMatches(text, pattern) < countMatches(cue.text, pattern)) preserved = false;
    }
    const result: Cue = {
      startTime: cue.startTime,
      endTime: cue.endTime,
      text,
      words: spreadWords(text, cue.startTime, cue.endTime),
    };
    if (cue.speaker !== undefined) result.speaker = cue.speaker;
    return result;
  };
  const translated: Cue[] = [];
  for (const cue of cues) {
    translated.push(translate(cue));
    yield;
  }
  return { cues: translated, neverTranslateTermsPreserved: preserved };
}
