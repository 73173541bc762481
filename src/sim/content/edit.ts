import { spreadWords } from './layout.js';
import { phraseRegExp } from './match.js';
import { PROFANITY } from './profanity.js';
import { runSteps, type Steps } from './steps.js';
import type { Cue } from './types.js';

export interface TextReplacement {
  find: string;
  replace: string;
  /** Defaults to false, as in Mux's `case_sensitive`. */
  caseSensitive?: boolean;
}

/** Labels are written without brackets ("speaker_0"), as in Mux's `speaker_replacements`. */
export interface SpeakerReplacement {
  find: string;
  replace: string;
}

/** Mux's modes: blank inserts bracketed underscores, remove drops the match, mask writes question marks. */
export type CensorMode = 'blank' | 'remove' | 'mask';

export interface CensorOptions {
  /** Defaults to "blank", as in Mux. */
  mode?: CensorMode;
  /** Censored wherever they appear, whatever the detector thinks. */
  alwaysCensor?: readonly string[];
  /** Overrule the detector (the bundled word list) only, not `alwaysCensor`. */
  neverCensor?: readonly string[];
}

export interface CaptionEdits {
  replacements?: readonly TextReplacement[];
  speakerReplacements?: readonly SpeakerReplacement[];
  censor?: CensorOptions;
}

export interface EditResult {
  cues: Cue[];
  /** Every text replacement, speaker relabelling and censored word, like Mux's `total_replacement_count`. */
  totalReplacementCount: number;
}

/**
 * "[__]" rather than underscores matching the word's length: a fixed token hides how long the
 * word was (mask already keeps the shape), stays one token when lines wrap, and can't be taken for
 * a speaker label when the file is parsed again.
 */
const BLANK = '[__]';

function censorReplacement(match: string, mode: CensorMode): string {
  if (mode === 'blank') return BLANK;
  if (mode === 'mask') return match.replace(/\S/g, '?');
  return '';
}

/** Removal leaves doubled spaces, spaces before punctuation and dangling commas behind. */
function tidyAfterRemoval(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/[ \t]{2,}/g, ' ')
        .replace(/\s+([,.;:!?…])/g, '$1')
        .replace(/^[\s,;:]+/, '')
        .trim(),
    )
    .filter((line) => line !== '')
    .join('\n');
}

interface Censor {
  apply(text: string): { text: string; count: number };
}

function createCensor(options: CensorOptions): Censor {
  const mode = options.mode ?? 'blank';
  const neverCensor = options.neverCensor ?? [];
  const exempt = new Set(neverCensor.map((word) => word.trim().toLowerCase()));
  const always = phraseRegExp(options.alwaysCensor ?? [], false);
  const detected = phraseRegExp(
    PROFANITY.filter((word) => !exempt.has(word)),
    false,
  );
  const protectedPhrases = phraseRegExp(neverCensor, false);
  return {
    apply(text) {
      let count = 0;
      const censor = (match: string): string => {
        count++;
        return censorReplacement(match, mode);
      };
      let result = always === undefined ? text : text.replace(always, censor);
      if (detected !== undefined) {
        // A never-censor phrase such as "Dick Smith" shields the detected words inside it.
        const shielded = [...(protectedPhrases === undefined ? [] : result.matchAll(protectedPhrases))].map(
          (m): [number, number] => [m.index, m.index + m[0].length],
        );
        result = result.replace(detected, (match: string, offset: number) =>
          shielded.some(([start, end]) => offset < end && offset + match.length > start) ? match : censor(match),
        );
      }
      if (mode === 'remove' && count > 0) result = tidyAfterRemoval(result);
      return { text: result, count };
    },
  };
}

/**
 * The edit-captions workflow: replacements in order, then speaker relabelling, then censoring, so
 * a replacement can never sneak profanity past the censor. Cues left empty are dropped; edited
 * cues get fresh word timings, untouched ones keep theirs.
 */
export function applyEdits(cues: readonly Cue[], edits: CaptionEdits): EditResult {
  return runSteps(editSteps(cues, edits));
}

/** applyEdits a cue at a time (see Steps). */
export function* editSteps(cues: readonly Cue[], edits: CaptionEdits): Steps<EditResult> {
  const replacements = (edits.replacements ?? []).flatMap((rule) => {
    const pattern = phraseRegExp([rule.find], rule.caseSensitive ?? false);
    return pattern === undefined ? [] : [{ pattern, replace: rule.replace }];
  });
  const speakerMap = new Map(
    (edits.speakerReplacements ?? []).map((rule) => [rule.find.trim().toLowerCase(), rule.replace.trim()]),
  );
  const censor = edits.censor === undefined ? undefined : createCensor(edits.censor);
  let total = 0;
  const edited: Cue[] = [];
  for (const cue of cues) {
    yield;
    let text = cue.text;
    for (const { pattern, replace } of replacements) {
      text = text.replace(pattern, () => {
        total++;
        return replace;
      });
    }
    let speaker = cue.speaker;
    const relabel = speaker === undefined ? undefined : speakerMap.get(speaker.trim().toLowerCase());
    if (relabel !== undefined) {
      speaker = relabel;
      total++;
    }
    if (censor !== undefined) {
      const censored = censor.apply(text);
      text = censored.text;
      total += censored.count;
    }
    if (text.trim() === '') continue;
    const next: Cue = {
      startTime: cue.startTime,
      endTime: cue.endTime,
      text,
      words: text === cue.text ? cue.words : spreadWords(text, cue.startTime, cue.endTime),
    };
    if (speaker !== undefined) next.speaker = speaker;
    edited.push(next);
  }
  return { cues: edited, totalReplacementCount: total };
}
