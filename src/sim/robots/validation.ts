import { z } from 'zod';

/** BCP 47 shape (language, then script/region/variant subtags); Robots treats the code as a hint, not a lookup. */
const BCP47 = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

export const languageCode = z.string().regex(BCP47, 'must be a BCP 47 language code (e.g. "en", "pt-BR")');

export const resourceId = z.string().min(1, 'must not be empty');

export function requestSchema<P extends z.ZodType>(parameters: P) {
  return z.object({ parameters, passthrough: z.string().optional() });
}

export type ParsedRequest<P> = { ok: true; parameters: P; passthrough?: string } | { ok: false; message: string };

/** `["parameters", "phrases", 2]` -> `parameters.phrases[2]` */
function fieldName(path: readonly PropertyKey[]): string {
  let name = '';
  for (const segment of path) {
    name += typeof segment === 'number' ? `[${segment}]` : `${name ? '.' : ''}${String(segment)}`;
  }
  return name || 'body';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = fieldName(issue.path);
  if (issue.code === 'invalid_type') {
    // JSON has no undefined: an undefined input means the field was left out.
    return issue.input === undefined ? `${field} is required` : `${field} must be ${article(issue.expected)}`;
  }
  if (issue.code === 'invalid_value')
    return `${field} must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
  return `${field} ${issue.message}`;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** Parses a create-job body; the message names the first offending field, as Robots' 400s do. */
export function parseJobRequest<P>(
  schema: z.ZodType<{ parameters: P; passthrough?: string | undefined }>,
  body: unknown,
): ParsedRequest<P> {
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) {
    const { parameters, passthrough } = result.data;
    return passthrough === undefined ? { ok: true, parameters } : { ok: true, parameters, passthrough };
  }
  const [issue] = result.error.issues;
  return { ok: false, message: issue ? describeIssue(issue) : 'Invalid request body' };
}
