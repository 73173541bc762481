import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ZodPlugin from '@pothos/plugin-zod';
import { GraphQLError } from 'graphql';
import { roleAllows } from '../auth/api-keys.js';
import type { GatewayContext } from '../services.js';
import { invalidInputOf } from './validation.js';

interface GatewayTypes {
  Context: GatewayContext;
  AuthScopes: { viewer: boolean; editor: boolean; admin: boolean };
  Scalars: { DateTime: { Input: Date; Output: Date | number } };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: true };
}

export type GatewaySchemaTypes = PothosSchemaTypes.ExtendDefaultTypes<GatewayTypes>;

export const builder = new SchemaBuilder<GatewayTypes>({
  plugins: [ScopeAuthPlugin, RelayPlugin, DataloaderPlugin, ZodPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => ({
      viewer: roleAllows(context.caller.role, 'viewer'),
      editor: roleAllows(context.caller.role, 'editor'),
      admin: roleAllows(context.caller.role, 'admin'),
    }),
    unauthorizedError: (_parent, context, info) =>
      new GraphQLError(`Your API key (${context.caller.role}) may not use ${info.parentType.name}.${info.fieldName}.`, {
        extensions: { code: 'FORBIDDEN', role: context.caller.role },
      }),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // node and nodes are the gateway's own (schema/node.ts): they bound the ids and type every bad one.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    // One node that cannot be shown is that edge's error, not the whole page's.
    edgesFieldOptions: { nullable: { list: false, items: true } },
  },
  zod: { validationError: (zodError) => invalidInputOf(zodError, []) },
});

builder.scalarType('DateTime', {
  description: 'A point in time, as an ISO-8601 string in UTC.',
  serialize: (value) => new Date(value).toISOString(),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 date-time string.');
    return date;
  },
});

builder.queryType({ authScopes: { viewer: true } });
builder.mutationType({ authScopes: { editor: true } });
