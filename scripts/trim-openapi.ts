// Writes a trimmed copy of Mux's OpenAPI document holding only what the contract tests check against:
// the operations and webhooks the gateway and simulator use, the components they reference, and no prose.
//
//   npx tsx scripts/trim-openapi.ts [source] [dest]
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_SOURCE = resolve(REPO_ROOT, '../shared/mux-openapi.json');
const DEFAULT_DEST = resolve(REPO_ROOT, 'test/contract/mux-openapi.trimmed.json');

const KEPT_OPERATIONS: ReadonlyArray<readonly [method: string, path: string]> = [
  ['post', '/video/v1/assets'],
  ['get', '/video/v1/assets'],
  ['get', '/video/v1/assets/{ASSET_ID}'],
  ['patch', '/video/v1/assets/{ASSET_ID}'],
  ['delete', '/video/v1/assets/{ASSET_ID}'],
  ['post', '/video/v1/assets/{ASSET_ID}/playback-ids'],
  ['get', '/video/v1/assets/{ASSET_ID}/playback-ids/{PLAYBACK_ID}'],
  ['delete', '/video/v1/assets/{ASSET_ID}/playback-ids/{PLAYBACK_ID}'],
  ['post', '/video/v1/assets/{ASSET_ID}/tracks'],
  ['patch', '/video/v1/assets/{ASSET_ID}/tracks/{TRACK_ID}'],
  ['delete', '/video/v1/assets/{ASSET_ID}/tracks/{TRACK_ID}'],
  ['post', '/video/v1/assets/{ASSET_ID}/tracks/{TRACK_ID}/generate-subtitles'],
  ['post', '/video/v1/uploads'],
  ['get', '/video/v1/uploads'],
  ['get', '/video/v1/uploads/{UPLOAD_ID}'],
  ['put', '/video/v1/uploads/{UPLOAD_ID}/cancel'],
  ['get', '/robots/v0/jobs'],
  ['post', '/robots/v0/jobs/{JOB_ID}/cancel'],
  ['post', '/robots/v0/jobs/generate-premium-captions'],
  ['get', '/robots/v0/jobs/generate-premium-captions/{JOB_ID}'],
  ['post', '/robots/v0/jobs/edit-captions'],
  ['get', '/robots/v0/jobs/edit-captions/{JOB_ID}'],
  ['post', '/robots/v0/jobs/translate-captions'],
  ['get', '/robots/v0/jobs/translate-captions/{JOB_ID}'],
  ['get', '/{PLAYBACK_ID}/text/{TRACK_ID}.vtt'],
  ['get', '/{PLAYBACK_ID}/text/{TRACK_ID}.txt'],
];

/** Kept when the document has them: every operation on a path equal to, or below, one of these. */
const OPTIONAL_PATH_PREFIXES = ['/video/v1/playback-ids/', '/system/v1/signing-keys', '/system/v1/webhooks'];

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const ROBOTS_CAPTION_WORKFLOWS = ['generate_premium_captions', 'edit_captions', 'translate_captions'];
const ROBOTS_JOB_STATUSES = ['pending', 'processing', 'completed', 'errored', 'cancelled'];

const KEPT_WEBHOOKS = [
  'video.asset.created',
  'video.asset.ready',
  'video.asset.errored',
  'video.asset.updated',
  'video.asset.deleted',
  'video.asset.track.created',
  'video.asset.track.ready',
  'video.asset.track.errored',
  'video.asset.track.deleted',
  'video.upload.created',
  'video.upload.asset_created',
  'video.upload.cancelled',
  'video.upload.errored',
  ...ROBOTS_CAPTION_WORKFLOWS.flatMap((workflow) =>
    ROBOTS_JOB_STATUSES.map((status) => `robots.job.${workflow}.${status}`),
  ),
];

/** Annotations only: they never change whether a body validates. */
const PROSE_KEYWORDS = new Set(['description', 'summary', 'title', 'example', 'examples', 'externalDocs', 'tags']);
/** Keywords whose keys are property or definition names (which may well be "description"), not keywords. */
const NAME_MAP_KEYWORDS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
/** Keywords whose values are instance data, copied verbatim. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default']);

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(parent: JsonObject, key: string, where: string): JsonObject {
  const value = parent[key];
  if (!isObject(value)) throw new Error(`${where}: expected an object at "${key}"`);
  return value;
}

function stripProse(node: Json): Json {
  if (Array.isArray(node)) return node.map(stripProse);
  if (!isObject(node)) return node;
  const stripped: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (PROSE_KEYWORDS.has(key) || key.startsWith('x-')) continue;
    if (DATA_KEYWORDS.has(key)) stripped[key] = value;
    else if (NAME_MAP_KEYWORDS.has(key) && isObject(value)) stripped[key] = mapValues(value, stripProse);
    else stripped[key] = stripProse(value);
  }
  return stripped;
}

function mapValues(object: JsonObject, transform: (value: Json) => Json): JsonObject {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, transform(value)]));
}

/** A media-type map reduced to its schemas. */
function pickContent(content: Json | undefined): JsonObject | undefined {
  if (!isObject(content)) return undefined;
  return mapValues(content, (mediaType): JsonObject => {
    const schema = isObject(mediaType) ? mediaType.schema : undefined;
    return schema === undefined ? {} : { schema };
  });
}

/** A response or request body reduced to its content schemas (or its $ref). */
function pickBody(body: Json | undefined): JsonObject {
  if (!isObject(body)) return {};
  if (typeof body.$ref === 'string') return { $ref: body.$ref };
  const picked: JsonObject = {};
  if (typeof body.required === 'boolean') picked.required = body.required;
  const content = pickContent(body.content);
  if (content) picked.content = content;
  return picked;
}

function pickOperation(operation: JsonObject): JsonObject {
  const picked: JsonObject = {};
  if (typeof operation.operationId === 'string') picked.operationId = operation.operationId;
  // Path and query parameters: a client generated from the document (GraphQL Mesh, in bench/) needs them.
  if (Array.isArray(operation.parameters)) picked.parameters = operation.parameters;
  if (operation.requestBody !== undefined) picked.requestBody = pickBody(operation.requestBody);
  picked.responses = mapValues(isObject(operation.responses) ? operation.responses : {}, pickBody);
  return stripProse(picked) as JsonObject;
}

function operationsUnderPrefixes(paths: JsonObject): Array<[string, string]> {
  return Object.entries(paths)
    .filter(([path]) => OPTIONAL_PATH_PREFIXES.some((prefix) => path === prefix || path.startsWith(prefix)))
    .flatMap(([path, item]) =>
      Object.keys(isObject(item) ? item : {})
        .filter((method) => HTTP_METHODS.includes(method))
        .map((method): [string, string] => [method, path]),
    );
}

function trimPaths(paths: JsonObject): JsonObject {
  const kept: JsonObject = {};
  for (const [method, path] of [...KEPT_OPERATIONS, ...operationsUnderPrefixes(paths)]) {
    const operation = objectAt(objectAt(paths, path, 'paths'), method, path);
    const item = isObject(kept[path]) ? kept[path] : {};
    item[method] = pickOperation(operation);
    kept[path] = item;
  }
  return kept;
}

function trimWebhooks(webhooks: JsonObject): JsonObject {
  const kept: JsonObject = {};
  for (const eventType of KEPT_WEBHOOKS) {
    const post = objectAt(objectAt(webhooks, eventType, 'webhooks'), 'post', eventType);
    kept[eventType] = { post: pickOperation(post) };
  }
  return kept;
}

function collectRefs(node: Json, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const child of node) collectRefs(child, into);
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') into.add(value);
      else if (key === 'mapping' && isObject(value)) {
        for (const ref of Object.values(value)) if (typeof ref === 'string') into.add(ref);
      } else collectRefs(value, into);
    }
  }
}

/** Copies every component reachable from `roots`, following references inside components too. */
function trimComponents(components: JsonObject, roots: Json[]): JsonObject {
  const kept: Record<string, JsonObject> = {};
  const pending = new Set<string>();
  for (const root of roots) collectRefs(root, pending);
  // A Set's iteration also visits members added during it, so this walks references breadth-first to closure.
  for (const ref of pending) {
    const match = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
    if (!match) throw new Error(`unsupported $ref ${ref}: only #/components/<section>/<name> is handled`);
    const [, section = '', name = ''] = match;
    const component = stripProse(objectAt(objectAt(components, section, 'components'), name, section));
    kept[section] ??= {};
    kept[section][name] = component;
    collectRefs(component, pending);
  }
  return sortedByKey(mapValues(kept, (section) => sortedByKey(section as JsonObject)));
}

function sortedByKey(object: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function trimDocument(source: JsonObject): JsonObject {
  const info = objectAt(source, 'info', 'document');
  const paths = trimPaths(objectAt(source, 'paths', 'document'));
  const webhooks = trimWebhooks(objectAt(source, 'webhooks', 'document'));
  return {
    openapi: source.openapi ?? null,
    info: { title: info.title ?? null, version: info.version ?? null },
    paths,
    webhooks,
    components: trimComponents(objectAt(source, 'components', 'document'), [paths, webhooks]),
  };
}

function countOperations(paths: JsonObject): number {
  return Object.values(paths).reduce<number>((sum, item) => sum + Object.keys(isObject(item) ? item : {}).length, 0);
}

function main(): void {
  const [sourcePath = DEFAULT_SOURCE, destPath = DEFAULT_DEST] = process.argv.slice(2);
  const trimmed = trimDocument(JSON.parse(readFileSync(sourcePath, 'utf8')) as JsonObject);
  const text = `${JSON.stringify(trimmed, null, 2)}\n`;
  writeFileSync(destPath, text);

  const components = trimmed.components as JsonObject;
  const schemas = isObject(components.schemas) ? Object.keys(components.schemas).length : 0;
  const otherComponents = Object.keys(components).filter((section) => section !== 'schemas');
  console.log(`wrote ${destPath}`);
  console.log(`operations: ${countOperations(trimmed.paths as JsonObject)}`);
  console.log(`webhooks:   ${Object.keys(trimmed.webhooks as JsonObject).length}`);
  console.log(
    `schemas:    ${schemas}${otherComponents.length ? ` (other components: ${otherComponents.join(', ')})` : ''}`,
  );
  console.log(`size:       ${Buffer.byteLength(text)} bytes`);
}

main();
