import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  getNullableType,
  isListType,
  type ValidationContext,
} from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { RequestLimits } from '../config.js';
import { LimitExceededError, toRequestError } from '../errors.js';
import type { GatewayContext } from '../services.js';

/** A list without `first` is counted as this many items when a query's cost is estimated. */
const ASSUMED_LIST_SIZE = 10;
/** Connections without `first` answer this many edges (schema/paging.ts). */
const DEFAULT_PAGE_SIZE = 25;

/**
 * A field costs one, plus its children times how many of them it can return: `first` of a connection, the
 * ids of `nodes`, an assumed size for other lists. The edges of a connection are counted by its `first`.
 */
const estimateCost: ComplexityEstimator = ({ args, childComplexity, field }) => {
  if (typeof args.first === 'number') return 1 + args.first * childComplexity;
  if (Array.isArray(args.ids)) return 1 + args.ids.length * childComplexity;
  if (field.name === 'edges') return 1 + childComplexity;
  if (field.type.toString().endsWith('Connection!')) return 1 + DEFAULT_PAGE_SIZE * childComplexity;
  return 1 + (isListType(getNullableType(field.type)) ? ASSUMED_LIST_SIZE : 1) * childComplexity;
};

function costOf(schema: GraphQLSchema, document: DocumentNode, variables: unknown): number | undefined {
  try {
    return getComplexity({
      schema,
      query: document,
      variables: (variables ?? {}) as Record<string, unknown>,
      estimators: [estimateCost],
    });
  } catch {
    // Variables that do not fit the document: execution reports that, as the client's input error.
    return undefined;
  }
}

/** The GraphQL error armor's validation rules report, with the gateway's code and HTTP status. */
function reportLimit(limit: string, max: number) {
  return (context: ValidationContext | null, error: GraphQLError) => {
    context?.reportError(
      toRequestError(new LimitExceededError(limit, max, error.message.replace(/^Syntax Error: /, ''))),
    );
  };
}

/** Spends an operation's cost for its caller; a refusal is answered instead of running the operation. */
export type CostCharge = (context: GatewayContext, cost: number) => Promise<ExecutionResult | undefined>;

/**
 * Bounds on what one operation may ask for, since every nested list can fan out into store reads and Mux
 * calls: tokens (checked while parsing, so text nested thousands deep never reaches the parser's recursion),
 * depth, aliases, and a cost estimate that counts `first` and list arguments. A request over a bound is
 * refused as a whole with HTTP 400 and the code LIMIT_EXCEEDED, naming the bound. The cost of an operation
 * within the bound is then `charge`d to its caller (the rate limit per API key), when there is one.
 */
export function requestLimits(limits: RequestLimits, charge?: CostCharge): Plugin[] {
  const tokens: Plugin = {
    onParse: ({ parseFn, setParseFn }) => {
      setParseFn((source, options) => {
        try {
          return parseFn(source, { ...options, maxTokens: limits.maxTokens });
        } catch (error) {
          if (error instanceof GraphQLError && /tokens\. Parsing aborted/.test(error.message)) {
            throw toRequestError(
              new LimitExceededError(
                'tokens',
                limits.maxTokens,
                `The document has more than ${limits.maxTokens} tokens.`,
              ),
            );
          }
          throw error;
        }
      });
    },
  };
  const checkCost = (args: ExecutionArgs, stopWith: (result: ExecutionResult) => void): Promise<void> | undefined => {
    const found = costOf(args.schema, args.document, args.variableValues);
    if (found !== undefined && found > limits.maxCost) {
      const message = `The operation may cost ${found}; at most ${limits.maxCost} is served. Ask for fewer items.`;
      stopWith({ errors: [toRequestError(new LimitExceededError('cost', limits.maxCost, message))] });
      return undefined;
    }
    // Variables that do not fit the document leave the cost unknown; such an operation fails before it runs.
    return charge?.(args.contextValue as GatewayContext, found ?? 1).then((refused) => {
      if (refused) stopWith(refused);
    });
  };
  const cost: Plugin = {
    onExecute: ({ args, setResultAndStopExecution }) => checkCost(args, setResultAndStopExecution),
    onSubscribe: ({ args, setResultAndStopExecution }) => checkCost(args, setResultAndStopExecution),
  };
  return [
    tokens,
    maxDepthPlugin({
      n: limits.maxDepth,
      propagateOnRejection: false,
      onReject: [reportLimit('depth', limits.maxDepth)],
    }),
    maxAliasesPlugin({
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: [reportLimit('aliases', limits.maxAliases)],
    }),
    cost,
  ];
}

const PARSE_FAILED = /^Syntax Error/;

/**
 * Every error a client gets carries a code: syntax errors GRAPHQL_PARSE_FAILED, and whatever else GraphQL
 * itself refused (validation, variables) BAD_USER_INPUT.
 */
export function codedErrors(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.map((error) =>
    typeof error.extensions?.code === 'string'
      ? error
      : new GraphQLError(error.message, {
          nodes: error.nodes,
          path: error.path,
          extensions: {
            ...error.extensions,
            code: PARSE_FAILED.test(error.message) ? 'GRAPHQL_PARSE_FAILED' : 'BAD_USER_INPUT',
          },
        }),
  );
}

/**
 * yoga marks every validation error as the spec's, and answers those 200 to `application/json` clients; a
 * refusal for a limit is answered with its own status (400) whatever the client accepts, so that proxies and
 * clients can tell it from an answer.
 */
function withLimitStatus(error: GraphQLError): GraphQLError {
  const http = error.extensions?.http as { spec?: boolean; status?: number } | undefined;
  if (error.extensions?.code !== 'LIMIT_EXCEEDED' || !http?.spec) return error;
  const { spec: _spec, ...status } = http;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    path: error.path,
    extensions: { ...error.extensions, http: status },
  });
}

/** The same for answers over HTTP: yoga hands every result to this hook before it is sent. */
export function everyErrorCoded(): Plugin {
  const coded = (result: ExecutionResult): ExecutionResult =>
    result.errors ? { ...result, errors: codedErrors(result.errors).map(withLimitStatus) } : result;
  return {
    onResultProcess: ({ result, setResult }) => {
      if (isAsyncIterable(result)) return;
      setResult(Array.isArray(result) ? result.map(coded) : coded(result as ExecutionResult));
    },
  };
}
