import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequest, formatDocument, stringifyDocument } from '@urql/core';
import { graphql } from 'gql.tada';
import type { DocumentNode } from 'graphql';
import ts from 'typescript';
import { documentId } from '../src/auth/trusted-documents.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STUDIO_SOURCES = join(ROOT, 'web/src');
export const MANIFEST_PATH = join(ROOT, 'web/trusted-documents.json');

/** One `graphql(text, [fragments])` call in the studio's sources. */
interface DocumentCall {
  /** The constant it is assigned to, which other calls name among their fragments. */
  name: string | undefined;
  text: string;
  fragments: string[];
  where: string;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** A list literal, seen through `as const`; or undefined. */
function listLiteral(node: ts.Node | undefined): ts.ArrayLiteralExpression | undefined {
  let inner = node;
  while (inner && (ts.isAsExpression(inner) || ts.isSatisfiesExpression(inner))) inner = inner.expression;
  return inner && ts.isArrayLiteralExpression(inner) ? inner : undefined;
}

/**
 * Every `graphql(...)` call, read from the syntax tree, so comments and strings elsewhere never count. The
 * fragments are a list written in the call or a constant list of the same file.
 */
function documentCalls(path: string): DocumentCall[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const lists = new Map<string, ts.ArrayLiteralExpression>();
  const calls: { node: ts.CallExpression; where: string }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node)) {
      const list = listLiteral(node.initializer);
      if (list) lists.set(node.name.getText(source), list);
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'graphql') {
      calls.push({
        node,
        where: `${relative(ROOT, path)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return calls.map(({ node, where }) => {
    const [text, fragments] = node.arguments;
    if (!text || !ts.isStringLiteralLike(text)) throw new Error(`${where}: graphql() is not given a literal document`);
    const list = fragments && (ts.isIdentifier(fragments) ? lists.get(fragments.text) : listLiteral(fragments));
    if (fragments && !list) throw new Error(`${where}: the fragments are not a list written in this file`);
    return {
      name: ts.isVariableDeclaration(node.parent) ? node.parent.name.getText(source) : undefined,
      text: text.text,
      fragments: list?.elements.map((element) => element.getText(source)) ?? [],
      where,
    };
  });
}

const OPERATION = /^\s*(query|mutation|subscription)\b/;

/**
 * The studio's operations as it sends them: each document made by gql.tada's own `graphql` with its fragments,
 * then formatted and printed by urql as the studio's client does (graphcache adds `__typename` and drops
 * client-only directives), so a document's id is the SHA-256 of exactly the text the studio sends.
 */
export function studioDocuments(): Map<string, string> {
  const calls = sourceFiles(STUDIO_SOURCES).flatMap(documentCalls);
  const fragments = new Map<string, DocumentCall>();
  for (const call of calls.filter((candidate) => !OPERATION.test(candidate.text))) {
    if (!call.name || fragments.has(call.name)) throw new Error(`${call.where}: a fragment needs a name of its own`);
    fragments.set(call.name, call);
  }
  const built = new Map<DocumentCall, DocumentNode>();
  const build = (call: DocumentCall): DocumentNode => {
    const known = built.get(call);
    if (known) return known;
    const used = call.fragments.map((name) => {
      const fragment = fragments.get(name);
      if (!fragment) throw new Error(`${call.where}: no fragment ${name} in web/src`);
      return build(fragment);
    });
    const document = (graphql as (text: string, fragments: DocumentNode[]) => DocumentNode)(call.text, used);
    built.set(call, document);
    return document;
  };
  const documents = new Map<string, string>();
  for (const call of calls.filter((candidate) => OPERATION.test(candidate.text))) {
    const sent = stringifyDocument(formatDocument(createRequest(build(call), {}).query));
    documents.set(documentId(sent), sent);
  }
  return new Map([...documents].sort(([a], [b]) => a.localeCompare(b)));
}

/** The manifest file's text: `{ "<sha256 hex>": "<document>" }`, sorted by id so that it diffs well. */
export function studioManifest(): string {
  return `${JSON.stringify(Object.fromEntries(studioDocuments()), null, 2)}\n`;
}
