import type { EnumRef, InputFieldRef, InputObjectRef } from '@pothos/core';
import { z } from 'zod';
import { nodeIds } from '../resolvers/mutations/inputs.js';
import { builder, type GatewaySchemaTypes as Types } from './builder.js';

/*
 * GraphQL input types made from the zod schemas that declare each mutation's input: the field types, which
 * are required, their defaults and descriptions come from the schema, so they are written once. Objects and
 * enums are named by their zod `meta({ id })`; fields registered in `nodeIds` are IDs.
 */

type AnyInputRef = EnumRef<Types, unknown> | InputObjectRef<Types, unknown>;
type Schema = z.core.$ZodType;

interface Shape {
  type:
    | AnyInputRef
    | [AnyInputRef]
    | 'String'
    | 'Int'
    | 'Float'
    | 'Boolean'
    | 'ID'
    | ['String']
    | ['Int']
    | ['Float']
    | ['Boolean']
    | ['ID'];
  required: boolean;
  defaultValue?: unknown;
  description?: string;
}

const named = new Map<string, AnyInputRef>();

function def(schema: Schema) {
  return schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
}

function describe(schema: Schema): string | undefined {
  return z.globalRegistry.get(schema)?.description;
}

function idOf(schema: Schema): string | undefined {
  const id = z.globalRegistry.get(schema)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** Enums reuse a type the schema already has under that name (an output enum whose values include these). */
export function shareEnum(name: string, ref: EnumRef<Types, unknown>): void {
  named.set(name, ref);
}

function enumRef(schema: z.core.$ZodEnum, name: string): AnyInputRef {
  const known = named.get(name);
  if (known) return known;
  const values = Object.values(schema._zod.def.entries).map(String);
  const ref = builder.enumType(name, {
    ...(describe(schema) ? { description: describe(schema) } : {}),
    values: Object.fromEntries(values.map((value) => [value.toUpperCase(), { value }])),
  }) as AnyInputRef;
  named.set(name, ref);
  return ref;
}

function scalarOf(schema: Schema): Shape['type'] {
  const type = def(schema).type;
  if (nodeIds.has(schema as z.ZodType)) return 'ID';
  if (type === 'string') return 'String';
  if (type === 'boolean') return 'Boolean';
  if (type === 'number') return def(schema).format === 'safeint' ? 'Int' : 'Float';
  if (type === 'enum') {
    const name = idOf(schema);
    if (!name) throw new Error('an enum in a mutation input needs meta({ id })');
    return enumRef(schema as z.core.$ZodEnum, name);
  }
  if (type === 'object') {
    const name = idOf(schema);
    if (!name) throw new Error('a nested object in a mutation input needs meta({ id })');
    return inputObjectOf(schema as z.core.$ZodObject, name);
  }
  if (type === 'pipe') return scalarOf(def(schema).in as Schema);
  throw new Error(`no GraphQL input type for zod ${type}`);
}

/** Reads a field's schema: the wrappers say whether it is required and what its default is. */
function shapeOf(schema: Schema): Shape {
  const description = describe(schema);
  const type = def(schema).type;
  const inner = def(schema).innerType as Schema | undefined;
  if ((type === 'optional' || type === 'nullable') && inner) {
    return { ...shapeOf(inner), required: false, ...(description ? { description } : {}) };
  }
  if (type === 'default' && inner) {
    return {
      ...shapeOf(inner),
      required: false,
      defaultValue: def(schema).defaultValue,
      ...(description ? { description } : {}),
    };
  }
  if (nodeIds.has(schema as z.ZodType)) return { type: 'ID', required: true, ...(description ? { description } : {}) };
  if (type === 'pipe') {
    const piped = shapeOf(def(schema).in as Schema);
    return description ? { ...piped, description } : piped;
  }
  if (type === 'array') {
    const element = scalarOf(def(schema).element as Schema);
    return { type: [element] as Shape['type'], required: true, ...(description ? { description } : {}) };
  }
  // A named type's own description describes the type, not the field.
  const ownDescription = idOf(schema) ? undefined : description;
  return { type: scalarOf(schema), required: true, ...(ownDescription ? { description: ownDescription } : {}) };
}

/** A GraphQL input object with one field per key of the zod object. */
export function inputObjectOf(
  schema: z.core.$ZodObject,
  name: string,
  description?: string,
): InputObjectRef<Types, unknown> {
  const known = named.get(name);
  if (known) return known as InputObjectRef<Types, unknown>;
  const ref = builder.inputRef<Record<string, unknown>>(name);
  named.set(name, ref as unknown as AnyInputRef);
  ref.implement({
    ...((description ?? describe(schema)) ? { description: description ?? describe(schema) } : {}),
    // The fields are known only at run time, so their static types cannot be spelled out.
    fields: (t) =>
      Object.fromEntries(
        Object.entries(schema._zod.def.shape).map(([key, field]): [string, InputFieldRef<Types, unknown>] => {
          const shape = shapeOf(field);
          return [
            key,
            t.field({
              type: shape.type as never,
              required: shape.required,
              ...(shape.description ? { description: shape.description } : {}),
              ...(shape.defaultValue !== undefined ? { defaultValue: shape.defaultValue as never } : {}),
            }),
          ];
        }),
      ) as never,
  });
  return ref as unknown as InputObjectRef<Types, unknown>;
}

/** A mutation's input: object schemas and refined ones (whose shape is the object they refine). */
export function inputTypeOf(schema: z.ZodType, name: string): InputObjectRef<Types, unknown> {
  return inputObjectOf(schema as unknown as z.core.$ZodObject, name);
}
