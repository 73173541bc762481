import type { z } from 'zod';
import { InvalidInputError } from '../errors.js';

/** zod's issues as the gateway's input error: which field, what is wrong and, for closed sets, what is allowed. */
export function invalidInputOf(error: z.ZodError, prefix: readonly string[]): InvalidInputError {
  return new InvalidInputError(
    error.issues.map((issue) => {
      const values = 'values' in issue ? issue.values : issue.code === 'custom' ? issue.params?.allowed : undefined;
      return {
        field: [...prefix, ...issue.path.map(String)],
        message: issue.message,
        ...(Array.isArray(values) ? { allowed: values.map(String) } : {}),
      };
    }),
  );
}
