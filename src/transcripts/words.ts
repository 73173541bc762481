import { z } from 'zod';
import { TRANSCRIPT_LIMITS, type TranscriptWord } from './model.js';
import { CaptionSourceError } from './parse.js';
import { cleanLabel } from './sanitize.js';

const seconds = z.number().min(0);

/** Premium captions' word-timestamp file: `{"words":[{"text","start","end","speaker"?}]}`, times in seconds. */
const wordsFile = z.object({
  words: z.array(z.object({ text: z.string(), start: seconds, end: seconds, speaker: z.string().nullish() })),
});

/** Parses the word-timestamp JSON from outside, with the same cleaning and bounds as cue text. */
export function parseWords(source: string): TranscriptWord[] {
  if (Buffer.byteLength(source) > TRANSCRIPT_LIMITS.sourceBytes) {
    throw new CaptionSourceError(`word-timestamp file is larger than ${TRANSCRIPT_LIMITS.sourceBytes} bytes`);
  }
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch {
    throw new CaptionSourceError('word-timestamp file is not JSON');
  }
  const parsed = wordsFile.safeParse(json);
  if (!parsed.success)
    throw new CaptionSourceError('word-timestamp file does not have the shape {"words":[{"text","start","end"}]}');
  const words: TranscriptWord[] = [];
  for (const word of parsed.data.words.slice(0, TRANSCRIPT_LIMITS.words)) {
    const text = cleanLabel(word.text, TRANSCRIPT_LIMITS.wordChars);
    const startMs = Math.round(word.start * 1000);
    const endMs = Math.round(word.end * 1000);
    if (text === null || endMs < startMs) continue;
    words.push({
      text,
      startMs,
      endMs,
      speaker: word.speaker ? cleanLabel(word.speaker, TRANSCRIPT_LIMITS.speakerChars) : null,
    });
  }
  return words;
}
