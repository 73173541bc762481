import { type ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Half of a surrogate pair without its other half: text no UTF-8 encoder, database or URL can carry. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path to the first string in `value` that holds a lone surrogate. */
function illFormedAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  const entries = Array.isArray(value)
    ? value.map((item, index) => [`${path}[${index}]`, item] as const)
    : Object.entries(value).map(([key, item]) => [`${path}.${key}`, item] as const);
  for (const [itemPath, item] of entries) {
    const found = illFormedAt(item, itemPath);
    if (found) return found;
  }
  return undefined;
}

function refusal(variables: unknown): ExecutionResult | undefined {
  const message = (where: string) =>
    `${where} holds text that is not valid Unicode (a lone surrogate, half of a character); send it as UTF-16 ` +
    'pairs or UTF-8.';
  for (const [name, value] of Object.entries((variables ?? {}) as Record<string, unknown>)) {
    const at = illFormedAt(value, `$${name}`);
    if (at)
      return { errors: [new GraphQLError(message(`Variable ${at}`), { extensions: { code: 'BAD_USER_INPUT' } })] };
  }
  return undefined;
}

/**
 * Text the gateway cannot pass on is refused before anything runs: a lone surrogate in a variable is the
 * client's input error, not a URIError deep in a Mux call or a database driver. (GraphQL's parser already
 * refuses one written as an escape in the query text.)
 */
export function wellFormedText(): Plugin {
  return {
    onExecute: ({ args, setResultAndStopExecution }) => {
      const refused = refusal(args.variableValues);
      if (refused) setResultAndStopExecution(refused);
    },
    onSubscribe: ({ args, setResultAndStopExecution }) => {
      const refused = refusal(args.variableValues);
      if (refused) setResultAndStopExecution(refused);
    },
  };
}
