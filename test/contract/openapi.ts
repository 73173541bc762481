// Validates response and webhook bodies against the trimmed copy of Mux's OpenAPI document
// (regenerate it with `npm run openapi:trim`).
import { readFileSync } from 'node:fs';
import Ajv2020Module, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// Both packages are CommonJS; under NodeNext an ESM default import is their `module.exports`, whose
// `.default` is the real export (the packages set it for exactly this interop).
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

interface ResponseObject {
  content?: Record<string, unknown>;
}
interface Operation {
  responses?: Record<string, ResponseObject>;
}
type PathItem = Record<string, Operation>;
interface OpenApiDocument {
  paths: Record<string, PathItem>;
  webhooks: Record<string, PathItem>;
}

const DOCUMENT_ID = 'https://contract.test/mux-openapi.trimmed.json';
const JSON_MEDIA_TYPE = 'application/json';
/** The document's own top-level fields: OpenAPI structure, not JSON Schema keywords. */
const OPENAPI_ROOT_FIELDS = ['openapi', 'info', 'paths', 'webhooks', 'components'];
/**
 * OpenAPI schema keywords JSON Schema lacks. Both are hints only: a discriminator's oneOf/anyOf still does the
 * validating (Ajv's own `discriminator` option would reject Mux's `mapping`). `nullable` needs nothing: Ajv
 * honours it by default, which keeps Mux's meaning for `next_cursor: {type: string, nullable: true}`.
 */
const OPENAPI_ANNOTATION_KEYWORDS = ['discriminator', 'xml'];

const document = JSON.parse(
  readFileSync(new URL('./mux-openapi.trimmed.json', import.meta.url), 'utf8'),
) as OpenApiDocument;

const ajv = createAjv();
const validators = new Map<string, ValidateFunction>();

function createAjv(): InstanceType<typeof Ajv2020> {
  // strictSchema stays on, so unknown keywords and formats throw. strictTypes only lints how a schema is written
  // (it flags Mux's `format` on booleans); it never changes what a body must look like.
  const instance = new Ajv2020({ allErrors: true, strictTypes: false });
  addFormats(instance);
  // Mux writes `format: boolean` on booleans; it is not a format anyone defines and the type already says it all.
  instance.addFormat('boolean', true);
  // Known, no-op keywords: strict mode then accepts the document as the root that $refs point into.
  instance.addVocabulary([...OPENAPI_ROOT_FIELDS, ...OPENAPI_ANNOTATION_KEYWORDS]);
  instance.addSchema(document as object, DOCUMENT_ID);
  return instance;
}

/** `record[key]` when it is the record's own entry (names from the caller must not reach Object.prototype). */
function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

function jsonPointer(...segments: string[]): string {
  return segments
    .map((segment) => `/${encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1'))}`)
    .join('');
}

function validatorAt(pointer: string): ValidateFunction {
  let validate = validators.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer}` });
    validators.set(pointer, validate);
  }
  return validate;
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath || '/';
  const allowed =
    error.keyword === 'enum' ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
  return `${where} ${error.message ?? error.keyword}${allowed}`;
}

function validateAt(pointer: string, body: unknown): string[] {
  const validate = validatorAt(pointer);
  // allOf branches often repeat a constraint (`type: object` on both the envelope and the data schema).
  return validate(body) ? [] : [...new Set((validate.errors ?? []).map(describeError))];
}

function templateSegmentPattern(segment: string): string {
  return segment
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
}

/** Orders templates so that, segment by segment from the left, a literal beats a mixed one beats a bare param. */
function segmentSpecificity(segment: string): number {
  if (!segment.includes('{')) return 2;
  return /^\{[^}]+\}$/.test(segment) ? 0 : 1;
}

function compareSpecificity(a: string, b: string): number {
  const aSegments = a.split('/');
  const bSegments = b.split('/');
  for (let index = 0; index < aSegments.length; index++) {
    const difference = segmentSpecificity(bSegments[index] ?? '') - segmentSpecificity(aSegments[index] ?? '');
    if (difference !== 0) return difference;
  }
  return 0;
}

const templateMatchers = Object.keys(document.paths)
  .sort(compareSpecificity)
  .map((template) => ({
    template,
    pattern: new RegExp(`^${template.split('/').map(templateSegmentPattern).join('/')}$`),
  }));

/** The document's path template for a concrete URL or path (query string ignored), if any. */
export function matchPathTemplate(url: string): string | undefined {
  const { pathname } = new URL(url, 'http://path.invalid');
  return templateMatchers.find(({ pattern }) => pattern.test(pathname))?.template;
}

/** The responses key that describes `status`: the exact code, else its range (`4XX`), else `default`. */
function documentedStatusKey(responses: Record<string, ResponseObject>, status: number): string | undefined {
  return [String(status), `${String(status)[0]}XX`, 'default'].find((key) => Object.hasOwn(responses, key));
}

function mediaTypeOf(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

function isEmptyBody(body: unknown): boolean {
  return body === undefined || body === null || body === '';
}

/**
 * Errors (empty when valid) for a response the simulator sent, checked against the operation the document
 * describes for this method and URL. A response the document does not describe is an error. JSON bodies are
 * validated against the schema; for other media types only that the document lists them.
 */
export function validateResponse(
  method: string,
  url: string,
  status: number,
  body: unknown,
  contentType: string = JSON_MEDIA_TYPE,
): string[] {
  const template = matchPathTemplate(url);
  if (!template) return [`no path in the document matches ${url}`];
  const methodKey = method.toLowerCase();
  const operation = own(document.paths[template], methodKey);
  if (!operation) return [`${method.toUpperCase()} ${template} is not in the document`];
  const label = `${method.toUpperCase()} ${template} ${status}`;

  const responses = operation.responses ?? {};
  const statusKey = documentedStatusKey(responses, status);
  const response = statusKey === undefined ? undefined : own(responses, statusKey);
  if (statusKey === undefined || !response)
    return [`${label}: status not documented (documented: ${Object.keys(responses).join(', ')})`];
  if (!response.content) {
    // The document lists the status but no body; HTTP itself forbids a body only on 204.
    return status === 204 && !isEmptyBody(body) ? [`${label}: must have no body`] : [];
  }

  const mediaType = mediaTypeOf(contentType);
  if (!Object.hasOwn(response.content, mediaType)) {
    return [
      `${label}: content type ${mediaType} not documented (documented: ${Object.keys(response.content).join(', ')})`,
    ];
  }
  if (mediaType !== JSON_MEDIA_TYPE) return [];
  const pointer = jsonPointer('paths', template, methodKey, 'responses', statusKey, 'content', mediaType, 'schema');
  return validateAt(pointer, body).map((error) => `${label}: ${error}`);
}

/** Errors (empty when valid) for a whole webhook body, envelope and data, of the given event type. */
export function validateWebhook(eventType: string, body: unknown): string[] {
  if (!own(document.webhooks, eventType)?.post) return [`webhook event type ${eventType} is not in the document`];
  const pointer = jsonPointer('webhooks', eventType, 'post', 'requestBody', 'content', JSON_MEDIA_TYPE, 'schema');
  return validateAt(pointer, body).map((error) => `${eventType}: ${error}`);
}
