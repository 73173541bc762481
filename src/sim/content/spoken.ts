import type { Script } from './scripts/index.js';

/**
 * Renders one braced term. `sentenceStart` says whether the term opens a sentence, so a misheard
 * common-noun spelling can be capitalised the way a recogniser would.
 */
export type TermRenderer = (spelling: string, misheard: readonly string[], sentenceStart: boolean) => string;

/** One spoken token of a script: usually a word, or a whole term such as "{Kubernetes}". */
export interface SpokenUnit {
  /** What ends up in the captions; a misheard term can span several words ("cooper netties"). */
  readonly display: string;
  /** Length of what was actually said, so timing doesn't depend on how it was transcribed. */
  readonly spokenChars: number;
  /** Identifies the person across the whole output, even when scripts repeat. */
  readonly speakerKey: string;
  readonly turnStart: boolean;
  readonly scriptStart: boolean;
  readonly sentenceEnd: boolean;
  readonly clauseEnd: boolean;
}

const TOKEN_RE = /(?:[^\s{]*\{[^}]*\})+[^\s{]*|\S+/g;
const TERM_RE = /\{([^}]*)\}/g;
const SENTENCE_END_RE = /[.?!…]["'”’»)\]]*$/;
const CLAUSE_END_RE = /[,;:–—]$/;

function renderToken(token: string, script: Script, sentenceStart: boolean, render: TermRenderer): string {
  return token.replace(TERM_RE, (_match, spelling: string, offset: number) =>
    render(spelling, script.terms[spelling] ?? [], sentenceStart && offset === 0),
  );
}

/**
 * The scripts as an endless stream of spoken units, starting with `scripts[first]` and moving on
 * to the next script when one ends, so long assets don't repeat the same monologue back to back.
 */
export function* spokenUnits(
  scripts: readonly Script[],
  first: number,
  render: TermRenderer,
): Generator<SpokenUnit, never> {
  if (scripts.length === 0) throw new Error('spokenUnits needs at least one script');
  for (let n = 0; ; n++) {
    const script = scripts[(first + n) % scripts.length];
    if (script === undefined) continue;
    let scriptStart = true;
    for (const turn of script.turns) {
      let turnStart = true;
      let sentenceStart = true;
      for (const token of turn.text.match(TOKEN_RE) ?? []) {
        const display = renderToken(token, script, sentenceStart, render);
        yield {
          display,
          spokenChars: token.replace(/[{}]/g, '').length,
          speakerKey: `${script.id}\u0000${turn.speaker}`,
          turnStart,
          scriptStart,
          sentenceEnd: SENTENCE_END_RE.test(display),
          clauseEnd: CLAUSE_END_RE.test(display),
        };
        turnStart = false;
        scriptStart = false;
        sentenceStart = SENTENCE_END_RE.test(display);
      }
    }
  }
}
