import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './asset.js';
import './caption-job.js';
import './health.js';
import './language.js';
import './mutations/index.js';
import './node.js';
import './operations.js';
import './track.js';
import './transcript.js';
import './upload.js';
import './subscription.js';

export const schema: GraphQLSchema = builder.toSchema();

/** The SDL committed as schema.graphql; sorted so the file changes only when the schema does. */
export function printGatewaySchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
