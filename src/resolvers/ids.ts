import { InvalidInputError } from '../errors.js';

/** The types a global ID can name. */
export const NODE_TYPES = ['Asset', 'Track', 'Upload', 'CaptionJob', 'Transcript'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

const GLOBAL_ID = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * A global ID this API handed out (base64 of `Type:id`), or undefined for anything else. Never throws,
 * whatever the string holds (lone surrogates, binary, megabytes).
 */
export function decodeNodeId(value: string): { typename: NodeType; id: string } | undefined {
  if (value.length > 1_000 || !GLOBAL_ID.test(value)) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const typename = decoded.slice(0, colon) as NodeType;
  const id = decoded.slice(colon + 1);
  return colon > 0 && id && NODE_TYPES.includes(typename) ? { typename, id } : undefined;
}

export type IdReading = { ok: true; id: string } | { ok: false; message: string };

/**
 * Arguments that name a node take its global ID or the plain id (Mux's id, or the job id), so clients can
 * start from whichever they have. A global ID of another type is refused rather than looked up as if it
 * were a plain id.
 */
export function readId(typename: NodeType, value: string): IdReading {
  const decoded = decodeNodeId(value);
  if (!decoded) return { ok: true, id: value };
  if (decoded.typename !== typename) return { ok: false, message: `names a ${decoded.typename}, not a ${typename}` };
  return { ok: true, id: decoded.id };
}

/** The plain id an argument names; a global ID of another type is the client's input error at `field`. */
export function plainId(typename: NodeType, value: string, field: string): string {
  const reading = readId(typename, value);
  if (!reading.ok) throw InvalidInputError.of([field], reading.message);
  return reading.id;
}
