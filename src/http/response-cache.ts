import { createHash } from 'node:crypto';
import { createInMemoryCache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { type DocumentNode, Kind, parse, type SelectionSetNode } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { CommittedChanges } from '../db/store.js';
import type { GatewayServices } from '../services.js';
import { callerOfRequest } from './graphql-auth.js';

/** Cached answers at most this many at once (least recently used go first). */
const MAX_ENTRIES = 10_000;
/**
 * Fields whose answer is not a row the commit path tells of: transcripts (captured beside the commit path),
 * totals. An answer holding one is not kept. Progress estimates move with the clock, so an answer holding one
 * is kept a second at most.
 */
const NOT_KEPT: Record<string, number> = {
  'Query.captionUsage': 0,
  'Query.transcriptSearch': 0,
  'Query.health': 0,
  'Asset.transcript': 0,
  'Asset.transcripts': 0,
  'Track.transcript': 0,
  'CaptionJob.transcript': 0,
  'CaptionJob.transcriptReady': 0,
  'CaptionJob.progress': 1_000,
  'CaptionJob.estimatedFinishAt': 1_000,
};

/**
 * The lists of the Query type, and the rows whose change may change who is on them, in what order, or how many:
 * an asset's status or deletion moves it on the asset list, its tracks decide the caption filters.
 */
const LISTS = {
  assets: (changes: CommittedChanges) => changes.assets.length > 0 || changes.tracks.length > 0,
  captionJobs: (changes: CommittedChanges) => changes.jobs.length > 0,
} as const;

type ListName = keyof typeof LISTS;

/** Documents whose lists were already looked up, at most this many (the oldest go first). */
const MAX_DOCUMENTS = 1_000;

/**
 * Which Query lists a document reads, or undefined when it does not parse within the token limit (it is then
 * not cached, and the request limits answer it). Its members change without their ids being named, so an
 * answer holding a list is filed under the list's generation, which every change that could move a member
 * ends: that answer is then never found again.
 */
class ListReads {
  readonly #documents = new Map<string, ListName[] | undefined>();
  readonly #generations: Record<ListName, number> = { assets: 0, captionJobs: 0 };

  constructor(private readonly maxTokens: number) {}

  noteChanges(changes: CommittedChanges): void {
    for (const name of Object.keys(LISTS) as ListName[]) if (LISTS[name](changes)) this.#generations[name] += 1;
  }

  /** The generations of the lists the document reads, as part of a cache key; undefined when it is not kept. */
  generationsOf(documentString: string): string | undefined {
    if (!this.#documents.has(documentString)) {
      if (this.#documents.size >= MAX_DOCUMENTS) this.#documents.delete(this.#documents.keys().next().value ?? '');
      this.#documents.set(documentString, this.#listsOf(documentString));
    }
    const lists = this.#documents.get(documentString);
    return lists?.map((name) => `${name}:${this.#generations[name]}`).join(',');
  }

  #listsOf(documentString: string): ListName[] | undefined {
    let document: DocumentNode;
    try {
      document = parse(documentString, { maxTokens: this.maxTokens, noLocation: true });
    } catch {
      return undefined;
    }
    const fragments = new Map<string, SelectionSetNode>();
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition.selectionSet);
    }
    const found = new Set<ListName>();
    const seen = new Set<SelectionSetNode>();
    const visit = (selectionSet: SelectionSetNode) => {
      if (seen.has(selectionSet)) return;
      seen.add(selectionSet);
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD && selection.name.value in LISTS) found.add(selection.name.value as ListName);
        if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
        const spread = selection.kind === Kind.FRAGMENT_SPREAD && fragments.get(selection.name.value);
        if (spread) visit(spread);
      }
    };
    for (const definition of document.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.operation === 'query') {
        visit(definition.selectionSet);
      }
    }
    return [...found].sort();
  }
}

/**
 * Cache keys from what identifies an answer. The key is also the answer's ETag, so it is a hash, and hashing
 * was a tenth of a cached answer's time: the same few questions are asked again and again, so each is hashed
 * once (as many as the cache holds answers, the oldest forgotten first).
 */
class HashedKeys {
  readonly #hashed = new Map<string, string>();

  of(identity: string): string {
    let key = this.#hashed.get(identity);
    if (key === undefined) {
      if (this.#hashed.size >= MAX_ENTRIES) this.#hashed.delete(this.#hashed.keys().next().value ?? '');
      key = createHash('sha256').update(identity).digest('base64url');
      this.#hashed.set(identity, key);
    }
    return key;
  }
}

/** The nodes a change makes every cached answer naming them wrong: the rows, and the assets they belong to. */
function entitiesOf(changes: CommittedChanges): { typename: string; id: string }[] {
  const asset = (id: string | null) => (id ? [{ typename: 'Asset', id: encodeGlobalID('Asset', id) }] : []);
  return [
    ...changes.assets.flatMap((row) => asset(row.muxId)),
    ...changes.tracks.flatMap((row) => [
      { typename: 'Track', id: encodeGlobalID('Track', row.muxId) },
      ...asset(row.assetId),
    ]),
    ...changes.jobs.flatMap((row) => [
      { typename: 'CaptionJob', id: encodeGlobalID('CaptionJob', row.id) },
      ...asset(row.assetId),
    ]),
    ...changes.uploads.flatMap((row) => [
      { typename: 'Upload', id: encodeGlobalID('Upload', row.muxId) },
      ...asset(row.assetId),
    ]),
  ];
}

/**
 * Whole answers kept per API key and document, and dropped the moment the commit path (on this instance or,
 * through the store's change log, another) changes a row they name. They are kept no longer than the freshness
 * of a changing row (`CACHE_ACTIVE_TTL_SECONDS`), so an answer the read-through would have refreshed from Mux
 * is not given past then. Answers with errors, given from the cache because Mux could not be asked (stale), or
 * to an operation asking for `fresh` data are never kept.
 */
export function responseCache(services: GatewayServices): Plugin[] {
  const cache = createInMemoryCache({ max: MAX_ENTRIES });
  const lookedUp = new WeakSet<Request>();
  const lists = new ListReads(services.settings.limits.maxTokens);
  const keys = new HashedKeys();
  // An operation over graphql-ws has no fetch Request (yoga passes none): its answers are not kept. Asked first
  // when the request's parameters are not read yet (no query), to look an answer up by its key; then again with
  // them, whether to keep the answer.
  const enabled = (request: Request | undefined, context: unknown) => {
    if (request === undefined) return false;
    const query = (context as { params?: { query?: string } }).params?.query;
    const cached =
      callerOfRequest(services.apiKeys, request) !== undefined &&
      (query === undefined || (!/\bfresh\b/.test(query) && lists.generationsOf(query) !== undefined));
    if (cached) lookedUp.add(request);
    return cached;
  };
  services.broadcast.watch((changes) => {
    lists.noteChanges(changes);
    const entities = entitiesOf(changes);
    if (entities.length > 0) void cache.invalidate(entities);
  });
  const plugin = useResponseCache({
    cache,
    ttl: services.settings.cache.activeTtlSeconds * 1000,
    ttlPerSchemaCoordinate: NOT_KEPT,
    session: (request) => callerOfRequest(services.apiKeys, request)?.name ?? null,
    enabled,
    // The default hashes through Web Crypto's promise-based digest; Node's own hash is synchronous.
    buildResponseCacheKey: ({ sessionId, operationName, variableValues, documentString }) =>
      keys.of(
        [
          sessionId ?? '',
          operationName ?? '',
          JSON.stringify(variableValues ?? {}),
          documentString,
          lists.generationsOf(documentString) ?? '',
        ].join('\u0000'),
      ),
    shouldCacheResult: ({ result }) => !result.errors?.length && !(result.extensions as { cache?: unknown })?.cache,
    includeExtensionMetadata: false,
  });
  return [plugin, countLookups(services, lookedUp), serializedOnce()];
}

/** The plugin marks an answer it gave from the cache; every other answer to a request it looked up missed. */
const SERVED_FROM_CACHE = Symbol.for('servedFromResponseCache');

function countLookups(services: GatewayServices, lookedUp: WeakSet<Request>): Plugin {
  return {
    onResultProcess: ({ request, result }) => {
      if (!lookedUp.has(request) || Array.isArray(result) || isAsyncIterable(result)) return;
      const hit = (result as Record<symbol, unknown>)[SERVED_FROM_CACHE] === true;
      services.metrics.responseCache.inc({ result: hit ? 'hit' : 'miss' });
    },
  };
}

/**
 * An answer given whole from the cache is written as JSON once: yoga stringifies every answer it sends, and an
 * answer served thousands of times a second is the same text each time. The cache hands back the same stored
 * answer on every hit, so its text is kept beside it; yoga takes an answer's own `stringify` when it has one.
 */
function serializedOnce(): Plugin {
  const texts = new WeakMap<object, string>();
  return {
    onResultProcess: ({ result }) => {
      if (Array.isArray(result) || isAsyncIterable(result)) return;
      const served = result as Record<symbol | string, unknown>;
      const stored = served.data;
      if (served[SERVED_FROM_CACHE] !== true || stored === null || typeof stored !== 'object') return;
      served.stringify = (answer: unknown) => {
        let text = texts.get(stored);
        if (text === undefined) {
          text = JSON.stringify(answer);
          texts.set(stored, text);
        }
        return text;
      };
    },
  };
}
