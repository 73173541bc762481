import { describe, expect, it } from 'vitest';
import { fts5Expression } from '../../src/db/search.js';
import { tsqueryExpression } from '../../src/db/search-postgres.js';
import { MAX_QUERY_CHARS, parseSearchQuery, SearchQueryError } from '../../src/transcripts/search-query.js';

const toFtsQuery = (query: string) => fts5Expression(parseSearchQuery(query));

describe('search queries become safe FTS5 expressions', () => {
  it.each([
    ['captions', '"captions"'],
    ['live captions', '("live" AND "captions")'],
    ['"live captions"', '"live captions"'],
    ['capt*', '"capt"*'],
    ['"live capt"*', '"live capt"*'],
    ['captions OR subtitles', '("captions" OR "subtitles")'],
    ['live captions OR subtitles', '(("live" AND "captions") OR "subtitles")'],
    ['captions AND live', '("captions" AND "live")'],
    ['captions NOT draft', '(("captions") NOT "draft")'],
    ['captions -draft -old', '((("captions") NOT "draft") NOT "old")'],
    ['(captions OR subtitles) live', '(("captions" OR "subtitles") AND "live")'],
    ['captions or subtitles', '("captions" AND "or" AND "subtitles")'],
    ['title:webhook', '"title:webhook"'],
    ['NEAR(a b)', '("NEAR" AND ("a" AND "b"))'],
    ['^start +plus', '("^start" AND "+plus")'],
    ["let's go", '("let\'s" AND "go")'],
    ['say "hi" \u200B\u202Etwice', '("say" AND "hi" AND "twice")'],
    ["'; DROP TABLE transcripts; --", '("DROP" AND "TABLE" AND "transcripts;")'],
    ['C++ !!!', '"C++"'],
  ])('%s -> %s', (query, expected) => {
    expect(toFtsQuery(query)).toBe(expected);
  });

  it('never lets a quote inside the input end a term’s string', () => {
    expect(toFtsQuery('a""b')).toBe('("a" AND "b")');
    expect(() => toFtsQuery('it"s')).toThrow('missing its closing quote');
  });

  it.each([
    ['captions', "('captions')"],
    ['"live captions"*', "('live' <-> 'captions':*)"],
    ['captions OR subtitles -draft', "(('captions') | (('subtitles') & !('draft')))"],
    ["it's a\\b C++ & | ! :*", "(('it' <-> 's') & ('a' <-> 'b') & ('C'))"],
  ])('and safe tsquery expressions: %s -> %s', (query, expected) => {
    expect(tsqueryExpression(parseSearchQuery(query))).toBe(expected);
  });

  it.each([
    ['"unclosed phrase', 'A phrase is missing its closing quote'],
    ['captions OR', 'OR must stand between two terms'],
    ['OR captions', 'OR must stand between two terms'],
    ['AND captions', 'AND must stand between two terms'],
    ['captions AND', 'AND must stand between two terms'],
    ['NOT draft', 'NOT (or -) only leaves terms out'],
    ['-draft', 'NOT (or -) only leaves terms out'],
    ['captions NOT', 'NOT (or -) must be followed by the term to leave out'],
    ['(captions', 'A ( is missing its closing )'],
    ['captions)', 'A ) has no matching ('],
    ['()', 'Parentheses must hold a term'],
    ['*', 'A * must follow the start of a word'],
    ['   ', 'Nothing to search for'],
    ['!!! ???', 'Nothing to search for: the query has no letters or digits'],
    ['x'.repeat(MAX_QUERY_CHARS + 1), `longer than ${MAX_QUERY_CHARS} characters`],
    [Array.from({ length: 17 }, (_, i) => `w${i}`).join(' '), 'more than 16 terms'],
  ])('refuses %j with a clear message', (query, message) => {
    expect(() => parseSearchQuery(query)).toThrow(SearchQueryError);
    expect(() => parseSearchQuery(query)).toThrow(message);
  });
});
