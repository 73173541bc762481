import type { Context } from 'hono';
import { z } from 'zod';
import { videoError } from '../errors.js';

function fieldPath(path: readonly PropertyKey[]): string {
  let field = '';
  for (const segment of path) {
    field += typeof segment === 'number' ? `[${segment}]` : `${field ? '.' : ''}${String(segment)}`;
  }
  return field || 'body';
}

function sizeLimit(
  issue: { origin: string; maximum?: unknown; minimum?: unknown },
  bound: 'at most' | 'at least',
): string {
  const limit = String(bound === 'at most' ? issue.maximum : issue.minimum);
  if (issue.origin === 'string') return `${bound} ${limit} characters`;
  if (issue.origin === 'array') return `${bound} ${limit} items`;
  return `${bound} ${limit}`;
}

/** Of the alternatives a value failed, the one that got furthest (deepest path) says best what is wrong. */
function closestAlternative(issue: z.core.$ZodIssueInvalidUnion): z.core.$ZodIssue | undefined {
  const candidates = issue.errors.flat();
  const deepest = candidates.reduce<z.core.$ZodIssue | undefined>(
    (best, candidate) => (best === undefined || candidate.path.length > best.path.length ? candidate : best),
    undefined,
  );
  return deepest && deepest.path.length > 0 ? { ...deepest, path: [...issue.path, ...deepest.path] } : undefined;
}

/** One Mux-style message per problem, each naming the field ("passthrough must be at most 255 characters"). */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union') {
    const closest = closestAlternative(issue);
    if (closest) return describeIssue(closest);
  }
  const field = fieldPath(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `${field} is required`;
      return `${field} must be ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
    case 'invalid_value':
      return `${field} must be one of: ${issue.values.map(String).join(', ')}`;
    case 'too_big':
      return `${field} must be ${sizeLimit(issue, 'at most')}`;
    case 'too_small':
      return `${field} must be ${sizeLimit(issue, 'at least')}`;
    case 'invalid_union':
      return `${field} is invalid`;
    default:
      return `${field} ${issue.message}`;
  }
}

/** `message` for custom checks reads after the field name: "is not a valid URL". */
export function codePointString(max: number) {
  return z.string().refine((value) => [...value].length <= max, { message: `must be at most ${max} characters` });
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; response: Response };

export function invalidParameters(c: Context, ...messages: string[]): Response {
  return videoError(c, 400, 'invalid_parameters', ...messages);
}

export function parseInput<T extends z.ZodType>(c: Context, schema: T, input: unknown): Parsed<z.output<T>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, response: invalidParameters(c, ...result.error.issues.map(describeIssue)) };
}

/** Parses the JSON request body against `schema`; anything else is Mux's 400 `invalid_parameters`. */
export async function parseJsonBody<T extends z.ZodType>(c: Context, schema: T): Promise<Parsed<z.output<T>>> {
  let body: unknown;
  try {
    const text = await c.req.text();
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return { ok: false, response: invalidParameters(c, 'Request body must be valid JSON') };
  }
  return parseInput(c, schema, body);
}

/** Mux ids are base62; anything else is refused before the lookup, as Mux refuses it ("Failed to parse ID"). */
export function isParsableId(id: string): boolean {
  return /^[A-Za-z0-9]{1,255}$/.test(id);
}
