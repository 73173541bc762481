const WORD_CHAR = '[\\p{L}\\p{N}_]';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A global regex for whole-word occurrences of any of the phrases: "Mux" matches in "Mux's" but
 * not in "Muxer", and a space in a phrase also matches a caption line break. Longer phrases are
 * tried first so "fucking" wins over "fuck". Returns undefined when there is nothing to match.
 */
export function phraseRegExp(phrases: readonly string[], caseSensitive: boolean): RegExp | undefined {
  const patterns = phrases
    .map((phrase) => phrase.trim())
    .filter((phrase) => phrase !== '')
    .sort((a, b) => b.length - a.length)
    .map((phrase) => phrase.split(/\s+/).map(escapeRegExp).join('\\s+'));
  if (patterns.length === 0) return undefined;
  return new RegExp(`(?<!${WORD_CHAR})(?:${patterns.join('|')})(?!${WORD_CHAR})`, caseSensitive ? 'gu' : 'giu');
}

export function countMatches(text: string, pattern: RegExp | undefined): number {
  return pattern === undefined ? 0 : (text.match(pattern) ?? []).length;
}
