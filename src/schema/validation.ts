import { GraphQLError } from 'graphql';
import type { z } from 'zod';

export interface FieldProblem {
  field: string;
  message: string;
}

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
}

/** Bad arguments answer with which field, what is wrong and what is allowed, as a typed GraphQL error. */
export function validationFailure(error: z.ZodError): GraphQLError {
  const problems = fieldProblems(error);
  return new GraphQLError(problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '), {
    extensions: { code: 'BAD_USER_INPUT', problems },
  });
}
