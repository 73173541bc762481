import { scriptLanguageFor } from './language.js';
import { MAX_CUE_LINES, roundMs, spreadWords, wrapLines } from './layout.js';
import { between, createRng } from './random.js';
import { scriptsFor } from './scripts/index.js';
import { spokenUnits, type TermRenderer } from './spoken.js';
import { runSteps, type Steps } from './steps.js';
import type { Cue, CueWord } from './types.js';

export interface GenerateCaptionsOptions {
  /** Usually the asset id: the same seed always yields the same captions. */
  seed: string;
  durationSeconds: number;
  /** Any BCP 47 code; languages without a bundled script use a related one (see scriptLanguageFor). */
  languageCode: string;
  /**
   * Premium-caption hints: a phrase matching a known term (ignoring case, spaces and punctuation) is written exactly as
   * given.
   */
  phrases?: readonly string[];
  /** Adds diarisation labels ("speaker_0", "speaker_1", … in order of first appearance). */
  includeSpeakers?: boolean;
}

const MAX_CUE_SECONDS = 7;
/** Below this many characters a cue keeps going past a full stop, so short sentences share a cue. */
const MIN_CHARS_TO_END_AT_SENTENCE = 24;

function normalisePhrase(phrase: string): string {
  return phrase.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Mimics recognition: a term comes out misheard unless a phrase names it. A misheard form is drawn
 * even when a phrase wins, so a phrase changes the spelling of its own term and nothing else.
 */
function termRenderer(phrases: readonly string[], rng: () => number): TermRenderer {
  const byNormalised = new Map<string, string>();
  for (const phrase of phrases) {
    const key = normalisePhrase(phrase);
    if (key !== '' && !byNormalised.has(key)) byNormalised.set(key, phrase.trim());
  }
  return (spelling, misheard, sentenceStart) => {
    const heard = misheard[Math.floor(rng() * misheard.length)] ?? spelling;
    const hinted = [spelling, ...misheard]
      .map((form) => byNormalised.get(normalisePhrase(form)))
      .find((p) => p !== undefined);
    if (hinted !== undefined) return hinted;
    return sentenceStart ? capitalise(heard) : heard;
  };
}

interface OpenCue {
  words: CueWord[];
  speaker: string | undefined;
}

/**
 * Deterministic, believable captions for an asset: about 2.5 words a second, cues of at most two
 * 42-character lines and 7 seconds, breaks at sentence ends and speaker turns, and nothing after
 * `durationSeconds`.
 */
export function generateCaptions(options: GenerateCaptionsOptions): Cue[] {
  return runSteps(captionSteps(options));
}

/** generateCaptions a spoken word at a time (see Steps). */
export function* captionSteps(options: GenerateCaptionsOptions): Steps<Cue[]> {
  if (!Number.isFinite(options.durationSeconds)) throw new RangeError('durationSeconds must be a finite number');
  const limit = Math.floor(options.durationSeconds * 1000) / 1000;
  const language = scriptLanguageFor(options.languageCode);
  const rng = createRng(`${options.seed}\u0000${language}`);
  const scripts = scriptsFor(language);
  const first = Math.floor(rng() * scripts.length);
  const hearing = createRng(`${options.seed}\u0000${language}\u0000terms`);
  const units = spokenUnits(scripts, first, termRenderer(options.phrases ?? [], hearing));
  const speakerLabels = new Map<string, string>();
  const cues: Cue[] = [];
  let open: OpenCue | undefined;
  let t = between(rng, 0.4, 1.2);

  const close = (): void => {
    const firstWord = open?.words[0];
    const lastWord = open?.words[open.words.length - 1];
    if (open === undefined || firstWord === undefined || lastWord === undefined) return;
    const endTime = Math.min(roundMs(lastWord.endTime + between(rng, 0.15, 0.35)), limit);
    const cue: Cue = {
      startTime: firstWord.startTime,
      endTime,
      text: wrapLines(open.words.map((word) => word.text)).join('\n'),
      words: open.words,
    };
    if (open.speaker !== undefined) cue.speaker = open.speaker;
    cues.push(cue);
    t = Math.max(t, endTime + between(rng, 0.04, 0.12));
    open = undefined;
  };

  for (const unit of units) {
    yield;
    const started = open !== undefined || cues.length > 0;
    if (unit.scriptStart && started) {
      close();
      t += between(rng, 1.5, 2.5);
    } else if (unit.turnStart && started) {
      close();
      t += between(rng, 1.3, 2.0);
    }
    const seconds = (0.07 + 0.04 * unit.spokenChars) * between(rng, 0.85, 1.15);
    if (open !== undefined) {
      const lines = wrapLines([...open.words.map((word) => word.text), unit.display]);
      const cueStart = open.words[0]?.startTime ?? t;
      if (lines.length > MAX_CUE_LINES || t + seconds - cueStart > MAX_CUE_SECONDS) close();
    }
    if (t + seconds > limit) break;
    let speaker: string | undefined;
    if (options.includeSpeakers) {
      speaker = speakerLabels.get(unit.speakerKey) ?? `speaker_${speakerLabels.size}`;
      speakerLabels.set(unit.speakerKey, speaker);
    }
    open ??= { words: [], speaker };
    open.words.push(...spreadWords(unit.display, t, t + seconds));
    t += seconds + between(rng, 0.02, 0.08);
    if (unit.sentenceEnd) {
      t += between(rng, 0.25, 0.6);
      if (open.words.map((word) => word.text).join(' ').length >= MIN_CHARS_TO_END_AT_SENTENCE) close();
    } else if (unit.clauseEnd) {
      t += between(rng, 0.1, 0.25);
    }
  }
  close();
  return cues;
}
