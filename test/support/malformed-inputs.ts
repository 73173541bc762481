import fc from 'fast-check';
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import type { Role } from '../../src/auth/api-keys.js';

/**
 * A generated argument value as both transports carry it: in query text an enum is a bare name and a number
 * keeps its exact digits; in JSON variables an enum is a string, and digits no JS number holds stay digits.
 */
export type Value =
  | { kind: 'null' }
  | { kind: 'number'; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'enum'; name: string }
  | { kind: 'list'; items: Value[] }
  | { kind: 'object'; fields: [string, Value][] };

const NULL: Value = { kind: 'null' };
const num = (text: string): Value => ({ kind: 'number', text });
const str = (value: string): Value => ({ kind: 'string', value });

export function toJson(value: Value): string {
  switch (value.kind) {
    case 'null':
      return 'null';
    case 'number':
      return value.text;
    case 'string':
      return JSON.stringify(value.value);
    case 'boolean':
      return String(value.value);
    case 'enum':
      return JSON.stringify(value.name);
    case 'list':
      return `[${value.items.map(toJson).join(',')}]`;
    case 'object':
      return `{${value.fields.map(([name, field]) => `${JSON.stringify(name)}:${toJson(field)}`).join(',')}}`;
  }
}

/**
 * A GraphQL string literal. Quotes, backslashes and control characters are escaped; everything else goes in
 * raw, lone surrogates included, since the lexer must refuse those rather than fall over on them.
 */
function stringLiteral(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

export function toLiteral(value: Value): string {
  switch (value.kind) {
    case 'null':
      return 'null';
    case 'number':
      return value.text;
    case 'string':
      return stringLiteral(value.value);
    case 'boolean':
      return String(value.value);
    case 'enum':
      return value.name;
    case 'list':
      return `[${value.items.map(toLiteral).join(', ')}]`;
    case 'object':
      return `{${value.fields.map(([name, field]) => `${name}: ${toLiteral(field)}`).join(', ')}}`;
  }
}

/** Ids of things that exist, of every node type, as global IDs and as Mux ids: wrong-type and foreign ids. */
export interface KnownIds {
  globalIds: string[];
  plainIds: string[];
}

const base64 = (text: string) => Buffer.from(text).toString('base64');

/** GraphQL names (usable as enum values, field and argument names in query text) that are not keywords. */
const graphqlName = fc
  .stringMatching(/^[_A-Za-z][_0-9A-Za-z]{0,15}$/)
  .filter((name) => !['true', 'false', 'null'].includes(name));

/** Strings of any UTF-16 code units, lone surrogates and control characters included. */
const codeUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  maxLength: 24,
});

const longString = fc
  .tuple(fc.constantFrom('x', 'é', '\u{1F600}', '\uD800', ' '), fc.constantFrom(256, 1_001, 10_000, 100_000))
  .map(([unit, length]) => unit.repeat(length));

/**
 * Text with an unpaired surrogate: valid in JSON and JavaScript, but not Unicode, so anything that encodes it
 * (a URL, UTF-8) must refuse it. Query text cannot carry one, so only variables get them through the parser.
 */
const loneSurrogates = fc
  .tuple(
    fc.string({ maxLength: 6 }),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
    fc.string({ maxLength: 6 }),
  )
  .map((parts) => parts.join(''));

const oddText = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uFEFF',
    '\u202Eevil',
    'e\u0301\u0301\u0301',
    '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}',
    '\uFFFF',
    '\r\n\t',
    '%E0%A4%A',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "'; DROP TABLE assets; --",
    'NaN',
    '{}',
    '*',
    '"unterminated',
    'capt* OR (NOT',
    'AND OR NOT',
  ),
  codeUnits,
  fc.string({ unit: 'binary', maxLength: 24 }),
  longString,
);

const hugeIntegers = fc.constantFrom(
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '123456789012345678901234567890',
  '1e400',
  '-1e400',
  '1.5',
  '-0',
  '-1',
  '0',
  '101',
  '1000000',
  '1e3',
);
const oddFloats = fc.constantFrom(
  '1e400',
  '-1e400',
  '1.7976931348623157e308',
  '-1.7976931348623157e308',
  '5e-324',
  '-0.0',
  '-1',
  '86400000',
  '9'.repeat(400),
);

function deepObject(depth: number): Value {
  let value: Value = str('bottom');
  for (let level = 0; level < depth; level += 1) value = { kind: 'object', fields: [['a', value]] };
  return value;
}

/** Field and argument names no input declares, including ones that mean something to JavaScript objects. */
const unknownName = fc.oneof(
  graphqlName,
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__typename'),
);

/** Values that fit no argument of the type they are sent for (or only by luck). */
const wrongKind: fc.Arbitrary<Value> = fc.oneof(
  fc.constant(NULL),
  hugeIntegers.map(num),
  oddFloats.map(num),
  fc.boolean().map((value): Value => ({ kind: 'boolean', value })),
  oddText.map(str),
  graphqlName.map((name): Value => ({ kind: 'enum', name })),
  fc.constantFrom(10, 100, 1_000).map(deepObject),
  fc
    .array(fc.tuple(unknownName, fc.oneof(oddText.map(str), hugeIntegers.map(num))), { maxLength: 3 })
    .map((fields): Value => ({ kind: 'object', fields })),
  fc.array(hugeIntegers.map(num), { maxLength: 3 }).map((items): Value => ({ kind: 'list', items })),
  fc.constant<Value>({ kind: 'list', items: [{ kind: 'list', items: [str('nested')] }] }),
);

function malformedIds(known: KnownIds, surrogateWeight: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      '',
      '=',
      '====',
      'not base64!',
      '%%%',
      'A'.repeat(1_001),
      base64('Asset:'),
      base64(':x'),
      base64('Asset'),
      base64('Nope:1'),
      base64('Asset:\u0000'),
      base64(`Asset:${'x'.repeat(5_000)}`),
      `${base64('Asset:x')}====`,
    ),
    fc
      .tuple(fc.constantFrom('Asset', 'Track', 'Upload', 'CaptionJob', 'Transcript', 'Foo', 'asset', ''), oddText)
      .map(([type, id]) => base64(`${type}:${id}`)),
    fc.base64String({ maxLength: 40 }),
    fc.constantFrom(...known.globalIds, ...known.plainIds),
    oddText,
    { weight: surrogateWeight, arbitrary: loneSurrogates },
  );
}

/** Strings that pass the schema's type check and get as far as the gateway's own checks. */
const PLAUSIBLE_STRINGS = [
  'en',
  'auto',
  'es',
  'fr',
  'English CC',
  'https://example.com/fuzz.mp4?duration=20',
  'https://app.example.com',
  'caption',
  'hello world',
  'fuzz-key',
];

/** An argument or an input field: what a value is generated for. */
type Slot = Pick<GraphQLArgument, 'name' | 'type'>;

function objectOf(fields: readonly Slot[], values: readonly (Value | undefined)[]): Value {
  return {
    kind: 'object',
    fields: fields.flatMap((field, index) => {
      const value = values[index];
      return value === undefined ? [] : [[field.name, value] as [string, Value]];
    }),
  };
}

/** Builds the arbitraries for one schema's input types, over the ids that exist in the stack under test. */
class InputArbitraries {
  readonly #plausible = new Map<string, fc.Arbitrary<Value>>();
  readonly #malformed = new Map<string, fc.Arbitrary<Value>>();
  readonly #ids: fc.Arbitrary<string>;
  readonly #text: fc.Arbitrary<string>;

  /**
   * Query text cannot carry a lone surrogate (the lexer refuses the document), so through literals they are
   * rare, and the other malformations get through the parser to the checks behind it.
   */
  constructor(
    readonly known: KnownIds,
    transport: Transport,
  ) {
    const surrogateWeight = transport === 'variables' ? 2 : 0;
    this.#ids = malformedIds(known, surrogateWeight);
    this.#text = fc.oneof({ weight: 3, arbitrary: oddText }, { weight: surrogateWeight, arbitrary: loneSurrogates });
  }

  /** A value of the right type, mostly with the right shape. */
  plausible(type: GraphQLInputType, depth = 0): fc.Arbitrary<Value> {
    const key = `${String(type)}@${depth}`;
    const cached = this.#plausible.get(key);
    if (cached) return cached;
    const built = this.#buildPlausible(type, depth);
    this.#plausible.set(key, built);
    return built;
  }

  /** A value that the type, or the gateway's checks behind it, should refuse. */
  malformed(type: GraphQLInputType, depth = 0): fc.Arbitrary<Value> {
    const key = `${String(type)}@${depth}`;
    const cached = this.#malformed.get(key);
    if (cached) return cached;
    const built = depth > 3 ? wrongKind : this.#buildMalformed(type, depth);
    this.#malformed.set(key, built);
    return built;
  }

  /**
   * Values for a list of arguments or input fields (undefined: left out). Mostly one is wrong and the rest are
   * right, so the check behind each one is reached; sometimes a required one is left out; sometimes anything goes.
   */
  entries(fields: readonly Slot[], depth: number): fc.Arbitrary<(Value | undefined)[]> {
    if (fields.length === 0) return fc.constant([]);
    const right = fields.map((field) => this.#rightOrLeftOut(field, depth));
    const oneWrong = fc
      .nat(fields.length - 1)
      .chain((wrong) =>
        fc.tuple(
          ...fields.map((field, index) => (index === wrong ? this.malformed(field.type, depth) : right[index]!)),
        ),
      );
    const anything = fc.tuple(
      ...fields.map((field) =>
        fc.oneof(
          { weight: 1, arbitrary: fc.constant(undefined) },
          { weight: 2, arbitrary: this.malformed(field.type, depth) },
          { weight: 3, arbitrary: this.plausible(field.type, depth) },
        ),
      ),
    );
    const required = fields.flatMap((field, index) => (isNonNullType(field.type) ? [index] : []));
    const modes = [
      { weight: 4, arbitrary: oneWrong },
      { weight: 2, arbitrary: anything },
    ];
    if (required.length === 0) return fc.oneof(...modes);
    const oneMissing = fc
      .constantFrom(...required)
      .chain((missing) => fc.tuple(...right.map((each, index) => (index === missing ? fc.constant(undefined) : each))));
    return fc.oneof(...modes, { weight: 1, arbitrary: oneMissing });
  }

  /** A right value, or none where none is allowed. */
  #rightOrLeftOut(field: Slot, depth: number): fc.Arbitrary<Value | undefined> {
    const value = this.plausible(field.type, depth);
    return isNonNullType(field.type) ? value : fc.option(value, { nil: undefined, freq: 1 });
  }

  #buildPlausible(type: GraphQLInputType, depth: number): fc.Arbitrary<Value> {
    if (isNonNullType(type)) return this.plausible(type.ofType, depth);
    if (isListType(type)) {
      return fc
        .array(this.plausible(type.ofType, depth + 1), { maxLength: 3 })
        .map((items): Value => ({ kind: 'list', items }));
    }
    if (isEnumType(type))
      return fc.constantFrom(...type.getValues().map((value): Value => ({ kind: 'enum', name: value.name })));
    if (isInputObjectType(type)) {
      return fc
        .tuple(...Object.values(type.getFields()).map((field) => this.#rightOrLeftOut(field, depth + 1)))
        .map((values): Value => objectOf(Object.values(type.getFields()), values));
    }
    switch (type.name) {
      case 'ID':
        return fc.constantFrom(...this.known.globalIds, ...this.known.plainIds).map(str);
      case 'Int':
        return fc.integer({ min: -5, max: 150 }).map((value) => num(String(value)));
      case 'Float':
        return fc.double({ min: -10, max: 1_000, noNaN: true }).map((value) => num(String(value)));
      case 'Boolean':
        return fc.boolean().map((value): Value => ({ kind: 'boolean', value }));
      default:
        return fc.oneof(fc.constantFrom(...PLAUSIBLE_STRINGS), fc.string({ maxLength: 12 })).map(str);
    }
  }

  #buildMalformed(type: GraphQLInputType, depth: number): fc.Arbitrary<Value> {
    if (isNonNullType(type)) {
      return fc.oneof(
        { weight: 1, arbitrary: fc.constant(NULL) },
        { weight: 4, arbitrary: this.malformed(type.ofType, depth) },
      );
    }
    if (isListType(type)) {
      const item = this.plausible(type.ofType, depth + 1);
      return fc.oneof(
        fc
          .tuple(item, fc.constantFrom(101, 1_000, 10_000))
          .map(([one, length]): Value => ({ kind: 'list', items: Array.from({ length }, () => one) })),
        fc
          .array(fc.oneof(item, fc.constant(NULL)), { minLength: 1, maxLength: 3 })
          .map((items): Value => ({ kind: 'list', items: [...items, NULL] })),
        fc
          .array(this.malformed(type.ofType, depth + 1), { minLength: 1, maxLength: 3 })
          .map((items): Value => ({ kind: 'list', items })),
        item.map((one): Value => ({ kind: 'list', items: [{ kind: 'list', items: [one] }] })),
        wrongKind,
      );
    }
    if (isEnumType(type)) {
      const names = type.getValues().map((value) => value.name);
      return fc.oneof(
        graphqlName.map((name): Value => ({ kind: 'enum', name })),
        fc.constantFrom(...names).map((name): Value => ({ kind: 'enum', name: name.toLowerCase() })),
        fc.constantFrom(...names).map(str),
        wrongKind,
      );
    }
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields());
      const extra = fc.array(fc.tuple(unknownName, wrongKind), { minLength: 1, maxLength: 2 });
      return fc.oneof(
        { weight: 4, arbitrary: this.entries(fields, depth + 1).map((values) => objectOf(fields, values)) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(this.plausible(type, depth), extra)
            .map(
              ([right, unknown]): Value =>
                right.kind === 'object' ? { ...right, fields: [...right.fields, ...unknown] } : right,
            ),
        },
        { weight: 1, arbitrary: wrongKind },
      );
    }
    switch (type.name) {
      case 'ID':
        return fc.oneof({ weight: 4, arbitrary: this.#ids.map(str) }, { weight: 1, arbitrary: wrongKind });
      case 'Int':
        return fc.oneof({ weight: 3, arbitrary: hugeIntegers.map(num) }, { weight: 1, arbitrary: wrongKind });
      case 'Float':
        return fc.oneof({ weight: 3, arbitrary: oddFloats.map(num) }, { weight: 1, arbitrary: wrongKind });
      case 'Boolean':
        return wrongKind;
      default:
        return fc.oneof({ weight: 3, arbitrary: this.#text.map(str) }, { weight: 1, arbitrary: wrongKind });
    }
  }
}

/**
 * The selection a generated operation asks for: every field that needs no argument, `levels` deep, so an
 * input that gets through is also resolved.
 */
export function selectionFor(type: GraphQLOutputType, levels = 3): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!(isObjectType(named) || isInterfaceType(named)) || levels === 0) return '{ __typename }';
  const parts = Object.values(named.getFields())
    .filter((field) => field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined))
    .flatMap((field) => {
      if (isLeafType(getNamedType(field.type))) return [field.name];
      return levels > 1 ? [`${field.name} ${selectionFor(field.type, levels - 1)}`] : [];
    });
  return `{ __typename ${parts.join(' ')} }`;
}

export type Transport = 'variables' | 'literals';

/** One generated request. */
export interface FuzzCase {
  role: Role;
  query: string;
  /** The `variables` member of the body, as JSON text. */
  variables: string;
  [fc.toStringMethod](): string;
}

/**
 * How one argument is sent: inlined in the query text (left out when it has no value), or as a variable,
 * declared with its type or another one, and declared but not sent when it has no value.
 */
type HowSent = { as: 'literal' } | { as: 'variable'; declared: string };

/** Declarations that do not match the argument, so validation must refuse the variable's use. */
const WRONG_DECLARATIONS = ['String', 'Int!', '[String]', 'Boolean', 'ID', 'Float!', 'AssetFilter', 'NoSuchType'];

function abbreviate(text: string, max = 1_500): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters in all)` : text;
}

/** The case as a failure report shows it: long values cut short (fast-check's seed and path replay it whole). */
export function describeCase({ role, query, variables }: Pick<FuzzCase, 'role' | 'query' | 'variables'>): string {
  return `as ${role}: ${abbreviate(query)}\nvariables: ${abbreviate(variables)}`;
}

/**
 * Requests to one root field with malformed arguments. Through `literals` every argument is in the query text;
 * through `variables` most are variables, with the odd literal among them. Now and then an unknown argument or
 * an undeclared variable comes along.
 */
export function fuzzCases(
  known: KnownIds,
  operation: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
  transport: Transport,
  roles: readonly Role[],
): fc.Arbitrary<FuzzCase> {
  const inputs = new InputArbitraries(known, transport);
  const selection = selectionFor(field.type);
  const how = (arg: GraphQLArgument): fc.Arbitrary<HowSent> =>
    transport === 'literals'
      ? fc.constant({ as: 'literal' })
      : fc.oneof(
          { weight: 12, arbitrary: fc.constant<HowSent>({ as: 'variable', declared: String(arg.type) }) },
          {
            weight: 1,
            arbitrary: fc
              .constantFrom(...WRONG_DECLARATIONS)
              .map((declared): HowSent => ({ as: 'variable', declared })),
          },
          { weight: 1, arbitrary: fc.constant<HowSent>({ as: 'literal' }) },
        );
  // A field without arguments has only unknown ones to be wrong about; elsewhere they would hide the rest.
  const unknownArguments = fc.oneof(
    { weight: field.args.length === 0 ? 1 : 12, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.array(fc.tuple(graphqlName, wrongKind), { minLength: 1, maxLength: 2 }) },
  );
  const unusedVariables = fc.oneof(
    { weight: 6, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.array(fc.tuple(unknownName, wrongKind), { minLength: 1, maxLength: 2 }) },
  );
  return fc
    .tuple(
      inputs.entries(field.args, 0),
      fc.tuple(...field.args.map(how)),
      unknownArguments,
      unusedVariables,
      fc.constantFrom(...roles),
    )
    .map(([values, sending, unknown, unused, role]): FuzzCase => {
      const declarations: string[] = [];
      const args: string[] = [];
      const variables: string[] = [];
      field.args.forEach((arg, index) => {
        const value = values[index];
        const each = sending[index] as HowSent;
        if (each.as === 'literal') {
          if (value) args.push(`${arg.name}: ${toLiteral(value)}`);
          return;
        }
        declarations.push(`$${arg.name}: ${each.declared}`);
        args.push(`${arg.name}: $${arg.name}`);
        if (value) variables.push(`${JSON.stringify(arg.name)}:${toJson(value)}`);
      });
      for (const [name, value] of unknown) args.push(`${name}: ${toLiteral(value)}`);
      for (const [name, value] of unused) variables.push(`${JSON.stringify(name)}:${toJson(value)}`);
      const query =
        `${operation} Fuzz${declarations.length > 0 ? `(${declarations.join(', ')})` : ''} ` +
        `{ ${field.name}${args.length > 0 ? `(${args.join(', ')})` : ''} ${selection} }`;
      const fuzzCase = { role, query, variables: `{${variables.join(',')}}` };
      return { ...fuzzCase, [fc.toStringMethod]: () => describeCase(fuzzCase) };
    });
}
