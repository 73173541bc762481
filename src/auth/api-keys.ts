import { createHash, timingSafeEqual } from 'node:crypto';

export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKey {
  name: string;
  role: Role;
  key: string;
}

export interface Caller {
  name: string;
  role: Role;
}

/** Each role can do everything the roles before it can. */
export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export const MIN_KEY_LENGTH = 16;

/**
 * `API_KEYS=name:role:key,...` -> keys. A malformed entry is described by its place only: an operator who
 * put a key in the name or role slot must not see it echoed to a log.
 */
export function parseApiKeys(value: string): ApiKey[] | string {
  const keys: ApiKey[] = [];
  for (const [index, entry] of value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .entries()) {
    const [name, role, key, ...rest] = entry.split(':');
    const position = `entry ${index + 1}`;
    if (!name || !role || !key || rest.length > 0) return `${position} must look like name:role:key`;
    if (!(ROLES as readonly string[]).includes(role))
      return `${position} must have one of the roles ${ROLES.join(', ')}`;
    if (key.length < MIN_KEY_LENGTH) return `${position} has a key shorter than ${MIN_KEY_LENGTH} characters`;
    if (keys.some((existing) => existing.key === key)) return `${position} repeats another entry's key`;
    keys.push({ name, role: role as Role, key });
  }
  return keys;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Looks a presented key up in constant time per configured key, so timing reveals nothing of the keys. */
export class ApiKeyRing {
  readonly #keys: { digest: Buffer; caller: Caller }[];

  constructor(keys: readonly ApiKey[]) {
    this.#keys = keys.map((key) => ({ digest: digest(key.key), caller: { name: key.name, role: key.role } }));
  }

  identify(presented: string): Caller | undefined {
    const presentedDigest = digest(presented);
    let found: Caller | undefined;
    for (const entry of this.#keys) if (timingSafeEqual(entry.digest, presentedDigest)) found = entry.caller;
    return found;
  }
}

/** Reads `Authorization: Bearer <key>`; anything else counts as no key. */
export function bearerToken(header: string | null | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
