/**
 * Characters that display nothing or change how surrounding text displays: C0/C1 controls, format characters
 * (zero-width spaces and joiners, bidi embeddings, overrides and isolates, the BOM, soft hyphens), private-use
 * code points (which the search index uses as highlight markers) and lone surrogates. Newlines and tabs are
 * controls too but carry layout, so they are kept for the steps that need them.
 */
const INVISIBLE = /(?![\n\t])[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu;

/** Line and paragraph separators and CR (alone or in CRLF) all become "\n". */
const LINE_BREAK = /\r\n?|[\u2028\u2029]/g;

/** A whole file from outside, before parsing: line breaks unified and invisible characters removed. */
export function cleanSource(text: string): string {
  return text.replace(LINE_BREAK, '\n').replace(INVISIBLE, '');
}

function truncate(text: string, maxChars: number): string {
  const chars = [...text];
  return chars.length <= maxChars
    ? text
    : `${chars
        .slice(0, maxChars - 1)
        .join('')
        .trimEnd()}…`;
}

/** Cue text: clean lines with single spaces, no blank lines (a blank line ends a cue in WebVTT and SRT), bounded. */
export function cleanCueText(text: string, maxChars: number): string {
  const lines = cleanSource(text)
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '');
  return truncate(lines.join('\n'), maxChars);
}

/** One-line text (a speaker label, a word): whitespace collapsed, bounded; empty becomes null. */
export function cleanLabel(text: string, maxChars: number): string | null {
  const line = cleanSource(text).replace(/\s+/g, ' ').trim();
  return line === '' ? null : truncate(line, maxChars);
}
