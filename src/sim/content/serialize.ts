import { runSteps, type Steps } from './steps.js';
import type { Cue } from './types.js';

/**
 * How a cue's speaker is written. "brackets" ("[speaker_0] Hello") is what Mux's premium captions
 * use: its edit-captions `speaker_replacements` act on "bracketed speaker labels at the start of
 * caption cues". "voice" is the WebVTT-native `<v speaker_0>` tag.
 */
export type SpeakerStyle = 'brackets' | 'voice' | 'none';

export interface WebVttOptions {
  /** Defaults to "brackets", matching Mux. */
  speakers?: SpeakerStyle;
}

function timestamp(seconds: number, fractionSeparator: '.' | ','): string {
  const totalMs = Math.max(0, Math.round(seconds * 1000));
  const pad = (value: number, width: number): string => String(value).padStart(width, '0');
  const hours = Math.floor(totalMs / 3_600_000);
  const minutes = Math.floor(totalMs / 60_000) % 60;
  const secs = Math.floor(totalMs / 1000) % 60;
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(secs, 2)}${fractionSeparator}${pad(totalMs % 1000, 3)}`;
}

/** A blank line would end the cue early in both formats. */
function cueLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** WebVTT cue text is markup: "&", "<" and ">" must be escaped (this also defuses a stray "-->"). */
function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function withBracketLabel(lines: string[], speaker: string | undefined): string[] {
  if (speaker === undefined || lines.length === 0) return lines;
  return [`[${speaker}] ${lines[0] ?? ''}`, ...lines.slice(1)];
}

export function toWebVtt(cues: readonly Cue[], options: WebVttOptions = {}): string {
  return runSteps(webVttSteps(cues, options));
}

/** toWebVtt a cue at a time (see Steps). */
export function* webVttSteps(cues: readonly Cue[], options: WebVttOptions = {}): Steps<string> {
  const style = options.speakers ?? 'brackets';
  const blocks = ['WEBVTT'];
  for (const cue of cues) {
    let lines = cueLines(cue.text).map(escapeVtt);
    if (style === 'brackets') lines = withBracketLabel(lines, cue.speaker);
    if (style === 'voice' && cue.speaker !== undefined && lines.length > 0) {
      lines[0] = `<v ${escapeVtt(cue.speaker)}>${lines[0] ?? ''}`;
    }
    blocks.push([`${timestamp(cue.startTime, '.')} --> ${timestamp(cue.endTime, '.')}`, ...lines].join('\n'));
    yield;
  }
  return `${blocks.join('\n\n')}\n`;
}

/** SRT has no voice markup, so speakers are always written as Mux's bracketed labels. */
export function toSrt(cues: readonly Cue[]): string {
  return runSteps(srtSteps(cues));
}

/** toSrt a cue at a time (see Steps). */
export function* srtSteps(cues: readonly Cue[]): Steps<string> {
  const blocks: string[] = [];
  for (const [i, cue] of cues.entries()) {
    const lines = [
      String(i + 1),
      `${timestamp(cue.startTime, ',')} --> ${timestamp(cue.endTime, ',')}`,
      ...withBracketLabel(cueLines(cue.text), cue.speaker),
    ];
    blocks.push(`${lines.join('\n')}\n`);
    yield;
  }
  return blocks.join('\n');
}

/** A pause this long, or a change of speaker, starts a new paragraph in the transcript. */
const PARAGRAPH_PAUSE_SECONDS = 1.2;

/** The `.txt` transcript: spoken text only, one paragraph per stretch of uninterrupted speech. */
export function toPlainText(cues: readonly Cue[]): string {
  return runSteps(plainTextSteps(cues));
}

/** toPlainText a cue at a time (see Steps). */
export function* plainTextSteps(cues: readonly Cue[]): Steps<string> {
  const paragraphs: string[][] = [];
  let previous: Cue | undefined;
  for (const cue of cues) {
    yield;
    const text = cueLines(cue.text).join(' ');
    if (text === '') continue;
    const newParagraph =
      previous === undefined ||
      cue.startTime - previous.endTime >= PARAGRAPH_PAUSE_SECONDS ||
      cue.speaker !== previous.speaker;
    if (newParagraph) paragraphs.push([text]);
    else paragraphs[paragraphs.length - 1]?.push(text);
    previous = cue;
  }
  return paragraphs.length === 0 ? '' : `${paragraphs.map((words) => words.join(' ')).join('\n\n')}\n`;
}

/** One entry of the word-timestamp file behind `temporary_words_url`. Times are seconds. */
export interface WordsFileWord {
  text: string;
  start: number;
  end: number;
  speaker?: string;
}

/**
 * The word-timestamp JSON. Mux doesn't document its format, so this is the plainest shape that
 * carries the data: every word in order, with its punctuation attached as it appears in the captions.
 */
export interface WordsFile {
  words: WordsFileWord[];
}

export function toWordsJson(cues: readonly Cue[]): string {
  return runSteps(wordsJsonSteps(cues));
}

/**
 * toWordsJson a cue at a time (see Steps). Each word is serialised on its own, so no single call writes hours of
 * words; joined, they are the bytes `JSON.stringify` gives for the whole WordsFile.
 */
export function* wordsJsonSteps(cues: readonly Cue[]): Steps<string> {
  const words: string[] = [];
  for (const cue of cues) {
    for (const word of cue.words) {
      const entry: WordsFileWord = { text: word.text, start: word.startTime, end: word.endTime };
      if (cue.speaker !== undefined) entry.speaker = cue.speaker;
      words.push(JSON.stringify(entry));
    }
    yield;
  }
  return `{"words":[${words.join(',')}]}\n`;
}
