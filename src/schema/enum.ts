import { builder } from './builder.js';

/** A GraphQL enum whose names are the upper-case forms of the values the code and Mux use. */
export function enumOf<const T extends string>(name: string, description: string, values: readonly T[]) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(values.map((value) => [value.toUpperCase(), { value }])) as Record<
      Uppercase<T>,
      { value: T }
    >,
  });
}
