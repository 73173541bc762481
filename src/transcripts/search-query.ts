import { cleanLabel } from './sanitize.js';

/** Long enough for any sensible search; longer input is refused before it reaches SQLite. */
export const MAX_QUERY_CHARS = 200;
const MAX_TERMS = 16;

/** A search the gateway cannot run, worded for the person who typed it. */
export class SearchQueryError extends Error {
  override readonly name = 'SearchQueryError';
}

type Token = { kind: 'term'; text: string; prefix: boolean } | { kind: 'and' | 'or' | 'not' | 'open' | 'close' };

/** A parsed search: terms (words or phrases, maybe a prefix) combined by AND (with exclusions) and OR. */
export type SearchQuery =
  | { kind: 'term'; text: string; prefix: boolean }
  | { kind: 'and'; include: SearchQuery[]; exclude: SearchQuery[] }
  | { kind: 'or'; items: SearchQuery[] };

type Node = SearchQuery;

const OPERATORS: Record<string, Token['kind']> = { AND: 'and', OR: 'or', NOT: 'not' };

/** The index ignores punctuation, so a term without a letter or digit would search for nothing. */
const hasWordCharacter = (text: string) => /[\p{L}\p{N}]/u.test(text);

function termToken(text: string, prefix: boolean): Token[] {
  return hasWordCharacter(text) ? [{ kind: 'term', text, prefix }] : [];
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < query.length) {
    const char = query[at] ?? '';
    if (char === ' ') at += 1;
    else if (char === '(' || char === ')') {
      tokens.push({ kind: char === '(' ? 'open' : 'close' });
      at += 1;
    } else if (char === '"') {
      const end = query.indexOf('"', at + 1);
      if (end === -1)
        throw new SearchQueryError('A phrase is missing its closing quote ("); write phrases as "exact words".');
      const prefix = query[end + 1] === '*';
      tokens.push(...termToken(query.slice(at + 1, end), prefix));
      at = end + (prefix ? 2 : 1);
    } else if (char === '-' && /[^\s-]/.test(query[at + 1] ?? ' ')) {
      tokens.push({ kind: 'not' });
      at += 1;
    } else {
      const word = /^[^\s"()]+/.exec(query.slice(at))?.[0] ?? char;
      at += word.length;
      const operator = OPERATORS[word];
      if (operator) tokens.push({ kind: operator } as Token);
      else if (/^\*+$/.test(word))
        throw new SearchQueryError('A * must follow the start of a word, as in capt* for caption and captions.');
      else tokens.push(...termToken(word.replace(/\*+$/, ''), word.endsWith('*')));
    }
  }
  return tokens;
}

/**
 * Recursive descent over: or := and (OR and)* ; and := unary (AND? unary)* ; unary := (NOT|-)? primary ; primary :=
 * term | ( or ).
 */
class Parser {
  #at = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.#or();
    const rest = this.tokens[this.#at];
    if (rest?.kind === 'close') throw new SearchQueryError('A ) has no matching (.');
    return node;
  }

  #peek(): Token['kind'] | undefined {
    return this.tokens[this.#at]?.kind;
  }

  #or(): Node {
    const items = [this.#and(false)];
    while (this.#peek() === 'or') {
      this.#at += 1;
      items.push(this.#and(true));
    }
    return items.length === 1 ? (items[0] as Node) : { kind: 'or', items };
  }

  #and(afterOr: boolean): Node {
    const include: Node[] = [];
    const exclude: Node[] = [];
    for (;;) {
      const next = this.#peek();
      if (next === 'and') {
        if (include.length + exclude.length === 0)
          throw new SearchQueryError('AND must stand between two terms, as in captions AND live.');
        this.#at += 1;
        if (!this.#startsUnary())
          throw new SearchQueryError('AND must stand between two terms, as in captions AND live.');
      } else if (!this.#startsUnary()) break;
      if (this.#peek() === 'not') {
        this.#at += 1;
        if (!this.#startsPrimary())
          throw new SearchQueryError('NOT (or -) must be followed by the term to leave out, as in captions NOT draft.');
        exclude.push(this.#primary());
      } else include.push(this.#primary());
    }
    if (include.length === 0 && exclude.length === 0) {
      if (afterOr || this.#peek() === 'or')
        throw new SearchQueryError('OR must stand between two terms, as in captions OR subtitles.');
      throw new SearchQueryError(
        this.#peek() === 'close'
          ? 'Parentheses must hold a term, as in (captions OR subtitles).'
          : 'Nothing to search for.',
      );
    }
    if (include.length === 0)
      throw new SearchQueryError(
        'NOT (or -) only leaves terms out; add a term to search for, as in captions NOT draft.',
      );
    return include.length === 1 && exclude.length === 0 ? (include[0] as Node) : { kind: 'and', include, exclude };
  }

  #startsPrimary(): boolean {
    const next = this.#peek();
    return next === 'term' || next === 'open';
  }

  #startsUnary(): boolean {
    return this.#startsPrimary() || this.#peek() === 'not';
  }

  #primary(): Node {
    const token = this.tokens[this.#at];
    this.#at += 1;
    if (token?.kind === 'term') return token;
    const inner = this.#or();
    if (this.#peek() !== 'close') throw new SearchQueryError('A ( is missing its closing ).');
    this.#at += 1;
    return inner;
  }
}

function countTerms(node: Node): number {
  if (node.kind === 'term') return 1;
  const children = node.kind === 'or' ? node.items : [...node.include, ...node.exclude];
  return children.reduce((sum, child) => sum + countTerms(child), 0);
}

/**
 * Reads what a person typed. Supported: words (all must match), "exact phrases", prefixes (capt*), OR, AND,
 * NOT or a leading minus (-draft), and parentheses. Operators are upper-case; lower-case "or" is a word.
 * Anything else a search engine would read as syntax (column filters, NEAR, ^, +, :, &, |, !) is plain text:
 * each store renders the parsed query in its own engine's syntax, quoting every term.
 */
export function parseSearchQuery(query: string): SearchQuery {
  if ([...query].length > MAX_QUERY_CHARS)
    throw new SearchQueryError(`The query is longer than ${MAX_QUERY_CHARS} characters.`);
  const cleaned = cleanLabel(query, MAX_QUERY_CHARS);
  if (cleaned === null) throw new SearchQueryError('Nothing to search for.');
  const tokens = tokenize(cleaned);
  if (tokens.length === 0) throw new SearchQueryError('Nothing to search for: the query has no letters or digits.');
  const tree = new Parser(tokens).parse();
  if (countTerms(tree) > MAX_TERMS) throw new SearchQueryError(`The query has more than ${MAX_TERMS} terms.`);
  return tree;
}
