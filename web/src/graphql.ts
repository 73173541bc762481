import { initGraphQLTada } from 'gql.tada';
import type { introspection } from '../graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string };
}>();

export type { ResultOf, VariablesOf } from 'gql.tada';

/** What every view shows of a caption job; unmasked, so lists and subscriptions share one shape. */
export const JobFields = graphql(`
  fragment JobFields on CaptionJob @_unmask {
    id
    kind
    status
    languageCode
    progress
    requestedAt
    startedAt
    estimatedFinishAt
    finishedAt
    transcriptReady
    errors { type message }
    track { id name languageCode status }
  }
`);

/** The user errors every mutation payload carries, with the details a form can point at. */
export const UserErrorFields = graphql(`
  fragment UserErrorFields on UserError @_unmask {
    __typename
    message
    field
    ... on ValidationError { allowed }
    ... on ConflictError { track { id name languageCode } }
    ... on PreconditionError { reason }
    ... on RateLimitedError { retryAfterSeconds }
  }
`);
