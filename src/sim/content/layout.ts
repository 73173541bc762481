import type { CueWord } from './types.js';

/** Common broadcast/streaming caption limits (e.g. Netflix, BBC guidelines use 37–42 characters). */
const MAX_LINE_CHARS = 42;
export const MAX_CUE_LINES = 2;

/** Greedy line filling; a single word longer than a line gets a line of its own rather than being split. */
export function wrapLines(words: readonly string[], maxChars = MAX_LINE_CHARS): string[] {
  const lines: string[] = [];
  for (const word of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= maxChars) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

export function splitWords(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}

/** Millisecond precision is all WebVTT and SRT can carry, so every time is kept on that grid. */
export function roundMs(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/**
 * Word timings for text whose audio we never "heard" (uploaded, edited or translated cues):
 * spread the words over the interval in proportion to their length, back to back.
 */
export function spreadWords(text: string, startTime: number, endTime: number): CueWord[] {
  const words = splitWords(text);
  const weights = words.map((word) => word.length + 1);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let consumed = 0;
  return words.map((word, i) => {
    const start = startTime + ((endTime - startTime) * consumed) / total;
    consumed += weights[i] ?? 0;
    const end = i === words.length - 1 ? endTime : startTime + ((endTime - startTime) * consumed) / total;
    return { text: word, startTime: roundMs(start), endTime: roundMs(end) };
  });
}
