import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import type { ApiKeyRing, Caller } from '../auth/api-keys.js';
import { documentId, type TrustedDocumentList } from '../auth/trusted-documents.js';
import {
  DocumentNotTrustedError,
  type GatewayError,
  InvalidInputError,
  PersistedQueryNotFoundError,
  toRequestError,
} from '../errors.js';
import { callerOfRequest } from './graphql-auth.js';

/** What an operation is sent with, over HTTP or graphql-ws: its text, or the id of a trusted document. */
export interface OperationParams {
  query?: string | undefined;
  documentId?: unknown;
  extensions?: Record<string, unknown> | null | undefined;
}

/** The body parameter, besides GraphQL's own, that names a trusted document. */
export const DOCUMENT_ID_PARAM = 'documentId';

/** The id an operation names its document by: APQ's `extensions.persistedQuery.sha256Hash`, or `documentId`. */
function idOf(params: OperationParams): string | undefined {
  const persisted = params.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  const id = persisted?.sha256Hash ?? params.documentId;
  return typeof id === 'string' ? id : undefined;
}

const noDocument = () =>
  InvalidInputError.of(
    [],
    'Send a document (query), or the id of a trusted one as extensions.persistedQuery.sha256Hash or documentId.',
  );

/**
 * Trusted documents (`TRUSTED_DOCUMENTS`): keys of the chosen roles may run only the listed documents, named by
 * their id (the SHA-256 of the text, as APQ clients send it in `extensions.persistedQuery.sha256Hash`, or as
 * `documentId`) or sent as text that is exactly a listed document (as the studio sends its operations). Keys of
 * other roles may send any document, and may name listed ones by id too. Over HTTP this is yoga's
 * persisted-operations plugin; graphql-ws asks `documentFor`, which applies the same rules.
 */
export class TrustedDocuments {
  constructor(private readonly list: TrustedDocumentList) {}

  restricts(caller: Caller | undefined): boolean {
    return caller !== undefined && this.list.roles.includes(caller.role);
  }

  /** The text of the document the caller may run for these parameters; a GatewayError says why there is none. */
  documentFor(caller: Caller, params: OperationParams): string | GatewayError {
    if (params.query) {
      if (!this.restricts(caller) || this.list.documents.has(documentId(params.query))) return params.query;
      return new DocumentNotTrustedError(caller.role);
    }
    const id = idOf(params);
    if (id === undefined) return noDocument();
    return this.list.documents.get(id) ?? new PersistedQueryNotFoundError(id);
  }

  /** Yoga's persisted-operations plugin, preceded by the step that takes a listed text for its id. */
  plugins(keys: ApiKeyRing): Plugin[] {
    const listedText: Plugin = {
      onParams: ({ params, request, setParams }) => {
        if (!params.query || !this.restricts(callerOfRequest(keys, request))) return;
        const id = documentId(params.query);
        const persistedQuery = { version: 1, sha256Hash: id };
        if (this.list.documents.has(id))
          setParams({ ...params, query: undefined, extensions: { ...params.extensions, persistedQuery } });
      },
    };
    return [
      listedText,
      usePersistedOperations({
        allowArbitraryOperations: (request) => !this.restricts(callerOfRequest(keys, request)),
        extractPersistedOperationId: (params) => idOf(params) ?? null,
        getPersistedOperation: (id) => this.list.documents.get(id) ?? null,
        customErrors: {
          persistedQueryOnly: ({ request }) =>
            toRequestError(new DocumentNotTrustedError(callerOfRequest(keys, request)?.role ?? 'unknown')),
          notFound: ({ params }) => toRequestError(new PersistedQueryNotFoundError(idOf(params) ?? '')),
          keyNotFound: () => toRequestError(noDocument()),
        },
      }),
    ];
  }
}
