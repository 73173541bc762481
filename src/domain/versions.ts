/** JSON with object keys in sorted order (undefined members left out, as JSON.stringify does): equal values, equal text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Bookkeeping no client sees: when Mux last confirmed or the gateway wrote a row, whether an asset settled, a track's place. */
const UNSEEN = new Set(['fetchedAt', 'writtenAt', 'settled', 'position']);

/** What a row tells a client: two rows with the same version say the same thing, however they were built. */
export function stateVersion(row: object): string {
  return stableJson(Object.fromEntries(Object.entries(row).filter(([key]) => !UNSEEN.has(key))));
}
