/** One recognised word. Times are seconds from the start of the asset. */
export interface CueWord {
  text: string;
  startTime: number;
  endTime: number;
}

/**
 * One caption cue. `text` holds one or two display lines joined by "\n" and never includes the
 * speaker label; `speaker` is the diarisation label (e.g. "speaker_0") when one is known.
 */
export interface Cue {
  startTime: number;
  endTime: number;
  text: string;
  speaker?: string;
  words: CueWord[];
}
