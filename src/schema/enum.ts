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

/**
 * A closed set that Mux owns. A value Mux adds later comes through as UNKNOWN rather than failing the field
 * (and with it the list or page around it); the value itself stays readable in a string field beside it.
 */
export function muxEnumOf<const T extends string>(name: string, description: string, values: readonly T[]) {
  const ref = enumOf(name, `${description} UNKNOWN: a value Mux sent that this gateway does not know yet.`, [
    ...values,
    'unknown',
  ] as const);
  const known = (value: string): T | 'unknown' =>
    (values as readonly string[]).includes(value) ? (value as T) : 'unknown';
  return { ref, known };
}
