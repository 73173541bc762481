export type ScriptLanguage = 'en' | 'es' | 'fr' | 'de';

/**
 * Proper nouns and jargon a recogniser gets wrong without a hint: the correct spelling mapped to
 * what it writes instead. In script text a term is written in braces, e.g. "{Mux}".
 */
export type Lexicon = Readonly<Record<string, readonly string[]>>;

export interface ScriptTurn {
  /** The person speaking; diarisation only ever reveals "speaker_N", never this name. */
  readonly speaker: string;
  readonly text: string;
}

export interface Script {
  readonly id: string;
  readonly language: ScriptLanguage;
  readonly title: string;
  readonly terms: Lexicon;
  readonly turns: readonly ScriptTurn[];
}
