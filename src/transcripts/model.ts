/** One caption cue of a transcript. Times are whole milliseconds from the start of the asset. */
export interface TranscriptCue {
  startMs: number;
  endMs: number;
  /** One or more display lines joined by "\n", without markup or speaker label. */
  text: string;
  speaker: string | null;
}

/** One word with its timing, from premium captions' word-timestamp file. */
export interface TranscriptWord {
  text: string;
  startMs: number;
  endMs: number;
  speaker: string | null;
}

/**
 * Bounds on text that comes from outside (Mux's files, uploaded captions). A two-hour talk has about 1,500
 * cues and 18,000 words, so these leave ample room while keeping one transcript's cost predictable.
 */
export const TRANSCRIPT_LIMITS = {
  sourceBytes: 5 * 1024 * 1024,
  cues: 20_000,
  cueChars: 1_000,
  words: 200_000,
  wordChars: 100,
  speakerChars: 64,
} as const;
