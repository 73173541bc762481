import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ROLES, type Role } from './api-keys.js';

/** The documents keys of some roles are limited to, by their id: the SHA-256 (hex) of the document's text. */
export interface TrustedDocumentList {
  documents: ReadonlyMap<string, string>;
  /** Keys of these roles may run only the listed documents; other roles may send any document. */
  roles: readonly Role[];
}

/** The id of a document: the SHA-256 of its exact text, in hex, as APQ clients compute it. */
export function documentId(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A manifest file (`{ "<sha256 hex>": "<document>", ... }`) -> its documents, or what is wrong with it. Each id
 * must be its document's hash, so a manifest edited by hand cannot list one document under another's id.
 */
export function readTrustedDocuments(path: string): ReadonlyMap<string, string> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    return `could not be read as JSON (${reason})`;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return 'must name a JSON object of "<sha256 hex>": "<document>"';
  }
  const documents = new Map<string, string>();
  for (const [id, text] of Object.entries(parsed)) {
    if (typeof text !== 'string') return `lists ${id} with a value that is not a document's text`;
    if (documentId(text) !== id) return `lists ${id} under an id that is not the SHA-256 of its document`;
    documents.set(id, text);
  }
  if (documents.size === 0) return 'lists no documents';
  return documents;
}

/** `TRUSTED_DOCUMENTS_ROLES=viewer,editor` -> roles, or what is wrong. */
export function parseRoles(value: string): Role[] | string {
  const roles = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const unknown = roles.find((role) => !(ROLES as readonly string[]).includes(role));
  if (unknown !== undefined) return `must list roles among ${ROLES.join(', ')} (got ${JSON.stringify(unknown)})`;
  if (roles.length === 0) return `must list at least one of ${ROLES.join(', ')}`;
  return roles as Role[];
}
