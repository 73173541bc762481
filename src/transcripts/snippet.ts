/**
 * Highlight markers the search index puts around matched words. They are private-use code points, which
 * sanitising removes from every stored text, so a marker in a snippet can only have come from the index.
 */
export const MATCH_START = '\uE000';
export const MATCH_END = '\uE001';

export interface Snippet {
  /** The excerpt as plain text ("…" where the cue was cut). */
  text: string;
  /**
   * Where the matched words are in `text`, as [start, end) offsets in UTF-16 code units (JavaScript string indices).
   */
  highlights: { start: number; end: number }[];
  /** The excerpt HTML-escaped, with matched words in <mark>…</mark>: safe to insert as HTML. */
  html: string;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function readSnippet(marked: string): Snippet {
  let text = '';
  let html = '';
  const highlights: Snippet['highlights'] = [];
  for (const [index, part] of marked.split(MATCH_START).entries()) {
    const [matched, rest] = index === 0 ? [undefined, part] : splitOnce(part);
    if (matched !== undefined) {
      highlights.push({ start: text.length, end: text.length + matched.length });
      text += matched;
      html += `<mark>${escapeHtml(matched)}</mark>`;
    }
    text += rest;
    html += escapeHtml(rest);
  }
  return { text, highlights, html };
}

function splitOnce(part: string): [string, string] {
  const end = part.indexOf(MATCH_END);
  return end === -1 ? [part, ''] : [part.slice(0, end), part.slice(end + 1)];
}
